package dev.keycloaktenancy.roles.transfer;

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
                          @JsonProperty("prune") Boolean prune) {

    public static final int FORMAT_VERSION = 1;

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record OrganizationData(@JsonProperty("alias") String alias,
                                   @JsonProperty("roles") List<RoleInput> roles,
                                   @JsonProperty("members") List<MemberData> members,
                                   @JsonProperty("invitations") List<InvitationData> invitations,
                                   @JsonProperty("security") SecurityData security) {
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
