package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.Branding;
import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.audit.AuditLog;
import dev.keycloaktenancy.audit.AuditQuery;
import dev.keycloaktenancy.invitations.Invitations;
import dev.keycloaktenancy.keycloak.OrganizationAttributes;
import dev.keycloaktenancy.roles.Permissions;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.OPTIONS;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code …/organizations/{org}} of both APIs: one organization's profile and branding, sign-in settings and usage, and
 * (below) its members, roles, invitations, domains, security policy and webhooks. Each operation is written once and
 * states the built-in permission a member needs for it; the door decides who the caller is and what that permission
 * means for them.
 */
@Produces(MediaType.APPLICATION_JSON)
public final class OrganizationEndpoints {

    private final OrganizationDoor door;

    public OrganizationEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @OPTIONS
    @Path("{any:.*}")
    public Response preflight() {
        return door.preflight();
    }

    // ---- profile and branding --------------------------------------------------------------------------------------

    @GET
    @Path("")
    public Response profile() {
        return door.answer(caller -> Reply.ok(OrganizationView.of(caller.organization())));
    }

    /** Replaces the profile: name, description and branding (a branding value left out is removed). */
    @PUT
    @Path("")
    public Response replaceProfile(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.PROFILE_MANAGE);
            ProfileInput input = JsonBody.readWhole(body, ProfileInput.class, JsonBody.SMALL, ProfileInput.FIELDS)
                    .validated();
            return Reply.ok(updateProfile(caller, input.whole()));
        });
    }

    /** Changes the profile fields given; an empty branding value removes it. */
    @PATCH
    @Path("")
    public Response changeProfile(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.PROFILE_MANAGE);
            return Reply.ok(updateProfile(caller, JsonBody.read(body, ProfileInput.class, JsonBody.SMALL).validated()));
        });
    }

    /** The confirmation a deletion needs: the organization's alias, typed again. */
    record DeletionInput(@JsonProperty("confirm") String confirm) {
    }

    /**
     * Deletes the organization, with everything the pack stored for it (see {@link SelfServeOrganizations#delete}).
     * Only an owner may (or an administrator with manage rights), confirming with the organization's alias.
     */
    @DELETE
    @Path("")
    public Response delete(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.PROFILE_MANAGE);
            OrganizationModel organization = caller.organization();
            if (!caller.actor().owner()) {
                throw TenancyException.forbidden("Only an owner of " + organization.getAlias() + " may delete it.");
            }
            DeletionInput input = JsonBody.readWhole(body, DeletionInput.class, JsonBody.SMALL, "confirm");
            if (!organization.getAlias().equals(input.confirm())) {
                throw TenancyException.badRequest("confirmation_mismatch", "To delete the organization, send"
                        + " {\"confirm\": \"" + organization.getAlias() + "\"}: its alias, exactly.");
            }
            SelfServeOrganizations.delete(caller);
            return Reply.noContent();
        });
    }

    private static OrganizationView updateProfile(OrganizationCaller caller, ProfileInput input) {
        OrganizationModel organization = caller.organization();
        boolean administrator = caller.actor().isAdministrator();
        if (input.name() != null && !input.name().equals(organization.getName())) {
            if (!administrator) {
                OwnName.require(caller.session(), organization, input.name());
            }
            rename(organization, input.name());
        }
        if (input.description() != null) {
            organization.setDescription(input.description().isEmpty() ? null : input.description());
        }
        Map<String, List<String>> attributes = organization.getAttributes();
        if (input.branding() != null) {
            String displayName = input.branding().displayName();
            if (!administrator && displayName != null && !displayName.isEmpty()) {
                OwnName.require(caller.session(), organization, displayName);
            }
            attributes = OrganizationAttributes.change(caller.session(), organization, brandingChanges(input.branding()));
        }
        OrganizationView view = OrganizationView.of(organization, attributes);
        caller.changed(OperationType.UPDATE, ResourceTypes.ORGANIZATION, null, view);
        return view;
    }

    /** The branding values given, by attribute; an empty value removes one, a missing one stays. */
    private static Map<String, List<String>> brandingChanges(Branding branding) {
        Map<String, List<String>> changes = new HashMap<>();
        branding.byAttribute().forEach((key, value) -> {
            if (value != null) {
                changes.put(key, value.isEmpty() ? null : List.of(value));
            }
        });
        return changes;
    }

    private static void rename(OrganizationModel organization, String name) {
        try {
            organization.setName(name);
        } catch (ModelDuplicateException e) {
            throw TenancyException.conflict("name_taken", "Another organization is already named '" + name + "'.");
        }
    }

    // ---- sign-in settings ------------------------------------------------------------------------------------------

    @GET
    @Path("sign-in")
    public Response signInSettings() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.SSO_MANAGE);
            return Reply.ok(SignInSettings.of(caller.organization()));
        });
    }

    /** Replaces the sign-in settings: SSO enforcement and joining by email domain, both reaching verified domains only. */
    @PUT
    @Path("sign-in")
    public Response replaceSignInSettings(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.SSO_MANAGE);
            return changeSignIn(caller, JsonBody.readWhole(body, SignInSettings.Input.class, JsonBody.SMALL,
                    SignInSettings.FIELDS));
        });
    }

    @PATCH
    @Path("sign-in")
    public Response changeSignInSettings(String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.SSO_MANAGE);
            return changeSignIn(caller, JsonBody.read(body, SignInSettings.Input.class, JsonBody.SMALL));
        });
    }

    private static Reply changeSignIn(OrganizationCaller caller, SignInSettings.Input input) {
        SignInSettings settings = SignInSettings.update(caller.session(), caller.organization(), input);
        caller.changed(OperationType.UPDATE, ResourceTypes.SIGN_IN, null, settings);
        return Reply.ok(settings);
    }

    /** Members and pending invitations against the organization's member limit, for whoever may see its members. */
    @GET
    @Path("usage")
    public Response usage() {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            OrganizationModel organization = caller.organization();
            return Reply.ok(new OrganizationUsage(
                    caller.session().getProvider(OrganizationProvider.class).getMembersCount(organization),
                    OrganizationSettings.of(organization).maxMembers(),
                    new Invitations(caller.session(), caller.realm(), organization).pendingCount()));
        });
    }

    // ---- audit log -------------------------------------------------------------------------------------------------

    /** The organization's audit records, newest first, a page at a time, filtered as {@link AuditQuery} says. */
    @GET
    @Path("audit")
    public Response audit(@QueryParam("first") String first, @QueryParam("max") String max,
                          @QueryParam("action") String action, @QueryParam("actor") String actor,
                          @QueryParam("from") String from, @QueryParam("to") String to) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.AUDIT_READ);
            AuditQuery query = AuditQuery.of(JsonBody.first(first),
                    JsonBody.max(max, AuditQuery.DEFAULT_MAX, AuditQuery.MAX_MAX), action, actor, from, to);
            return Reply.ok(new AuditLog(caller.session()).page(caller.realm().getId(), caller.organization().getId(),
                    query));
        });
    }

    // ---- members, roles, invitations, domains ---------------------------------------------------------------------

    @Path("scim-tokens")
    public ScimTokenEndpoints scimTokens() {
        return new ScimTokenEndpoints(door);
    }

    @Path("members")
    public MemberEndpoints members() {
        return new MemberEndpoints(door);
    }

    @Path("roles")
    public RoleEndpoints roles() {
        return new RoleEndpoints(door);
    }

    @Path("invitations")
    public InvitationEndpoints invitations() {
        return new InvitationEndpoints(door);
    }

    @Path("domains")
    public DomainEndpoints domains() {
        return new DomainEndpoints(door);
    }

    @Path("security")
    public SecurityEndpoints security() {
        return new SecurityEndpoints(door);
    }

    @Path("webhooks")
    public WebhookEndpoints webhooks() {
        return new WebhookEndpoints(door);
    }

    @Path("join-requests")
    public JoinRequestEndpoints joinRequests() {
        return new JoinRequestEndpoints(door);
    }
}
