package dev.keycloaktenancy.invitations;

import dev.keycloaktenancy.OrganizationSettings;
import dev.keycloaktenancy.TenancyException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * How many invitation emails go out: each organization may send (or resend) {@value #DEFAULT_PER_ORGANIZATION} in
 * {@value #ORGANIZATION_WINDOW_SECONDS} seconds, each address receives at most {@value #DEFAULT_PER_ADDRESS} in
 * {@value #ADDRESS_WINDOW_SECONDS} seconds from the whole realm, and an organization keeps at most
 * {@value #DEFAULT_MAX_PENDING} pending invitations. Realm attributes change the three numbers. Each email takes a
 * slot in Keycloak's single-use object store, which is cluster-wide, for the window; more answers 429 with
 * {@code Retry-After}.
 */
public final class InvitationLimits {

    public static final String PER_ORGANIZATION = "tenancy.invitations.per-organization-per-10-minutes";
    public static final String PER_ADDRESS = "tenancy.invitations.per-address-per-hour";
    public static final String MAX_PENDING = "tenancy.invitations.max-pending-per-organization";
    static final int DEFAULT_PER_ORGANIZATION = 30;
    static final int DEFAULT_PER_ADDRESS = 3;
    static final int DEFAULT_MAX_PENDING = 500;
    static final int ORGANIZATION_WINDOW_SECONDS = 600;
    static final int ADDRESS_WINDOW_SECONDS = 3600;
    private static final int MOST_SLOTS = 1000;

    private final KeycloakSession session;
    private final RealmModel realm;

    InvitationLimits(KeycloakSession session, RealmModel realm) {
        this.session = session;
        this.realm = realm;
    }

    /** Refuses a new pending invitation beyond the organization's cap. */
    void requireRoomForPending(OrganizationModel organization, long pending) {
        int max = setting(MAX_PENDING, DEFAULT_MAX_PENDING);
        if (pending >= max) {
            throw TenancyException.conflict("limit_reached", "Organization " + organization.getAlias() + " already has "
                    + pending + " pending invitations, the most this realm allows (" + max + "). Revoke some, or wait"
                    + " until they are accepted or expire.");
        }
    }

    /** Takes a slot for one invitation email to this address, or refuses with 429. */
    void takeSlot(OrganizationModel organization, String email) {
        int perOrganization = setting(PER_ORGANIZATION, DEFAULT_PER_ORGANIZATION);
        if (!take("tenancy.invitation.org." + organization.getId(), perOrganization, ORGANIZATION_WINDOW_SECONDS)) {
            throw TenancyException.tooManyRequests("Organization " + organization.getAlias() + " sent " + perOrganization
                    + " invitation emails in the last 10 minutes, the most this realm allows; try again later.",
                    ORGANIZATION_WINDOW_SECONDS);
        }
        int perAddress = setting(PER_ADDRESS, DEFAULT_PER_ADDRESS);
        if (!take("tenancy.invitation.address." + realm.getId() + "." + digest(email), perAddress, ADDRESS_WINDOW_SECONDS)) {
            throw TenancyException.tooManyRequests(email + " received " + perAddress + " invitation emails in the last"
                    + " hour, the most this realm sends to one address; try again later.", ADDRESS_WINDOW_SECONDS);
        }
    }

    private boolean take(String key, int slots, int windowSeconds) {
        for (int slot = 0; slot < Math.min(slots, MOST_SLOTS); slot++) {
            if (session.singleUseObjects().putIfAbsent(key + "." + slot, windowSeconds)) {
                return true;
            }
        }
        return false;
    }

    private int setting(String attribute, int defaultValue) {
        Integer value = OrganizationSettings.number(realm.getAttribute(attribute));
        return value == null || value < 0 ? defaultValue : value;
    }

    /** Addresses are not kept in the store in clear. */
    private static String digest(String email) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(email.toLowerCase(Locale.ROOT).getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
