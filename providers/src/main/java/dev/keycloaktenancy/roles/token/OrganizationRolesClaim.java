package dev.keycloaktenancy.roles.token;

import com.fasterxml.jackson.databind.util.RawValue;
import dev.keycloaktenancy.keycloak.OrganizationClaim;
import dev.keycloaktenancy.roles.RoleAssignments;
import dev.keycloaktenancy.roles.RolesByOrganization;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.representations.IDToken;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds the {@code organization} claim's roles for one token request. By default the organizations come from what
 * the native membership mapper already wrote (so the scope forms and membership checks stay Keycloak's), and their
 * ids and roles come from {@link RoleAssignments#tokenRolesOf}, kept in Keycloak's user cache between requests.
 * When the native mapper is switched off for the token and this mapper's source is {@code tenancy}, it writes the
 * whole claim itself from that kept value: the organizations the scope asks for among the user's, the enabled ones.
 */
final class OrganizationRolesClaim {

    static final String CLAIM = "organization";
    private static final String CACHE_ATTRIBUTE = OrganizationRolesClaim.class.getName();
    private static final String WHOLE_CLAIM_ATTRIBUTE = CACHE_ATTRIBUTE + ".whole";
    private static final Set<String> ID_ONLY = Set.of("id");

    private final KeycloakSession session;
    private final UserSessionModel userSession;
    private final ClientSessionContext clientSessionCtx;

    OrganizationRolesClaim(KeycloakSession session, UserSessionModel userSession, ClientSessionContext clientSessionCtx) {
        this.session = session;
        this.userSession = userSession;
        this.clientSessionCtx = clientSessionCtx;
    }

    void addTo(IDToken token, ProtocolMapperModel model, ClaimForm form, boolean tenancySource,
               boolean activeOrganizationClaims) {
        if (token.getOtherClaims().get(CLAIM) != null) {
            extendNativeClaim(token, model, form, activeOrganizationClaims);
        } else if (tenancySource) {
            writeWholeClaim(token, form, activeOrganizationClaims);
        }
        // otherwise no organization is in scope: the native mapper wrote nothing, and neither do we
    }

    private void extendNativeClaim(IDToken token, ProtocolMapperModel model, ClaimForm form,
                                   boolean activeOrganizationClaims) {
        List<String> aliases = aliasesOnly(token.getOtherClaims().get(CLAIM));
        if (aliases != null && !aliases.isEmpty()) {
            RolesByOrganization roles = rolesFor(aliases);
            if (roles.covers(aliases)) {
                // Keycloak's claim names the organizations and nothing the form does not write itself: the pack's
                // claim for them is the kept text (for all the user's organizations) instead of a map per organization
                token.getOtherClaims().put(CLAIM, ClaimJson.of(roles, form, aliases));
                if (activeOrganizationClaims && aliases.size() == 1) {
                    addActiveOrganizationClaims(token, aliases.get(0), roles.in(aliases.get(0)));
                }
                return;
            }
        }
        extendEachOrganization(token, model, form, activeOrganizationClaims);
    }

    /**
     * The aliases of the claim Keycloak's membership mapper wrote, when it carries nothing beyond what each form of
     * the pack's claim writes itself: its list of aliases (its default), or a map from alias to an empty value or to
     * the organization's id alone ("Add organization id"). Null for anything else (organization attributes, a shape
     * another mapper made), which the pack then extends entry by entry.
     */
    static List<String> aliasesOnly(Object claim) {
        List<String> aliases = new ArrayList<>();
        if (claim instanceof Collection<?> list) {
            for (Object alias : list) {
                if (!(alias instanceof String text)) {
                    return null;
                }
                aliases.add(text);
            }
            return aliases;
        }
        if (claim instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> organization : map.entrySet()) {
                if (!(organization.getKey() instanceof String alias) || !(organization.getValue() instanceof Map<?, ?> value)
                        || !ID_ONLY.containsAll(value.keySet())) {
                    return null;
                }
                aliases.add(alias);
            }
            return aliases;
        }
        return null;
    }

    @SuppressWarnings("unchecked")
    private void extendEachOrganization(IDToken token, ProtocolMapperModel model, ClaimForm form,
                                        boolean activeOrganizationClaims) {
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
            form.fill((Map<String, Object>) organization.getValue(), membership);
            only = claim.size() == 1 ? membership : null;
        }
        if (activeOrganizationClaims && only != null) {
            addActiveOrganizationClaims(token, claim.keySet().iterator().next(), only);
        }
    }

    private void writeWholeClaim(IDToken token, ClaimForm form, boolean activeOrganizationClaims) {
        if (!userSession.getRealm().isOrganizationsEnabled()) {
            return;
        }
        WholeClaim whole = wholeClaim(form);
        if (whole == null) {
            return;
        }
        token.getOtherClaims().put(CLAIM, whole.claim());
        if (whole.only() != null) {
            session.getContext().setOrganization(whole.only()); // as Keycloak's own mapper does for a single organization
            if (activeOrganizationClaims) {
                addActiveOrganizationClaims(token, whole.only().getAlias(), whole.roles().in(whole.only().getAlias()));
            }
        }
    }

    /** The claim as this mapper writes it whole, with the single organization it names (or null). */
    private record WholeClaim(RawValue claim, OrganizationModel only, RolesByOrganization roles, ClaimForm form) {
    }

    /**
     * Built once per request and form: the access token, ID token and introspection of a request share it, and its
     * JSON text for all the user's organizations is made once per form and kept with the roles ({@link ClaimJson}). Each
     * membership is confirmed with Keycloak's own (cached) check, as its mapper does: Keycloak caches the answer,
     * which its validation of the cached user on every request then reads instead of asking the database.
     */
    private WholeClaim wholeClaim(ClaimForm form) {
        WholeClaim shared = clientSessionCtx.getAttribute(WHOLE_CLAIM_ATTRIBUTE, WholeClaim.class);
        if (shared != null && shared.form() == form) {
            return shared;
        }
        RequestedOrganizations requested = RequestedOrganizations.of(clientSessionCtx.getScopeString(true));
        if (requested == null) {
            return null;
        }
        RolesByOrganization roles = rolesFor(Set.of());
        List<OrganizationModel> chosen = chosen(requested, roles, session.getProvider(OrganizationProvider.class))
                .stream().filter(organization -> organization.isMember(userSession.getUser())).toList();
        if (chosen.isEmpty()) {
            return null;
        }
        RawValue claim = ClaimJson.of(roles, form, chosen.stream().map(OrganizationModel::getAlias).toList());
        WholeClaim built = new WholeClaim(claim, chosen.size() == 1 ? chosen.get(0) : null, roles, form);
        clientSessionCtx.setAttribute(WHOLE_CLAIM_ATTRIBUTE, built);
        return built;
    }

    /** The enabled organizations of the user that the scope asks for (Keycloak's own rules, see the class above). */
    private List<OrganizationModel> chosen(RequestedOrganizations requested, RolesByOrganization roles,
                                           OrganizationProvider organizations) {
        OrganizationModel fromContext = session.getContext().getOrganization();
        if (fromContext != null) {
            return enabledMemberships(List.of(fromContext.getAlias()), roles, organizations);
        }
        return switch (requested.form()) {
            case ALL -> enabledMemberships(roles.byAlias().keySet(), roles, organizations);
            case SPECIFIC -> enabledMemberships(requested.aliases(), roles, organizations);
            case ANY -> {
                List<OrganizationModel> enabled = enabledMemberships(roles.byAlias().keySet(), roles, organizations);
                if (enabled.size() <= 1) {
                    yield enabled;
                }
                String picked = clientSessionCtx.getClientSession().getNote(OrganizationModel.ORGANIZATION_ATTRIBUTE);
                yield enabled.stream().filter(o -> o.getId().equals(picked)).toList();
            }
        };
    }

    private static List<OrganizationModel> enabledMemberships(Collection<String> aliases, RolesByOrganization roles,
                                                              OrganizationProvider organizations) {
        List<OrganizationModel> enabled = new ArrayList<>(aliases.size());
        for (String alias : aliases) {
            RolesByOrganization.Membership membership = roles.in(alias);
            OrganizationModel organization = membership == null ? null : organizations.getById(membership.organizationId());
            if (organization != null && organization.isEnabled()) {
                enabled.add(organization);
            }
        }
        return enabled;
    }

    private static void addActiveOrganizationClaims(IDToken token, String alias, RolesByOrganization.Membership only) {
        token.getOtherClaims().put("org_id", only.organizationId());
        token.getOtherClaims().put("org_alias", alias);
        token.getOtherClaims().put("org_roles", only.roleNames());
        token.getOtherClaims().put("org_permissions", only.permissions());
    }

    /**
     * The user's roles, covering the organizations in the claim (which the native mapper chose: scope, membership,
     * enabled), without resolving the scope a second time; shared by all tokens of the request.
     */
    private RolesByOrganization rolesFor(Collection<String> aliasesInClaim) {
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
