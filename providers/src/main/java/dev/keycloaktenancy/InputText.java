package dev.keycloaktenancy;

import java.util.regex.Pattern;

/**
 * Checks on text from requests before it reaches a query or a page. NUL is refused everywhere (PostgreSQL rejects
 * it, which would turn bad input into a server error); identifiers and names refuse every control character.
 */
public final class InputText {

    public static final int MAX_KEY_LENGTH = 255;

    private static final Pattern CONTROL = Pattern.compile("\\p{Cntrl}");
    private static final Pattern CONTROL_EXCEPT_WHITESPACE = Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F]");
    private static final Pattern ESCAPED_NUL = Pattern.compile("\\\\[uU]0000");

    private InputText() {
    }

    /** An id, alias or name from a path: usable for a look-up, or answered as not found by the caller. */
    public static boolean isSafeKey(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_KEY_LENGTH && !CONTROL.matcher(value).find();
    }

    /** A JSON body must not carry NUL, raw or escaped. */
    public static void requireNoNul(String body) {
        if (body != null && (body.indexOf('\0') >= 0 || ESCAPED_NUL.matcher(body).find())) {
            throw TenancyException.badRequest("The request contains a NUL character, which no field accepts.");
        }
    }

    /** A single-line value (a name, an email, a search). */
    public static void requireSingleLine(String value, String field) {
        if (value != null && CONTROL.matcher(value).find()) {
            throw TenancyException.badRequest("'" + field + "' contains control characters.");
        }
    }

    /** Free text (a description): tabs and line breaks are fine, other control characters are not. */
    public static void requireText(String value, String field) {
        if (value != null && CONTROL_EXCEPT_WHITESPACE.matcher(value).find()) {
            throw TenancyException.badRequest("'" + field + "' contains control characters.");
        }
    }
}
