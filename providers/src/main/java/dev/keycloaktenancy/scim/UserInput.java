package dev.keycloaktenancy.scim;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.Locale;

/**
 * The attributes of a SCIM User the pack stores, read from a request's resource. The mapping is the one of Keycloak's
 * own SCIM server ({@code scim-api}): {@code userName} is the username, the primary (or first) of {@code emails} the
 * email, {@code name.givenName} and {@code name.familyName} first and last name, {@code active} whether the account is
 * enabled; {@code externalId} is kept as a user attribute. Anything else a directory sends is ignored.
 */
public record UserInput(String userName, String externalId, String givenName, String familyName, String email,
                        Boolean active) {

    static final int MAX_LENGTH = 255;

    public static UserInput read(JsonNode resource) {
        if (resource == null || !resource.isObject()) {
            throw ScimError.invalidSyntax("The request body must be a JSON object: a SCIM User.");
        }
        String userName = text(resource, "userName");
        if (userName == null || userName.isBlank()) {
            throw ScimError.invalidValue("Attribute 'userName' is required.");
        }
        JsonNode name = resource.get("name");
        String givenName = name != null && name.isObject() ? text(name, "givenName") : null;
        String familyName = name != null && name.isObject() ? text(name, "familyName") : null;
        return new UserInput(userName.strip(), text(resource, "externalId"), givenName, familyName,
                primaryEmail(resource.get("emails")), active(resource.get("active")));
    }

    /**
     * {@code active} as a boolean; Microsoft Entra ID sends the strings {@code "True"} and {@code "False"} in PATCH
     * requests, so those (in any case) count too.
     */
    static Boolean active(JsonNode value) {
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.booleanValue();
        }
        if (value.isTextual()) {
            String text = value.textValue().strip().toLowerCase(Locale.ROOT);
            if (text.equals("true") || text.equals("false")) {
                return Boolean.valueOf(text);
            }
        }
        throw ScimError.invalidValue("Attribute 'active' must be true or false.");
    }

    /** The value of the email marked primary, else of the first email; null when none is given. */
    static String primaryEmail(JsonNode emails) {
        if (emails == null || emails.isNull()) {
            return null;
        }
        if (!emails.isArray()) {
            throw ScimError.invalidValue("Attribute 'emails' must be an array of objects with a 'value'.");
        }
        JsonNode chosen = null;
        for (JsonNode email : emails) {
            if (!email.isObject()) {
                throw ScimError.invalidValue("Attribute 'emails' must be an array of objects with a 'value'.");
            }
            if (chosen == null || email.path("primary").asBoolean(false)) {
                chosen = email;
            }
        }
        return chosen == null ? null : text(chosen, "value");
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isTextual()) {
            throw ScimError.invalidValue("Attribute '" + field + "' must be a string.");
        }
        String text = value.textValue();
        if (text.length() > MAX_LENGTH || text.indexOf('\0') >= 0 || text.chars().anyMatch(c -> c == '\n' || c == '\r')) {
            throw ScimError.invalidValue("Attribute '" + field + "' must be one line of at most " + MAX_LENGTH
                    + " characters.");
        }
        return text;
    }
}
