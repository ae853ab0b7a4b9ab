package dev.keycloaktenancy.roles.token;

import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Which organizations a token's {@code organization} scope asks for, read from the scope string the way Keycloak
 * reads it: the first organization scope decides the form ({@code organization:*} all the user's organizations,
 * {@code organization:<alias>} the named ones, a bare {@code organization} the single one, or the one picked at
 * login). Keycloak has already refused a scope naming an organization the user is not a member of.
 */
record RequestedOrganizations(Form form, Set<String> aliases) {

    static final String SCOPE = "organization";

    enum Form { ALL, SPECIFIC, ANY }

    /** The organizations a scope string asks for, or null when it has no organization scope. */
    static RequestedOrganizations of(String scopeString) {
        if (scopeString == null) {
            return null;
        }
        Form form = null;
        Set<String> aliases = new LinkedHashSet<>();
        for (String scope : scopeString.trim().split("\\s+")) {
            String value;
            if (scope.equals(SCOPE)) {
                value = "";
            } else if (scope.startsWith(SCOPE + ":")) {
                value = scope.substring(SCOPE.length() + 1);
            } else {
                continue;
            }
            if (form == null) {
                form = value.equals("*") ? Form.ALL : value.isBlank() ? Form.ANY : Form.SPECIFIC;
            }
            if (!value.isBlank() && !value.equals("*")) {
                aliases.add(value);
            }
        }
        return form == null ? null : new RequestedOrganizations(form, Set.copyOf(aliases));
    }
}
