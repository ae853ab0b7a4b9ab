package dev.keycloaktenancy.audit;

import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;

import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * One page of audit records, newest first: {@code first} and {@code max} page, {@code action} (a whole action name,
 * or a prefix ending in a dot: {@code member.}), {@code actor} (a user id or client id), {@code from} and {@code to}
 * (instants, ISO-8601 or milliseconds since the epoch; {@code from} inclusive, {@code to} exclusive).
 */
public record AuditQuery(int first, int max, String action, String actor, Long from, Long to) {

    public static final int DEFAULT_MAX = 50;
    public static final int MAX_MAX = 200;

    /** Reads the page's filters from query parameters; refuses bad input with 400. */
    public static AuditQuery of(int first, int max, String action, String actor, String from, String to) {
        Long fromMillis = instant("from", from);
        Long toMillis = instant("to", to);
        if (fromMillis != null && toMillis != null && fromMillis > toMillis) {
            throw TenancyException.badRequest("'from' is after 'to'.");
        }
        return new AuditQuery(first, max, text("action", action, 64), text("actor", actor, InputText.MAX_KEY_LENGTH),
                fromMillis, toMillis);
    }

    /** Whether {@code action} names a family of actions ({@code member.}) rather than one. */
    public boolean actionIsPrefix() {
        return action != null && action.endsWith(".");
    }

    private static String text(String name, String value, int maxLength) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() > maxLength || !InputText.isPlainLine(value)) {
            throw TenancyException.badRequest("'" + name + "' must be one line of at most " + maxLength + " characters.");
        }
        return value;
    }

    static Long instant(String name, String value) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        if (value.length() <= 15 && value.chars().allMatch(Character::isDigit)) {
            return Long.parseLong(value);
        }
        try {
            return Instant.parse(value).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw TenancyException.badRequest("'" + name + "' must be an instant such as 2026-01-31T12:00:00Z, or"
                    + " milliseconds since 1970.");
        }
    }
}
