package dev.keycloaktenancy.roles.transfer;

import com.fasterxml.jackson.annotation.JsonIgnore;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.roles.RoleInput;

import java.util.List;
import java.util.TreeSet;

/**
 * The export/import document of a realm's tenancy data, and (without members and invitations) its configuration as
 * code. Organizations and users are named by alias and username, so a document moves between realms and servers.
 * {@code settings}: the realm's tenancy settings; {@code prune}: true to delete what the document leaves out (see
 * {@link ConfigPlan}).
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record TenancyData(@JsonProperty("formatVersion") Integer formatVersion,
                          @JsonProperty("realm") String realm,
                          @JsonProperty("roleTemplate") List<RoleInput> roleTemplate,
                          @JsonProperty("organizations") List<OrganizationData> organizations,
                          @JsonProperty("settings") RealmSettings settings,
                          @JsonProperty("webhooks") List<WebhookData> webhooks,
                          @JsonProperty("prune") Boolean prune) {

    public static final int FORMAT_VERSION = 1;

    /** A document without realm-level webhooks (left as they are). */
    public TenancyData(Integer formatVersion, String realm, List<RoleInput> roleTemplate,
                       List<OrganizationData> organizations, RealmSettings settings, Boolean prune) {
        this(formatVersion, realm, roleTemplate, organizations, settings, null, prune);
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrganizationData(@JsonProperty("alias") String alias,
                                   @JsonProperty("roles") List<RoleInput> roles,
                                   @JsonProperty("members") List<MemberData> members,
                                   @JsonProperty("invitations") List<InvitationData> invitations,
                                   @JsonProperty("security") SecurityData security,
                                   @JsonProperty("webhooks") List<WebhookData> webhooks) {

        /** An organization without webhooks in the document (left as they are). */
        public OrganizationData(String alias, List<RoleInput> roles, List<MemberData> members,
                                List<InvitationData> invitations, SecurityData security) {
            this(alias, roles, members, invitations, security, null);
        }
    }

    /**
     * A webhook as the document holds it: {@code url}, {@code events} (sorted), {@code enabled}. {@code secret} is
     * write-only: a document may give the signing secret (needed to create a webhook; given for an existing one, it
     * replaces the secret where it differs), and no answer ever carries it: it is not serialized. {@code id} is the
     * stored webhook's, for matching only; never read from or written to a document.
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record WebhookData(@JsonIgnore String id,
                              @JsonProperty("url") String url,
                              @JsonProperty("events") List<String> events,
                              @JsonProperty("enabled") Boolean enabled,
                              @JsonProperty(value = "secret", access = JsonProperty.Access.WRITE_ONLY) String secret) {

        /** The same as stored and compared: events sorted without repeats, enabled unless it says false; no id, no secret. */
        public WebhookData normalized() {
            return new WebhookData(null, url, events == null ? List.of() : List.copyOf(new TreeSet<>(events)),
                    !Boolean.FALSE.equals(enabled), null);
        }

        /** Whether url, events and enabled are the same (the secret and id aside). */
        public boolean sameAs(WebhookData other) {
            return normalized().equals(other.normalized());
        }
    }

    /**
     * An organization's security policy as stored ({@code …/organizations/{org}/security} without the realm's cap):
     * {@code mfa} {@code off} or {@code required}; {@code mfaMethods} the methods it accepts (empty: every method the
     * realm allows); {@code ssoRequired}. In a document, a field left out stays as it is (with {@code prune}: its
     * default).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record SecurityData(@JsonProperty("mfa") String mfa,
                               @JsonProperty("mfaMethods") List<String> mfaMethods,
                               @JsonProperty("ssoRequired") Boolean ssoRequired) {

        public static final SecurityData DEFAULT = new SecurityData("off", List.of(), false);

        /** This policy's fields over {@code current}; with {@code prune}, the defaults stand in for fields left out. */
        public SecurityData over(SecurityData current, boolean prune) {
            SecurityData base = prune ? DEFAULT : current;
            return new SecurityData(mfa == null ? base.mfa() : mfa,
                    mfaMethods == null ? base.mfaMethods() : List.copyOf(new TreeSet<>(mfaMethods)),
                    ssoRequired == null ? base.ssoRequired() : ssoRequired);
        }
    }

    /** Roles promised by a pending invitation of the organization (the invitation itself is Keycloak's). */
    public record InvitationData(@JsonProperty("email") String email,
                                 @JsonProperty("roles") List<String> roles) {
    }

    /** A member's roles in one organization; on import they replace the member's current roles there. */
    public record MemberData(@JsonProperty("username") String username,
                             @JsonProperty("roles") List<String> roles) {
    }
}
