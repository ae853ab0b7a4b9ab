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
                         @JsonProperty("accountUrl") String accountUrl) {

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
