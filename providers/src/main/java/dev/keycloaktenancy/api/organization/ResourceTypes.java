package dev.keycloaktenancy.api.organization;

/** The resource types of the pack's admin events, one per kind of thing an operation changes. */
public final class ResourceTypes {

    public static final String ORGANIZATION = "TENANCY_ORGANIZATION";
    public static final String SIGN_IN = "TENANCY_SIGN_IN";
    public static final String SECURITY = "TENANCY_SECURITY";
    public static final String MEMBER = "TENANCY_MEMBER";
    public static final String MEMBER_ROLES = "TENANCY_MEMBER_ROLES";
    /** An account control on an owned account (sign-out, reset-password, reset-mfa, suspend, restore). */
    public static final String ACCOUNT = "TENANCY_ACCOUNT";
    public static final String ROLE = "TENANCY_ROLE";
    public static final String INVITATION = "TENANCY_INVITATION";
    public static final String DOMAIN = "TENANCY_DOMAIN";

    private ResourceTypes() {
    }
}
