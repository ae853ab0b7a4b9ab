package dev.keycloaktenancy.scim;

/**
 * The operator's settings of the organizations' SCIM endpoints, from the server's configuration
 * ({@code --spi-realm-restapi-extension--tenancy--scim-max-scanned-members}).
 *
 * @param maxScannedMembers the most members a filter no index answers may read: in a larger organization such a filter
 *                          is refused with 400 {@code tooMany} (RFC 7644 3.12)
 */
public record ScimSettings(int maxScannedMembers) {

    /** The option's name in the provider's configuration. */
    public static final String MAX_SCANNED_MEMBERS = "scim-max-scanned-members";
    /**
     * At 110 000 members one such request held a server thread for more than three minutes (PostgreSQL); at 10 000 it
     * takes seconds.
     */
    public static final int DEFAULT_MAX_SCANNED_MEMBERS = 10_000;
    public static final ScimSettings DEFAULTS = new ScimSettings(DEFAULT_MAX_SCANNED_MEMBERS);

    public ScimSettings {
        if (maxScannedMembers < 0) {
            throw new IllegalArgumentException("Option " + MAX_SCANNED_MEMBERS + " must be 0 or more (members an"
                    + " unindexed SCIM filter may read; default " + DEFAULT_MAX_SCANNED_MEMBERS + "), not "
                    + maxScannedMembers + ".");
        }
    }
}
