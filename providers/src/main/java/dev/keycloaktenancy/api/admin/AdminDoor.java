package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.api.Answers;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.api.organization.OrganizationCaller;
import dev.keycloaktenancy.api.organization.OrganizationDoor;
import dev.keycloaktenancy.keycloak.AdminAccess;
import dev.keycloaktenancy.keycloak.CorsHeaders;
import dev.keycloaktenancy.roles.Actor;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;

import java.util.function.Function;

/**
 * Administrators in through Keycloak's admin API: realm administrators and those a realm delegates organizations to
 * (Keycloak's {@code manage-organizations}, {@code view-organizations}, or fine-grained permissions on one
 * organization). Reading needs view rights on the organization, changing needs manage rights; administrators act
 * without the member guards on roles, except that an organization keeps its last owner.
 */
final class AdminDoor implements OrganizationDoor, OrganizationCaller.Authority {

    private static final String ALLOWED_METHODS = "GET, POST, PUT, PATCH, DELETE, OPTIONS";

    private final KeycloakSession session;
    private final OrganizationModel organization;
    private final AdminAccess admin;

    AdminDoor(KeycloakSession session, OrganizationModel organization, AdminAccess admin) {
        this.session = session;
        this.organization = organization;
        this.admin = admin;
    }

    @Override
    public Response answer(Function<OrganizationCaller, Reply> operation) {
        OrganizationCaller caller = new OrganizationCaller(session, organization, this, admin.events());
        return Answers.of(session, () -> operation.apply(caller)).build();
    }

    @Override
    public Response preflight() {
        return CorsHeaders.preflight(ALLOWED_METHODS);
    }

    @Override
    public void require(OrganizationModel organization, String permission, boolean change) {
        if (change) {
            admin.requireManage(organization);
        } else {
            admin.requireView(organization);
        }
    }

    @Override
    public Actor actor() {
        return Actor.administrator();
    }

    @Override
    public boolean mayDeleteAccounts() {
        return admin.mayManageUsers();
    }
}
