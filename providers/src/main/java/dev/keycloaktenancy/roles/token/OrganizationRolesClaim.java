package dev.keycloaktenancy.roles.token;

import dev.keycloaktenancy.keycloak.OrganizationClaim;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RolesByOrganization;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.IDToken;

import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the roles part of the {@code organization} claim for one token request. The organizations come from what
 * the native membership mapper already wrote (so the scope forms and membership checks stay Keycloak's); their ids
 * and roles come from {@link RoleAssignments#tokenRolesOf}, kept with Keycloak's cached user between requests.
 */
final class OrganizationRolesClaim {

    static final String CLAIM = "organization";
    private static final String CACHE_ATTRIBUTE = OrganizationRolesClaim.class.getName();

    private final KeycloakSession session;
    private final UserSessionModel userSession;
    private final ClientSessionContext clientSessionCtx;

    OrganizationRolesClaim(KeycloakSession session, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        this.session = session;
        this.userSession = userSession;
        this.clientSessionCtx = clientSessionCtx;
    }

    @SuppressWarnings("unchecked")
    void addTo(IDToken token, ProtocolMapperModel model, boolean activeOrganizationClaims) {
        if (token.getOtherClaims().get(CLAIM) == null) {
            return; // no organization in scope: the native mapper wrote nothing, and neither do we
        }
        Map<String, Object> claim = OrganizationClaim.asMap(token, model);
        if (claim.isEmpty()) {
            return;
        }
        RolesByOrganization roles = rolesFor(claim.keySet());
        RolesByOrganization.Membership only = null;
        for (Map.Entry<String, Object> organization : claim.entrySet()) {
            RolesByOrganization.Membership membership = roles.in(organization.getKey());
            if (membership == null || !(organization.getValue() instanceof Map)) {
                continue;
            }
            Map<String, Object> value = (Map<String, Object>) organization.getValue();
            value.put("id", membership.organizationId());
            value.put("roles", List.copyOf(membership.roles().names()));
            value.put("permissions", List.copyOf(membership.roles().permissions()));
            only = claim.size() == 1 ? membership : null;
        }
        if (activeOrganizationClaims && only != null) {
            token.getOtherClaims().put("org_id", only.organizationId());
            token.getOtherClaims().put("org_alias", claim.keySet().iterator().next());
            token.getOtherClaims().put("org_roles", List.copyOf(only.roles().names()));
            token.getOtherClaims().put("org_permissions", List.copyOf(only.roles().permissions()));
        }
    }

    /**
     * The user's roles, covering the organizations in the claim (which the native mapper chose: scope, membership,
     * enabled), without resolving the scope a second time; shared by all tokens of the request.
     */
    private RolesByOrganization rolesFor(Set<String> aliasesInClaim) {
        RolesByOrganization shared = clientSessionCtx.getAttribute(CACHE_ATTRIBUTE, RolesByOrganization.class);
        if (shared != null && shared.covers(aliasesInClaim)) {
            return shared;
        }
        RolesByOrganization roles = new RoleAssignments(session, userSession.getRealm())
                .tokenRolesOf(userSession.getUser(), aliasesInClaim);
        clientSessionCtx.setAttribute(CACHE_ATTRIBUTE, roles);
        return roles;
    }
}
