package dev.keycloaktenancy.roles.token;

import dev.keycloaktenancy.NativeOrganizations;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.OrganizationRoles;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.representations.IDToken;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

/**
 * Builds the roles part of the {@code organization} claim for one token request. The organizations come from what
 * the native membership mapper already wrote (so the scope forms and membership checks stay Keycloak's); their roles
 * come from one query, shared by all tokens of the same request.
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

    /** A member's entry: the organization's id and the roles held there. */
    record Entry(String organizationId, HeldRoles roles) {
    }

    @SuppressWarnings("unchecked")
    void addTo(IDToken token, ProtocolMapperModel model, boolean activeOrganizationClaims) {
        if (token.getOtherClaims().get(CLAIM) == null) {
            return; // no organization in scope: the native mapper wrote nothing, and neither do we
        }
        Map<String, Object> claim = NativeOrganizations.organizationClaim(token, model);
        if (claim.isEmpty()) {
            return;
        }
        Map<String, Entry> entries = entries(claim.keySet());
        for (Map.Entry<String, Object> organization : claim.entrySet()) {
            Entry entry = entries.get(organization.getKey());
            if (entry == null || !(organization.getValue() instanceof Map)) {
                continue;
            }
            Map<String, Object> value = (Map<String, Object>) organization.getValue();
            value.put("id", entry.organizationId());
            value.put("roles", List.copyOf(entry.roles().names()));
            value.put("permissions", List.copyOf(entry.roles().permissions()));
        }
        if (activeOrganizationClaims && entries.size() == 1) {
            Map.Entry<String, Entry> only = entries.entrySet().iterator().next();
            token.getOtherClaims().put("org_id", only.getValue().organizationId());
            token.getOtherClaims().put("org_alias", only.getKey());
            token.getOtherClaims().put("org_roles", List.copyOf(only.getValue().roles().names()));
            token.getOtherClaims().put("org_permissions", List.copyOf(only.getValue().roles().permissions()));
        }
    }

    /** alias -> entry for the organizations in the claim; cached on the client session context for this request. */
    @SuppressWarnings("unchecked")
    private Map<String, Entry> entries(Set<String> aliasesInClaim) {
        String key = CACHE_ATTRIBUTE + ":" + userSession.getUser().getId() + ":" + new TreeSet<>(aliasesInClaim);
        Map<String, Entry> cached = clientSessionCtx.getAttribute(key, Map.class);
        if (cached != null) {
            return cached;
        }
        Map<String, OrganizationModel> organizations = NativeOrganizations
                .organizationsInScope(session, clientSessionCtx, userSession.getUser())
                .filter(o -> aliasesInClaim.contains(o.getAlias()))
                .collect(Collectors.toMap(OrganizationModel::getAlias, o -> o, (a, b) -> a));
        Map<String, HeldRoles> rolesByOrganization = new OrganizationRoles(session, userSession.getRealm())
                .rolesOfUserIn(userSession.getUser().getId(), organizations.values().stream().map(OrganizationModel::getId).toList());
        Map<String, Entry> result = new HashMap<>();
        organizations.forEach((alias, organization) -> result.put(alias, new Entry(organization.getId(),
                rolesByOrganization.getOrDefault(organization.getId(), HeldRoles.NONE))));
        clientSessionCtx.setAttribute(key, result);
        return result;
    }
}
