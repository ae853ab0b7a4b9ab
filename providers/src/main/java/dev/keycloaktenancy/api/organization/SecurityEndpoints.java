package dev.keycloaktenancy.api.organization;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.roles.Permissions;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;

/**
 * {@code …/organizations/{org}/security}: the organization's security policy (MFA for its members, SSO enforcement),
 * for admins with {@code org:security:manage}. Turning SSO enforcement on or off here also needs
 * {@code org:sso:manage}, as it does in the sign-in settings, since it is the same setting.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class SecurityEndpoints {

    private final OrganizationDoor door;

    SecurityEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response policy() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.SECURITY_MANAGE);
            return Reply.ok(SecuritySettings.of(caller.realm(), caller.organization()));
        });
    }

    /** Replaces the policy: every field but the read-only {@code allowedMfaMethods}. */
    @PUT
    @Path("")
    public Response replacePolicy(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.SECURITY_MANAGE);
            return change(caller, JsonBody.readWhole(body, SecuritySettings.Input.class, JsonBody.SMALL,
                    SecuritySettings.FIELDS));
        });
    }

    @PATCH
    @Path("")
    public Response changePolicy(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.SECURITY_MANAGE);
            return change(caller, JsonBody.read(body, SecuritySettings.Input.class, JsonBody.SMALL));
        });
    }

    private static Reply change(OrganizationCaller caller, SecuritySettings.Input input) {
        if (input.ssoRequired() != null
                && input.ssoRequired() != OrganizationSettings.of(caller.organization()).ssoRequired()) {
            caller.requireToChange(Permissions.SSO_MANAGE);
            SignInSettings.update(caller.session(), caller.organization(),
                    new SignInSettings.Input(input.ssoRequired(), null, null));
        }
        SecuritySettings settings = SecuritySettings.updateMfa(caller.session(), caller.organization(), input);
        caller.changed(OperationType.UPDATE, ResourceTypes.SECURITY, null, settings);
        return Reply.ok(settings);
    }
}
