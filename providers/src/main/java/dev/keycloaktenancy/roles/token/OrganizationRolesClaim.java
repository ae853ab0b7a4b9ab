package dev.keycloaktenancy.roles.token;

import dev.keycloaktenancy.roles.OrganizationRoleStore;
import dev.keycloaktenancy.roles.Permissions;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.organization.protocol.mappers.oidc.OrganizationScope;
import org.keycloak.protocol.oidc.mappers.OIDCAttributeMapperHelper;
import org.keycloak.representations.IDToken;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import java.util.stream.Stream;

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

    /** A member's entry: role names and the union of their permissions. */
    record Entry(String organizationId, Set<String> roles, Set<String> permissions) {
    }

    @SuppressWarnings("unchecked")
    void addTo(IDToken token, ProtocolMapperModel model, boolean activeOrganizationClaims) {
        if (token.getOtherClaims().get(CLAIM) == null) {
            return; // no organization in scope: the native mapper wrote nothing, and neither do we
        }
        Map<String, Object> claim = OIDCAttributeMapperHelper.getOrInitializeOrganizationClaimAsMap(token, model);
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
            value.put("roles", List.copyOf(entry.roles()));
            value.put("permissions", List.copyOf(entry.permissions()));
        }
        if (activeOrganizationClaims && entries.size() == 1) {
            Map.Entry<String, Entry> only = entries.entrySet().iterator().next();
            token.getOtherClaims().put("org_id", only.getValue().organizationId());
            token.getOtherClaims().put("org_alias", only.getKey());
            token.getOtherClaims().put("org_roles", List.copyOf(only.getValue().roles()));
            token.getOtherClaims().put("org_permissions", List.copyOf(only.getValue().permissions()));
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
        Map<String, OrganizationModel> organizations = organizationsInScope()
                .filter(o -> aliasesInClaim.contains(o.getAlias()))
                .collect(Collectors.toMap(OrganizationModel::getAlias, o -> o, (a, b) -> a));
        Map<String, Map<String, String>> rolesByOrganization = new OrganizationRoleStore(session)
                .rolesOfUserInOrganizations(userSession.getUser().getId(),
                        organizations.values().stream().map(OrganizationModel::getId).toList());
        Map<String, Entry> result = new HashMap<>();
        organizations.forEach((alias, organization) -> {
            Map<String, String> roles = rolesByOrganization.getOrDefault(organization.getId(), Map.of());
            Set<String> permissions = new TreeSet<>();
            roles.values().forEach(stored -> permissions.addAll(Permissions.split(stored)));
            result.put(alias, new Entry(organization.getId(), new TreeSet<>(roles.keySet()), permissions));
        });
        clientSessionCtx.setAttribute(key, result);
        return result;
    }

    /** The same organizations the native mappers consider: the one chosen at login, else the requested scope's. */
    private Stream<OrganizationModel> organizationsInScope() {
        String chosen = clientSessionCtx.getClientSession().getNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
        if (chosen != null) {
            OrganizationModel organization = session.getProvider(OrganizationProvider.class).getById(chosen);
            return organization == null ? Stream.empty() : Stream.of(organization);
        }
        String scopes = clientSessionCtx.getScopeString(true);
        OrganizationScope scope = OrganizationScope.valueOfScope(session, scopes);
        return scope == null ? Stream.empty() : scope.resolveOrganizations(userSession.getUser(), scopes, session);
    }
}
