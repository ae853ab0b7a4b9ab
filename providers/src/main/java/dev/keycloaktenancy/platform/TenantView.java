package dev.keycloaktenancy.platform;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.domains.DomainRepresentation;
import dev.keycloaktenancy.limits.UsageLimits;
import dev.keycloaktenancy.Branding;

import java.util.List;

/** A tenant as the provisioning API shows it. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenantView(@JsonProperty("realm") String realm,
                         @JsonProperty("displayName") String displayName,
                         @JsonProperty("template") String template,
                         @JsonProperty("enabled") boolean enabled,
                         @JsonProperty("createdAt") String createdAt,
                         @JsonProperty("limits") TenantLimits limits,
                         @JsonProperty("usage") UsageLimits.Usage usage,
                         @JsonProperty("branding") Branding branding,
                         @JsonProperty("domains") List<DomainRepresentation> domains,
                         @JsonProperty("administrator") AdministratorView administrator,
                         @JsonProperty("hostname") String hostname,
                         @JsonProperty("hostnameSetup") HostnameSetup hostnameSetup,
                         @JsonProperty("adminConsoleUrl") String adminConsoleUrl,
                         @JsonProperty("accountUrl") String accountUrl,
                         @JsonProperty("notice") String notice) {

    /**
     * The answer to a request that named an existing tenant but differs from the one that made it: the name and a
     * sentence only, since whoever sent it may not be whoever asked for the tenant (a sign-up form passed through).
     */
    static TenantView notApplied(String realm, String template, boolean enabled, String notice) {
        return new TenantView(realm, null, template, enabled, null, null, null, null, null, null, null, null, null,
                null, notice);
    }

    /**
     * The first administrator, in the creation answer only. The temporary password is shown this once and must be
     * changed at the first sign-in.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record AdministratorView(@JsonProperty("username") String username,
                                    @JsonProperty("invited") boolean invited,
                                    @JsonProperty("temporaryPassword") String temporaryPassword) {
    }
}
