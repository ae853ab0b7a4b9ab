package dev.keycloaktenancy;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The aliases organizations get when users create them (by themselves or as a personal workspace): an alias appears in
 * URLs, token claims and scopes ({@code organization:<alias>}), so it is kept to lower-case letters, digits and inner
 * hyphens, at most {@value #MAX_LENGTH} long.
 */
public final class OrganizationAliases {

    public static final int MAX_LENGTH = 64;
    private static final Pattern VALID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    private OrganizationAliases() {
    }

    public static boolean isValid(String alias) {
        return alias != null && VALID.matcher(alias).matches();
    }

    /** The name in lower-case ASCII letters and digits, other runs of characters as one hyphen; empty if none is left. */
    public static String from(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String hyphenated = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String cut = hyphenated.length() > MAX_LENGTH ? hyphenated.substring(0, MAX_LENGTH) : hyphenated;
        return cut.replaceAll("-+$", "");
    }
}
