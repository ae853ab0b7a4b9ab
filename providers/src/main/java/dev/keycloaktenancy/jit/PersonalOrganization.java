package dev.keycloaktenancy.jit;

import dev.keycloaktenancy.OrganizationAliases;
import dev.keycloaktenancy.OrganizationNames;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.audit.AuditActor;
import dev.keycloaktenancy.audit.AuditLog;
import dev.keycloaktenancy.keycloak.OrganizationNameKeys;
import dev.keycloaktenancy.keycloak.RowLocks;
import dev.keycloaktenancy.keycloak.UsageCounts;
import dev.keycloaktenancy.limits.UsageLimits;
import dev.keycloaktenancy.roles.RoleAssignments;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Locale;
import java.util.Map;

/**
 * The personal workspace: where the realm turns it on ({@link Tenancy#PERSONAL_ORGANIZATION}), a user's first sign-in
 * gives them an organization of their own, named by the realm's pattern, with them as owner. It counts against the
 * per-user limit and the realm's organization limit; when either is full the user gets none, and the sign-in goes on.
 * Either way the user is marked ({@link Tenancy#USER_PERSONAL_ORGANIZATION}), so this happens once per user: a
 * workspace its owner deleted does not come back.
 */
public final class PersonalOrganization {

    /** Default of {@link Tenancy#PERSONAL_ORGANIZATION_NAME}. */
    public static final String DEFAULT_NAME = "{name}'s workspace";
    static final String NONE = "none";
    private static final int NAME_ATTEMPTS = 20;
    private static final Logger LOG = Logger.getLogger(PersonalOrganization.class);

    private PersonalOrganization() {
    }

    /** At the end of a sign-in: makes the user's personal organization if the realm wants one and they have none yet. */
    public static void ensure(KeycloakSession session, RealmModel realm, UserModel user) {
        if (user == null || !Tenancy.isEnabled(realm) || !realm.isOrganizationsEnabled()
                || !Boolean.parseBoolean(realm.getAttribute(Tenancy.PERSONAL_ORGANIZATION))
                || user.getFirstAttribute(Tenancy.USER_PERSONAL_ORGANIZATION) != null) {
            return;
        }
        // Serialized with every other creation in the realm, so the limits hold (see SelfServeOrganizations).
        RowLocks.of(session).lockRealm(realm.getId());
        RoleAssignments assignments = new RoleAssignments(session, realm);
        if (!hasRoom(session, realm, user, assignments)) {
            user.setSingleAttribute(Tenancy.USER_PERSONAL_ORGANIZATION, NONE);
            return;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        String base = name(realm.getAttribute(Tenancy.PERSONAL_ORGANIZATION_NAME), user);
        OrganizationNameKeys names = OrganizationNameKeys.of(session);
        for (int attempt = 1; attempt <= NAME_ATTEMPTS; attempt++) {
            String name = attempt == 1 ? base : base + " (" + attempt + ")";
            String alias = alias(name, user.getId(), attempt);
            if (organizations.getByAlias(alias) == null && !OrganizationNames.readsLikeRealm(name, realm)
                    && !names.readsLikeAnother(realm.getId(), null, name)) {
                OrganizationModel organization = organizations.create(name, alias);
                organizations.addMember(organization, user);
                assignments.grantOwner(organization, user);
                user.setSingleAttribute(Tenancy.USER_PERSONAL_ORGANIZATION, organization.getId());
                new AuditLog(session).record(realm, organization, AuditActor.system(), "organization.created",
                        organization.getId(), Map.of("id", organization.getId(), "alias", alias, "name", name,
                                "personal", true));
                return;
            }
        }
        LOG.warnf("No free name for the personal organization of user %s in realm %s (tried '%s' and %d more).",
                user.getId(), realm.getName(), base, NAME_ATTEMPTS - 1);
        user.setSingleAttribute(Tenancy.USER_PERSONAL_ORGANIZATION, NONE);
    }

    private static boolean hasRoom(KeycloakSession session, RealmModel realm, UserModel user,
                                   RoleAssignments assignments) {
        if (assignments.ownedOrganizationsForUpdate(user) >= UsageLimits.maxOrganizationsPerUser(realm)) {
            return false;
        }
        Integer inRealm = UsageLimits.maxOrganizations(realm);
        return inRealm == null || UsageCounts.of(session).countOrganizations(realm.getId()) < inRealm;
    }

    private static String name(String pattern, UserModel user) {
        return name(pattern, user.getFirstName(), user.getLastName(), user.getUsername(), user.getEmail());
    }

    /** The realm's pattern filled in with the user's names; the username when nothing is left; at most 255 characters. */
    static String name(String pattern, String firstName, String lastName, String username, String email) {
        String fullName = ((firstName == null ? "" : firstName) + " " + (lastName == null ? "" : lastName)).strip();
        String name = (pattern == null || pattern.isBlank() ? DEFAULT_NAME : pattern)
                .replace("{name}", fullName.isEmpty() ? username : fullName)
                .replace("{firstName}", firstName == null || firstName.isBlank() ? username : firstName)
                .replace("{username}", username)
                .replace("{email}", email == null ? username : email)
                .replaceAll("[\\p{Cc}\\p{Cf}\\u2028\\u2029]", "").strip();
        if (name.isEmpty()) {
            return username;
        }
        return name.length() > 255 ? name.substring(0, 255).strip() : name;
    }

    /** An alias made from the name; from the user's id when the name has no letter or digit of a-z0-9. */
    static String alias(String name, String userId, int attempt) {
        String alias = OrganizationAliases.from(name);
        if (alias.isEmpty()) {
            String id = userId.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]", "");
            alias = "workspace-" + id.substring(0, Math.min(8, id.length())) + (attempt == 1 ? "" : "-" + attempt);
        }
        return alias;
    }
}
