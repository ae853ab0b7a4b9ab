package dev.keycloaktenancy.keycloak;

import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;

/**
 * What Keycloak's own admin permissions let the caller do in a realm: its admin roles ({@code manage-realm},
 * {@code view-realm}, {@code manage-organizations}, {@code manage-users}, …) and fine-grained admin permissions. The
 * {@code require…} methods refuse with Keycloak's 403; the {@code may…} methods only ask.
 */
public interface AdminAccess {

    void requireManageRealm();

    /** Whether the caller may change the realm's settings ({@code manage-realm}). */
    boolean mayManageRealm();

    void requireViewRealm();

    /** Whether the caller may list the realm's organizations (and so learn which exist). */
    boolean mayQueryOrganizations();

    void requireViewOrganizations();

    void requireManageOrganizations();

    /** Whether the caller manages every organization of the realm (a realm-wide role, not per organization). */
    boolean mayManageAllOrganizations();

    boolean mayManage(OrganizationModel organization);

    void requireView(OrganizationModel organization);

    void requireManage(OrganizationModel organization);

    /** Whether the caller administers the realm's users (may delete accounts). */
    boolean mayManageUsers();

    /** Whether fine-grained admin permissions are on in the realm (then permissions are per organization). */
    boolean perOrganizationPermissions();

    /** The calling user, or null for a client acting for itself. */
    UserModel user();

    /** The realm the caller signed in to (master for server administrators). */
    RealmModel callerRealm();

    /** The changes this caller makes, as Keycloak admin events. */
    AdminEvents events();
}
