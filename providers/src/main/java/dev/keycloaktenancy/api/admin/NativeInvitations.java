package dev.keycloaktenancy.api.admin;

import dev.keycloaktenancy.TenancyException;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.admin.resource.OrganizationInvitationResource;
import org.keycloak.representations.idm.ErrorRepresentation;
import org.keycloak.services.resources.admin.AdminEventBuilder;
import org.keycloak.services.resources.admin.fgap.AdminPermissionEvaluator;

/**
 * Sends invitations through Keycloak's own invitation resource, so links, expiry, emails and events stay native;
 * its refusals come back in the pack's error format.
 */
final class NativeInvitations {

    private NativeInvitations() {
    }

    static void send(KeycloakSession session, OrganizationModel organization, AdminEventBuilder adminEvent,
                     AdminPermissionEvaluator auth, InvitationInput input) {
        Response response;
        try {
            response = new OrganizationInvitationResource(session, organization, adminEvent, auth)
                    .inviteUser(input.email(), input.firstName(), input.lastName());
        } catch (WebApplicationException e) {
            response = e.getResponse();
        }
        if (response.getStatus() >= 400) {
            throw refusal(response);
        }
    }

    private static TenancyException refusal(Response response) {
        String message = response.getEntity() instanceof ErrorRepresentation error && error.getErrorMessage() != null
                ? error.getErrorMessage() : "Keycloak refused the invitation.";
        return switch (response.getStatus()) {
            case 409 -> TenancyException.conflict(message.endsWith(".") ? message : message + ".");
            case 403 -> TenancyException.forbidden(message.endsWith(".") ? message : message + ".");
            case 500 -> TenancyException.conflict("The invitation email could not be sent: check the realm's email"
                    + " settings (Realm settings, Email).");
            default -> TenancyException.badRequest(message.endsWith(".") ? message : message + ".");
        };
    }
}
