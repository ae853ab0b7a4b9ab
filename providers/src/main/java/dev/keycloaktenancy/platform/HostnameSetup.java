package dev.keycloaktenancy.platform;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.net.URI;
import java.util.List;

/**
 * What the operator must do outside Keycloak once a tenant has its own hostname: the DNS record that points it at the
 * platform, and what the reverse proxy must forward for that hostname (the tenant's realm and the static resources
 * its pages load) and refuse (everything else, the admin console and other realms included).
 */
public record HostnameSetup(@JsonProperty("frontendUrl") String frontendUrl,
                            @JsonProperty("issuer") String issuer,
                            @JsonProperty("dnsRecord") DnsRecord dnsRecord,
                            @JsonProperty("proxy") ProxyRoutes proxy,
                            @JsonProperty("identityProviderRedirectUri") String identityProviderRedirectUri) {

    /** A CNAME to the platform's host name, or an A/AAAA record when the platform is addressed by IP. */
    public record DnsRecord(@JsonProperty("type") String type,
                            @JsonProperty("name") String name,
                            @JsonProperty("value") String value) {
    }

    /** Requests for {@code serverName} on these path prefixes go to {@code upstream}; every other path is refused. */
    public record ProxyRoutes(@JsonProperty("serverName") String serverName,
                              @JsonProperty("upstream") String upstream,
                              @JsonProperty("forward") List<String> forward,
                              @JsonProperty("refuse") String refuse) {
    }

    static HostnameSetup of(String realm, TenantHostname hostname, URI platform) {
        String frontendUrl = hostname.frontendUrl(platform.getScheme());
        String platformHost = platform.getHost() != null ? platform.getHost()
                : platform.getRawAuthority().replaceFirst(":\\d+$", "");
        boolean ipAddress = platformHost.startsWith("[") || platformHost.chars().allMatch(c -> c == '.' || Character.isDigit(c));
        DnsRecord dns = new DnsRecord(ipAddress ? (platformHost.startsWith("[") ? "AAAA" : "A") : "CNAME",
                hostname.host() + ".", ipAddress ? platformHost.replaceAll("[\\[\\]]", "") : platformHost + ".");
        String upstream = platform.getScheme() + "://" + platform.getRawAuthority();
        ProxyRoutes proxy = new ProxyRoutes(hostname.host(), upstream,
                List.of("/realms/" + realm + "/", "/resources/"),
                "every other path with 404, /admin/ and other realms included");
        return new HostnameSetup(frontendUrl, frontendUrl + "/realms/" + realm, dns, proxy,
                frontendUrl + "/realms/" + realm + "/broker/{alias}/endpoint");
    }
}
