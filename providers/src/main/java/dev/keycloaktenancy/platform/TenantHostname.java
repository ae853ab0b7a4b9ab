package dev.keycloaktenancy.platform;

import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.domains.DomainName;

import java.net.URI;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A tenant's own sign-in hostname ("vanity domain"), such as {@code login.north.example}, with a port only when the
 * proxy in front of Keycloak listens on a non-standard one. It becomes the realm's frontend URL, under the scheme the
 * platform itself is served with.
 */
public record TenantHostname(String host, Integer port) {

    private static final Pattern PORT = Pattern.compile("[1-9][0-9]{0,4}");
    private static final Pattern FORBIDDEN = Pattern.compile("[/?#@\\\\\\s\\[\\]]");

    /** Reads what an operator typed, or answers 400 with what a hostname must look like. */
    public static TenantHostname parse(String input) {
        if (input == null || input.isBlank()) {
            throw TenancyException.badRequest("hostname: give a host name such as login.north.example.");
        }
        String text = input.strip();
        if (text.contains("://")) {
            throw TenancyException.badRequest("hostname: give the host name alone, without a scheme (login.north.example,"
                    + " not https://login.north.example); the platform's own scheme is used.");
        }
        if (FORBIDDEN.matcher(text).find()) {
            throw TenancyException.badRequest("hostname: '" + shorten(text) + "' is not a host name: no path, query,"
                    + " user, space or IP address literal is allowed.");
        }
        Integer port = null;
        int colon = text.lastIndexOf(':');
        if (colon >= 0) {
            String digits = text.substring(colon + 1);
            if (!PORT.matcher(digits).matches() || Integer.parseInt(digits) > 65535) {
                throw TenancyException.badRequest("hostname: the port after ':' must be a number from 1 to 65535.");
            }
            port = Integer.valueOf(digits);
        }
        String name = colon >= 0 ? text.substring(0, colon) : text;
        String host = DomainName.ofHost(name).orElseThrow(() -> TenancyException.badRequest("hostname: '"
                + shorten(name) + "' is not a valid host name; use a name with at least two labels, such as"
                + " login.north.example." + DomainName.punycodeHint(name)));
        if (Character.isDigit(host.charAt(host.lastIndexOf('.') + 1))) {
            // No top-level domain starts with a digit; browsers read such names (10.0.0.1, 0x7f.0x1) as IP addresses.
            throw TenancyException.badRequest("hostname: an IP address cannot be a tenant's hostname; use a DNS name.");
        }
        return new TenantHostname(host, port);
    }

    /** The hostname a realm's frontend URL holds, if it has one that is a plain scheme://host[:port]. */
    public static Optional<TenantHostname> ofFrontendUrl(String frontendUrl) {
        if (frontendUrl == null || frontendUrl.isBlank()) {
            return Optional.empty();
        }
        try {
            URI uri = URI.create(frontendUrl.strip());
            return uri.getHost() == null ? Optional.empty()
                    : DomainName.ofHost(uri.getHost()).map(host -> new TenantHostname(host,
                    uri.getPort() == -1 ? null : uri.getPort()));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    /** {@code host} or {@code host:port}, as typed in a browser's address bar. */
    public String authority() {
        return port == null ? host : host + ":" + port;
    }

    /** The realm's frontend URL under the platform's scheme ({@code https} in production), without its default port. */
    public String frontendUrl(String scheme) {
        return scheme + "://" + (port != null && port == defaultPort(scheme) ? host : authority());
    }

    /**
     * Two hostnames that one tenant cannot share with another: the same host on any port, since cookies and the
     * proxy's routing by host name do not tell ports apart.
     */
    public boolean sameHostAs(TenantHostname other) {
        return host.equals(other.host);
    }

    private static int defaultPort(String scheme) {
        return "https".equals(scheme) ? 443 : 80;
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
