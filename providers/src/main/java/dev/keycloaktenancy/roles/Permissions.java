package dev.keycloaktenancy.roles;

import dev.keycloaktenancy.TenancyException;

import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Permission strings. Built-in ones start with {@code org:} and gate self-service administration; any other string
 * belongs to the application and only travels in tokens.
 */
public final class Permissions {

    public static final String PROFILE_MANAGE = "org:profile:manage";
    public static final String MEMBERS_READ = "org:members:read";
    public static final String MEMBERS_MANAGE = "org:members:manage";
    public static final String INVITATIONS_MANAGE = "org:invitations:manage";
    public static final String ROLES_MANAGE = "org:roles:manage";
    public static final String DOMAINS_MANAGE = "org:domains:manage";
    public static final String SSO_MANAGE = "org:sso:manage";
    /** Since 0.2: the organization's MFA policy and account controls on the accounts it owns. */
    public static final String SECURITY_MANAGE = "org:security:manage";
    /** Since 0.2: reading the organization's audit log. */
    public static final String AUDIT_READ = "org:audit:read";
    /** Since 0.2: the organization's SCIM tokens. */
    public static final String SCIM_MANAGE = "org:scim:manage";
    /** Since 0.2: the organization's webhooks. */
    public static final String WEBHOOKS_MANAGE = "org:webhooks:manage";

    /** The built-in permissions of version 0.1: template roles holding all of these get those added since. */
    public static final Set<String> BUILT_IN_0_1 = Set.of(PROFILE_MANAGE, MEMBERS_READ, MEMBERS_MANAGE,
            INVITATIONS_MANAGE, ROLES_MANAGE, DOMAINS_MANAGE, SSO_MANAGE);

    public static final Set<String> BUILT_IN = Set.of(PROFILE_MANAGE, MEMBERS_READ, MEMBERS_MANAGE,
            INVITATIONS_MANAGE, ROLES_MANAGE, DOMAINS_MANAGE, SSO_MANAGE, SECURITY_MANAGE, AUDIT_READ, SCIM_MANAGE,
            WEBHOOKS_MANAGE);

    public static final String BUILT_IN_PREFIX = "org:";
    public static final int MAX_LENGTH = 64;
    public static final int MAX_PER_ROLE = 50;

    private static final Pattern SYNTAX = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:/*-]*");

    private Permissions() {
    }

    /** Validates and normalises (sorted, de-duplicated) the permissions given for a role. */
    public static Set<String> validate(Collection<String> permissions) {
        if (permissions == null) {
            return new TreeSet<>();
        }
        if (permissions.size() > MAX_PER_ROLE) {
            throw TenancyException.badRequest("A role holds at most " + MAX_PER_ROLE + " permissions; "
                    + permissions.size() + " were given.");
        }
        Set<String> result = new TreeSet<>();
        for (String permission : permissions) {
            if (permission == null || permission.isEmpty() || permission.length() > MAX_LENGTH
                    || !SYNTAX.matcher(permission).matches()) {
                throw TenancyException.badRequest("Invalid permission " + quote(permission) + ": use 1 to "
                        + MAX_LENGTH + " characters among letters, digits and . _ : / * -, starting with a letter or digit.");
            }
            if (permission.startsWith(BUILT_IN_PREFIX) && !BUILT_IN.contains(permission)) {
                throw TenancyException.badRequest("Unknown built-in permission " + quote(permission)
                        + ": permissions starting with org: are reserved; the built-in ones are "
                        + String.join(", ", new TreeSet<>(BUILT_IN)) + ".");
            }
            result.add(permission);
        }
        return result;
    }

    /** Storage form: space-separated (permissions never contain whitespace). */
    public static String join(Set<String> permissions) {
        return String.join(" ", new TreeSet<>(permissions));
    }

    public static Set<String> split(String stored) {
        if (stored == null || stored.isBlank()) {
            return new TreeSet<>();
        }
        return Arrays.stream(stored.trim().split(" +")).collect(Collectors.toCollection(TreeSet::new));
    }

    public static List<String> builtInSorted() {
        return BUILT_IN.stream().sorted().toList();
    }

    private static String quote(String value) {
        if (value == null) {
            return "null";
        }
        String shown = value.length() > 80 ? value.substring(0, 80) + "…" : value;
        return "'" + shown + "'";
    }
}
