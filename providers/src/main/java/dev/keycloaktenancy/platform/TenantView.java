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

    /** A tenant's view built field by field, by name: {@code TenantView.of(realm).template(…)…build()}. */
    static Builder of(String realm) {
        return new Builder(realm);
    }

    static final class Builder {
        private final String realm;
        private String displayName;
        private String template;
        private boolean enabled;
        private String createdAt;
        private TenantLimits limits;
        private UsageLimits.Usage usage;
        private Branding branding;
        private List<DomainRepresentation> domains;
        private AdministratorView administrator;
        private String hostname;
        private HostnameSetup hostnameSetup;
        private String adminConsoleUrl;
        private String accountUrl;

        private Builder(String realm) {
            this.realm = realm;
        }

        Builder displayName(String value) {
            displayName = value;
            return this;
        }

        Builder template(String value) {
            template = value;
            return this;
        }

        Builder enabled(boolean value) {
            enabled = value;
            return this;
        }

        Builder createdAt(String value) {
            createdAt = value;
            return this;
        }

        Builder limits(TenantLimits value) {
            limits = value;
            return this;
        }

        /** Null leaves usage out (lists, which would otherwise count every tenant's users). */
        Builder usage(UsageLimits.Usage value) {
            usage = value;
            return this;
        }

        /** Empty branding and no domains are left out of the answer. */
        Builder branding(Branding value) {
            branding = Branding.NONE.equals(value) ? null : value;
            return this;
        }

        Builder domains(List<DomainRepresentation> value) {
            domains = value == null || value.isEmpty() ? null : value;
            return this;
        }

        Builder administrator(AdministratorView value) {
            administrator = value;
            return this;
        }

        Builder hostname(String value, HostnameSetup setup) {
            hostname = value;
            hostnameSetup = setup;
            return this;
        }

        Builder urls(String adminConsole, String account) {
            adminConsoleUrl = adminConsole;
            accountUrl = account;
            return this;
        }

        TenantView build() {
            return new TenantView(realm, displayName, template, enabled, createdAt, limits, usage, branding, domains,
                    administrator, hostname, hostnameSetup, adminConsoleUrl, accountUrl);
        }
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
