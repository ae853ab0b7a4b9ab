package dev.keycloaktenancy.roles.token;

import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.databind.util.RawValue;
import dev.keycloaktenancy.roles.RolesByOrganization;
import org.keycloak.util.JsonSerialization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The {@code organization} claim that the pack writes whole, as JSON text made once per form from the user's kept
 * roles and kept with them ({@link RolesByOrganization#derived}): a change of roles or memberships makes a new value,
 * so the text never outlives what it was made from. A token then carries the text as it is, instead of Keycloak
 * writing a map per organization into each token (for a user in 1000 organizations, 1000 maps in the access token
 * and again in the ID token, on every request).
 */
final class ClaimJson {

    private final Map<String, String> byAlias;
    private final RawValue all;

    private ClaimJson(Map<String, String> byAlias) {
        this.byAlias = byAlias;
        this.all = new RawValue(new SerializedString(object(byAlias.values())));
    }

    /** The claim's JSON text for the user's organizations of this form. */
    static ClaimJson of(RolesByOrganization roles, ClaimForm form) {
        return roles.derived(form, ClaimJson.class, () -> {
            Map<String, String> byAlias = new HashMap<>(roles.byAlias().size() * 2);
            roles.byAlias().forEach((alias, membership) -> {
                Map<String, Object> value = new LinkedHashMap<>(4);
                form.fill(value, membership);
                byAlias.put(alias, json(alias) + ":" + json(value));
            });
            return new ClaimJson(Map.copyOf(byAlias));
        });
    }

    /** The claim naming these organizations (some or all of the user's), as a value a token writes as it is. */
    RawValue claimOf(Collection<String> aliases) {
        if (aliases.size() == byAlias.size() && byAlias.keySet().containsAll(aliases)) {
            return all;
        }
        return new RawValue(new SerializedString(object(aliases.stream().map(byAlias::get).toList())));
    }

    private static String object(Collection<String> members) {
        int length = 2;
        for (String member : members) {
            length += member.length() + 1;
        }
        StringBuilder json = new StringBuilder(length).append('{');
        for (String member : members) {
            if (json.length() > 1) {
                json.append(',');
            }
            json.append(member);
        }
        return json.append('}').toString();
    }

    private static String json(Object value) {
        try {
            return JsonSerialization.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
