package dev.keycloaktenancy.platform;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.domains.DomainName;
import dev.keycloaktenancy.Branding;

import org.keycloak.util.JsonSerialization;
import org.keycloak.utils.EmailValidationUtil;

import java.io.IOException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

/** The body of {@code POST /admin/realms/master/tenancy/tenants}. */
public record TenantRequest(@JsonProperty("realm") String realm,
                            @JsonProperty("template") String template,
                            @JsonProperty("displayName") String displayName,
                            @JsonProperty("branding") Branding branding,
                            @JsonProperty("domains") List<String> domains,
                            @JsonProperty("hostname") String hostname,
                            @JsonProperty("limits") TenantLimits limits,
                            @JsonProperty("administrator") Administrator administrator) {

    /** Realm names end up in URLs and theme paths: lower case letters, digits and inner dashes. */
    private static final Pattern REALM_NAME = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final int MAX_TEXT = 255;
    /** As many as an organization may have waiting for verification by default. */
    private static final int MAX_DOMAINS = 10;

    /** The tenant's first administrator: invited by email, or given a temporary password. */
    public record Administrator(@JsonProperty("email") String email,
                                @JsonProperty("firstName") String firstName,
                                @JsonProperty("lastName") String lastName,
                                @JsonProperty("invite") Boolean invite) {

        boolean invited() {
            return Boolean.TRUE.equals(invite);
        }
    }

    /** Checks everything before anything is created; the 400 lists every problem at once. */
    TenantRequest validated() {
        List<String> problems = new ArrayList<>();
        if (realm == null || !REALM_NAME.matcher(realm).matches()) {
            problems.add("realm: 1 to 63 lower-case letters, digits and dashes (not at either end)");
        } else if (realm.equals("master")) {
            problems.add("realm: master is Keycloak's administration realm, not a tenant");
        }
        if (template == null || template.isBlank()) {
            problems.add("template: the name of a tenant template (GET …/tenancy/tenant-templates lists them)");
        }
        if (displayName != null && (displayName.isBlank() || displayName.length() > MAX_TEXT
                || displayName.chars().anyMatch(Character::isISOControl))) {
            problems.add("displayName: 1 to " + MAX_TEXT + " characters without control characters");
        }
        if (branding != null) {
            try {
                branding.validatedForWrite();
            } catch (TenancyException e) {
                problems.add("branding: " + e.description());
            }
        }
        if (domains != null) {
            if (domains.size() > MAX_DOMAINS) {
                problems.add("domains: at most " + MAX_DOMAINS);
            }
            for (String domain : domains) {
                try {
                    DomainName.normalize(domain);
                } catch (TenancyException e) {
                    problems.add("domains: " + e.description());
                }
            }
        }
        if (hostname != null) {
            try {
                TenantHostname.parse(hostname);
            } catch (TenancyException e) {
                problems.add(e.description());
            }
        }
        if (limits != null) {
            problems.addAll(limits.problems());
        }
        if (administrator == null || administrator.email() == null || administrator.email().length() > 254
                || !EmailValidationUtil.isValidEmail(administrator.email())) {
            problems.add("administrator.email: the email address of the tenant's first administrator");
        } else {
            for (String name : new String[]{administrator.firstName(), administrator.lastName()}) {
                if (name != null && (name.length() > MAX_TEXT || name.chars().anyMatch(Character::isISOControl))) {
                    problems.add("administrator names: at most " + MAX_TEXT + " characters without control characters");
                }
            }
        }
        if (!problems.isEmpty()) {
            throw TenancyException.badRequest("Invalid tenant: " + String.join("; ", problems) + ".");
        }
        return this;
    }

    Optional<TenantHostname> parsedHostname() {
        return Optional.ofNullable(hostname).map(TenantHostname::parse);
    }

    List<String> normalizedDomains() {
        return domains == null ? List.of() : domains.stream().map(DomainName::normalize).distinct().toList();
    }

    /**
     * What identifies this request, kept on the tenant it created, so that a later request for the same tenant can
     * be told to be a retry or a different request (which is not applied, and the answer says so).
     */
    String fingerprint() {
        try {
            byte[] json = JsonSerialization.writeValueAsBytes(this);
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(json));
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("A tenant request could not be fingerprinted", e);
        }
    }
}
