package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.accounts.AccountOwnership;
import dev.keycloaktenancy.api.JsonBody;
import dev.keycloaktenancy.api.Reply;
import dev.keycloaktenancy.keycloak.Memberships;
import dev.keycloaktenancy.roles.HeldRoles;
import dev.keycloaktenancy.roles.Permissions;
import dev.keycloaktenancy.security.AccountControls;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import org.keycloak.events.admin.OperationType;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.UserModel;
import org.keycloak.organization.OrganizationProvider;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code …/organizations/{org}/members}: the members, each with their roles there; removing one; their roles; and the
 * account controls on the accounts the organization owns (sign out, password reset, second factors, suspension).
 */
@Produces(MediaType.APPLICATION_JSON)
public final class MemberEndpoints {

    private final OrganizationDoor door;

    MemberEndpoints(OrganizationDoor door) {
        this.door = door;
    }

    @GET
    @Path("")
    public Response list(@QueryParam("search") String search, @QueryParam("exact") Boolean exact,
                         @QueryParam("first") String first, @QueryParam("max") String max) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            List<UserModel> page = caller.session().getProvider(OrganizationProvider.class)
                    .getMembersStream(caller.organization(), JsonBody.search(search), Boolean.TRUE.equals(exact),
                            JsonBody.first(first), JsonBody.max(max, 20, 100))
                    .toList();
            Map<String, HeldRoles> roles = caller.roleAssignments().rolesOfMembers(caller.organization(),
                    page.stream().map(UserModel::getId).toList());
            return Reply.ok(page.stream()
                    .map(u -> MemberRolesRepresentation.of(u, roles.getOrDefault(u.getId(), HeldRoles.NONE))).toList());
        });
    }

    @GET
    @Path("{userId}")
    public Response member(@PathParam("userId") String userId) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.MEMBERS_READ);
            UserModel member = caller.member(userId);
            return Reply.ok(MemberRolesRepresentation.of(member, caller.roleAssignments().rolesOf(caller.organization(), member)));
        });
    }

    /**
     * Removes a member. Keycloak deletes the account of a member the organization manages; that happens only for
     * accounts the organization vouches for (created through its identity provider, or with a verified email at its
     * verified domains) and that no other organization counts as a member; any other member loses the membership only,
     * and deleting their account is a realm administrator's. The caller must be able to revoke each of the member's
     * roles, and the last owner stays.
     */
    @DELETE
    @Path("{userId}")
    public Response remove(@PathParam("userId") String userId) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            OrganizationModel organization = caller.organization();
            UserModel member = caller.member(userId);
            caller.roleAssignments().guardMemberRemoval(organization, member, caller.actor());
            OrganizationProvider organizations = caller.session().getProvider(OrganizationProvider.class);
            AccountOwnership ownership = new AccountOwnership(caller.session(), organization);
            boolean deletesAccount = ownership.isManaged(member)
                    && (caller.mayDeleteAccounts() || ownership.mayDeleteAccount(member));
            if (deletesAccount && !caller.mayDeleteAccounts()
                    && organizations.getByMember(member).anyMatch(other -> !other.getId().equals(organization.getId()))) {
                throw TenancyException.conflict("account_shared", "This account was created through "
                        + organization.getName() + ", so removing it from the organization would delete it, but another"
                        + " organization also counts it as a member. Ask a realm administrator.");
            }
            if (deletesAccount) {
                organizations.removeMember(organization, member);
            } else {
                Memberships.removeKeepingAccount(caller.session(), organization, member);
            }
            caller.changed(OperationType.DELETE, ResourceTypes.MEMBER, member.getId(), Map.of("id", member.getId(),
                    "accountDeleted", deletesAccount));
            return Reply.noContent();
        });
    }

    // ---- a member's roles ------------------------------------------------------------------------------------------

    @GET
    @Path("{userId}/roles")
    public Response roles(@PathParam("userId") String userId) {
        return member(userId);
    }

    /** Replaces the member's roles with exactly those named. */
    @PUT
    @Path("{userId}/roles")
    public Response replaceRoles(@PathParam("userId") String userId, String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            UserModel member = caller.member(userId);
            RoleNamesInput input = JsonBody.readWhole(body, RoleNamesInput.class, JsonBody.SMALL, "roles");
            return Reply.ok(rolesChanged(caller, member, caller.roleAssignments().replaceRoles(caller.organization(),
                    member, input.roles(), caller.actor())));
        });
    }

    /** Adds the named roles to those the member holds. */
    @POST
    @Path("{userId}/roles")
    public Response addRoles(@PathParam("userId") String userId, String body) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            UserModel member = caller.member(userId);
            RoleNamesInput input = JsonBody.read(body, RoleNamesInput.class, JsonBody.SMALL);
            return Reply.ok(addRoles(caller, member, input.roles()));
        });
    }

    /**
     * Adds the named roles to those the member holds, under the role guards, and records the change: the operation of
     * {@code POST …/members/{userId}/roles}, also run by a SCIM client adding a member to a group.
     */
    public static MemberRolesRepresentation addRoles(OrganizationCaller caller, UserModel member,
                                                     Collection<String> roles) {
        caller.requireToChange(Permissions.MEMBERS_MANAGE);
        return rolesChanged(caller, member, caller.roleAssignments().addRoles(caller.organization(), member, roles,
                caller.actor()));
    }

    /**
     * Revokes one role of the member, under the role guards (the organization keeps an owner), and records the change:
     * the operation of {@code DELETE …/members/{userId}/roles/{role}}, also run by a SCIM client removing a member from a
     * group.
     */
    public static MemberRolesRepresentation removeRole(OrganizationCaller caller, UserModel member, String role) {
        caller.requireToChange(Permissions.MEMBERS_MANAGE);
        return rolesChanged(caller, member, caller.roleAssignments().removeRole(caller.organization(), member, role,
                caller.actor()));
    }

    @DELETE
    @Path("{userId}/roles/{role}")
    public Response removeRole(@PathParam("userId") String userId, @PathParam("role") String role) {
        return door.answer(caller -> {
            caller.requireToChange(Permissions.MEMBERS_MANAGE);
            return Reply.ok(removeRole(caller, caller.member(userId), role));
        });
    }

    // ---- account controls, on accounts the organization owns ------------------------------------------------------

    /** The account's state as the account controls show it. */
    public record AccountState(@JsonProperty("enabled") Boolean enabled) {
    }

    /**
     * What the account controls may do to a member's account, for the portal: its state, whether the organization owns
     * it, and for each control the caller may not use on it, the sentence its refusal would give.
     */
    public record AccountView(@JsonProperty("enabled") boolean enabled, @JsonProperty("owned") boolean owned,
                              @JsonProperty("refusals") Map<String, String> refusals) {
    }

    @GET
    @Path("{userId}/account")
    public Response account(@PathParam("userId") String userId) {
        return door.answer(caller -> {
            caller.requireToRead(Permissions.SECURITY_MANAGE);
            AccountControls controls = new AccountControls(caller.session(), caller.organization());
            UserModel member = caller.member(userId);
            String notOwned = refusal(() -> controls.requireOwned(member));
            Map<String, String> refusals = new LinkedHashMap<>();
            Map<String, Runnable> checks = new LinkedHashMap<>();
            checks.put("sign-out", () -> { });
            checks.put("reset-password", () -> controls.requirePasswordResetPossible(member));
            checks.put("reset-mfa", () -> requireNoLockOut(caller, member, AccountControls.OwnAccount.RESET_MFA));
            checks.put("suspend", () -> requireNoLockOut(caller, member, AccountControls.OwnAccount.SUSPEND));
            checks.forEach((control, check) -> {
                String refused = notOwned != null ? notOwned : refusal(check);
                if (refused != null) {
                    refusals.put(control, refused);
                }
            });
            return Reply.ok(new AccountView(member.isEnabled(), notOwned == null, refusals));
        });
    }

    /** The sentence of the refusal a check gives, or null if it passes. */
    private static String refusal(Runnable check) {
        try {
            check.run();
            return null;
        } catch (TenancyException refused) {
            return refused.description();
        }
    }

    /** Signs the member out of every session, offline tokens included. */
    @POST
    @Path("{userId}/sign-out")
    public Response signOut(@PathParam("userId") String userId) {
        return door.answer(caller -> {
            AccountControls controls = accountControls(caller);
            UserModel member = ownedMember(caller, controls, userId);
            AccountControls.SignedOut result = controls.signOut(member);
            accountChanged(caller, member, "sign-out");
            return Reply.ok(result);
        });
    }

    /** Emails the member a link to set a new password; refused while the organization requires single sign-on. */
    @POST
    @Path("{userId}/reset-password")
    public Response resetPassword(@PathParam("userId") String userId) {
        return door.answer(caller -> {
            AccountControls controls = accountControls(caller);
            UserModel member = ownedMember(caller, controls, userId);
            controls.sendPasswordReset(member);
            accountChanged(caller, member, "reset-password");
            return Reply.noContent();
        });
    }

    /** Removes the member's second factors (OTP, security keys and passkeys, recovery codes). */
    @POST
    @Path("{userId}/reset-mfa")
    public Response resetMfa(@PathParam("userId") String userId) {
        return door.answer(caller -> {
            AccountControls controls = accountControls(caller);
            UserModel member = ownedMember(caller, controls, userId);
            requireNoLockOut(caller, member, AccountControls.OwnAccount.RESET_MFA);
            List<String> removed = controls.removeSecondFactors(member);
            accountChanged(caller, member, "reset-mfa");
            return Reply.ok(Map.of("removed", removed));
        });
    }

    /** Suspends ({@code "enabled": false}, which also signs the account out everywhere) or restores the account. */
    @PUT
    @Path("{userId}/account")
    public Response replaceAccount(@PathParam("userId") String userId, String body) {
        return door.answer(caller -> {
            AccountState input = JsonBody.readWhole(body, AccountState.class, JsonBody.SMALL, "enabled");
            if (input.enabled() == null) {
                throw TenancyException.badRequest("Field 'enabled' must be true or false.");
            }
            AccountControls controls = accountControls(caller);
            UserModel member = ownedMember(caller, controls, userId);
            if (!input.enabled()) {
                requireNoLockOut(caller, member, AccountControls.OwnAccount.SUSPEND);
            }
            controls.setEnabled(member, input.enabled());
            accountChanged(caller, member, input.enabled() ? "restore" : "suspend");
            return Reply.ok(new AccountState(member.isEnabled()));
        });
    }

    private static AccountControls accountControls(OrganizationCaller caller) {
        caller.requireToChange(Permissions.SECURITY_MANAGE);
        return new AccountControls(caller.session(), caller.organization());
    }

    private static UserModel ownedMember(OrganizationCaller caller, AccountControls controls, String userId) {
        UserModel member = caller.member(userId);
        controls.requireOwned(member);
        return member;
    }

    /**
     * Suspending an account or removing its second factors is refused on the caller's own account, and on an owner's
     * account unless the caller is an owner too (as only owners grant or revoke owner).
     */
    private static void requireNoLockOut(OrganizationCaller caller, UserModel member, AccountControls.OwnAccount control) {
        AccountControls.requireNotOwn(caller.isCaller(member), control);
        if (!caller.actor().owner()
                && caller.roleAssignments().rolesOf(caller.organization(), member).includesOwner()) {
            throw TenancyException.forbidden("owner_account", "Only an owner of " + caller.organization().getName()
                    + " can " + control.verb() + " the account of one of its owners.");
        }
    }

    private static void accountChanged(OrganizationCaller caller, UserModel member, String action) {
        caller.accountControlled(member, action);
    }

    private static MemberRolesRepresentation rolesChanged(OrganizationCaller caller, UserModel member, HeldRoles held) {
        MemberRolesRepresentation result = MemberRolesRepresentation.of(member, held);
        caller.changed(OperationType.UPDATE, ResourceTypes.MEMBER_ROLES, member.getId(), result);
        return result;
    }
}
