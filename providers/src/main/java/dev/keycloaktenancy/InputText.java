package dev.keycloaktenancy;

import java.util.regex.Pattern;

/**
 * Checks on text from requests before it reaches a query or a page. NUL is refused everywhere (PostgreSQL rejects
 * it, which would turn bad input into a server error). Names and identifiers refuse control characters, and also the
 * invisible characters that change how text reads: Unicode text-direction controls (which make a name display in
 * another order than it is stored) and line or paragraph separators.
 */
public final class InputText {

    public static final int MAX_KEY_LENGTH = 255;

    private static final String INVISIBLE = "\\u2028\\u2029\\u200E\\u200F\\u061C\\u202A-\\u202E\\u2066-\\u2069";
    private static final Pattern NOT_PLAIN = Pattern.compile("[\\x00-\\x1F\\x7F-\\x9F" + INVISIBLE + "]");
    private static final Pattern NOT_PLAIN_EXCEPT_LINE_BREAKS =
            Pattern.compile("[\\x00-\\x08\\x0B\\x0C\\x0E-\\x1F\\x7F-\\x9F" + INVISIBLE + "]");
    private static final Pattern ESCAPED_NUL = Pattern.compile("\\\\[uU]0000");

    private InputText() {
    }

    /** One line of visible text: no control, text-direction or separator characters. */
    public static boolean isPlainLine(String value) {
        return value != null && !NOT_PLAIN.matcher(value).find();
    }

    /** An id, alias or name from a path: usable for a look-up, or answered as not found by the caller. */
    public static boolean isSafeKey(String value) {
        return value != null && !value.isEmpty() && value.length() <= MAX_KEY_LENGTH && isPlainLine(value);
    }

    /**
     * A value from a request, quoted in an answer: at most 80 characters, and without control or invisible
     * characters, which could forge lines in a log or reorder what a reader sees.
     */
    public static String shorten(String value) {
        if (value == null) {
            return "";
        }
        String plain = NOT_PLAIN.matcher(value).replaceAll("?");
        return plain.length() > 80 ? plain.substring(0, 80) + "…" : plain;
    }

    /** A JSON body must not carry NUL, raw or escaped. */
    public static void requireNoNul(String body) {
        if (body != null && (body.indexOf('\0') >= 0 || ESCAPED_NUL.matcher(body).find())) {
            throw TenancyException.badRequest("The request contains a NUL character, which no field accepts.");
        }
    }

    /** A single-line value (a name, an email, a search). */
    public static void requireSingleLine(String value, String field) {
        if (value != null && !isPlainLine(value)) {
            throw TenancyException.badRequest("'" + field + "' contains control, text-direction or line-separator characters.");
        }
    }

    /** Free text (a description): tabs and line breaks are fine, other control and invisible characters are not. */
    public static void requireText(String value, String field) {
        if (value != null && NOT_PLAIN_EXCEPT_LINE_BREAKS.matcher(value).find()) {
            throw TenancyException.badRequest("'" + field + "' contains control or text-direction characters.");
        }
    }
}
