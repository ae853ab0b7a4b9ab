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
import java.util.Set;

/**
 * The {@code organization} claim that the pack writes whole, as JSON text that a token carries as it is. The claim
 * naming all the user's organizations (what {@code organization:*} asks for) is made once per form from the user's
 * kept roles and kept with them ({@link RolesByOrganization#derived}): a change of roles or memberships makes a new
 * value, so the text never outlives what it was made from. For a user in 1000 organizations a token then copies
 * one text instead of Keycloak writing 1000 maps into the access token and again into the ID token, on every
 * request. A claim naming some of them is written once per request.
 */
final class ClaimJson {

    private final Set<String> aliases;
    private final RawValue text;

    private ClaimJson(Set<String> aliases, RawValue text) {
        this.aliases = aliases;
        this.text = text;
    }

    /** The claim naming these organizations of the user (some or all), in this form. */
    static RawValue of(RolesByOrganization roles, ClaimForm form, Collection<String> aliases) {
        ClaimJson all = roles.derived(form, ClaimJson.class,
                () -> new ClaimJson(roles.byAlias().keySet(), text(roles, form, roles.byAlias().keySet())));
        if (aliases.size() == all.aliases.size() && all.aliases.containsAll(aliases)) {
            return all.text;
        }
        return text(roles, form, aliases);
    }

    private static RawValue text(RolesByOrganization roles, ClaimForm form, Collection<String> aliases) {
        Map<String, Object> claim = new HashMap<>(aliases.size() * 2);
        for (String alias : aliases) {
            Map<String, Object> value = new LinkedHashMap<>(4);
            form.fill(value, roles.in(alias));
            claim.put(alias, value);
        }
        try {
            return new RawValue(new SerializedString(JsonSerialization.writeValueAsString(claim)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
