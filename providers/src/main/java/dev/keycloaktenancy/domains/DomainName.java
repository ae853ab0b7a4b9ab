package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.TenancyException;
import org.keycloak.models.ModelValidationException;
import org.keycloak.organization.utils.Organizations;

import java.net.IDN;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Domain names as organizations claim them: lower case, without a trailing dot, internationalised names in their
 * ASCII (punycode) form, and wildcards ({@code *.example.com}) under Keycloak's own rules.
 */
public final class DomainName {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String WILDCARD = "*.";

    private DomainName() {
    }

    /** The canonical form, or a 400 saying what is wrong. */
    public static String normalize(String input) {
        if (input == null || input.isBlank()) {
            throw TenancyException.badRequest("Give a domain name, like example.com.");
        }
        String name = input.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        boolean wildcard = name.startsWith(WILDCARD);
        String base = wildcard ? name.substring(WILDCARD.length()) : name;
        String ascii;
        try {
            ascii = IDN.toASCII(base, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            throw TenancyException.badRequest("'" + shorten(input) + "' is not a valid domain name.");
        }
        String[] labels = ascii.split("\\.", -1);
        if (ascii.length() > 253 || labels.length < 2) {
            throw TenancyException.badRequest("'" + shorten(input) + "' is not a valid domain name: use a name like example.com.");
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                throw TenancyException.badRequest("'" + shorten(input) + "' is not a valid domain name.");
            }
        }
        String normalized = wildcard ? WILDCARD + ascii : ascii;
        try {
            Organizations.validateDomain(normalized);
        } catch (ModelValidationException e) {
            throw TenancyException.badRequest("'" + shorten(input) + "' cannot be claimed: " + e.getMessage() + ".");
        }
        return normalized;
    }

    /** The name whose DNS zone proves control: the domain itself, or the base of a wildcard. */
    public static String zoneOf(String normalized) {
        return normalized.startsWith(WILDCARD) ? normalized.substring(WILDCARD.length()) : normalized;
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
