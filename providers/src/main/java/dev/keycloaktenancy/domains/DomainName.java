package dev.keycloaktenancy.domains;

import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.keycloak.DomainLookup;
import org.keycloak.models.ModelValidationException;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * Domain names as the pack compares them: lower case, without a trailing dot, internationalised names in their ASCII
 * (punycode) form, and wildcards ({@code *.example.com}) under Keycloak's own rules. Organizations' stored domains
 * are in this form, and so is every email domain the pack looks up, so that "Alice@ACME.Test.", "alice+x@acme.test"
 * and "hans@bücher.test" meet the domains "acme.test" and "xn--bcher-kva.test".
 */
public final class DomainName {

    private static final Pattern LABEL = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    private static final String WILDCARD = "*.";

    private DomainName() {
    }

    /** The canonical form of a domain an organization claims, or a 400 saying what is wrong. */
    public static String normalize(String input) {
        if (input == null || input.isBlank()) {
            throw TenancyException.badRequest("Give a domain name, like example.com.");
        }
        String name = input.strip();
        boolean wildcard = name.startsWith(WILDCARD);
        Optional<String> ascii = ascii(wildcard ? name.substring(WILDCARD.length()) : name);
        if (ascii.isEmpty()) {
            throw TenancyException.badRequest("'" + shorten(input) + "' is not a valid domain name: use a name like"
                    + " example.com." + punycodeHint(input));
        }
        String normalized = wildcard ? WILDCARD + ascii.get() : ascii.get();
        try {
            DomainLookup.validate(normalized);
        } catch (ModelValidationException e) {
            throw TenancyException.badRequest("'" + shorten(input) + "' cannot be claimed: " + e.getMessage() + ".");
        }
        return normalized;
    }

    /**
     * The canonical domain of an email address (the part after its last '@'), or empty when it has none that could be
     * an organization's. Plus-addressing and quoted local parts do not matter: only the domain is read.
     */
    public static Optional<String> ofEmail(String email) {
        if (email == null) {
            return Optional.empty();
        }
        int at = email.strip().lastIndexOf('@');
        return at < 1 ? Optional.empty() : ascii(email.strip().substring(at + 1));
    }

    /** The canonical form of a host name (no wildcard), or empty when it is not one. */
    public static Optional<String> ofHost(String host) {
        return host == null ? Optional.empty() : ascii(host);
    }

    /** For a refused international name: how to give it so that it is read as browsers read it. */
    public static String punycodeHint(String input) {
        return input.chars().allMatch(c -> c < 128) ? "" : " An international name is accepted as it converts to"
                + " punycode and back unchanged; give names with ß, ς, full-width letters or joiners in punycode"
                + " (xn--…), as your registrar shows them.";
    }

    /** The name whose DNS zone proves control: the domain itself, or the base of a wildcard. */
    public static String zoneOf(String normalized) {
        return isWildcard(normalized) ? normalized.substring(WILDCARD.length()) : normalized;
    }

    public static boolean isWildcard(String normalized) {
        return normalized.startsWith(WILDCARD);
    }

    /**
     * Whether an organization's canonical domain covers an email's canonical domain, as Keycloak matches them: an
     * exact domain covers itself, a wildcard covers its base and every name below it.
     */
    public static boolean covers(String domain, String emailDomain) {
        if (!isWildcard(domain)) {
            return domain.equals(emailDomain);
        }
        String zone = zoneOf(domain);
        return emailDomain.equals(zone) || emailDomain.endsWith("." + zone);
    }

    /**
     * Whether two canonical domains claim overlapping ground: one is the other, lies below it, or is a wildcard that
     * covers it. {@code acme.test} and {@code eng.acme.test} overlap; so do {@code *.acme.test} and {@code acme.test};
     * {@code acme.test} and {@code acme.test.evil.test} do not.
     */
    public static boolean overlap(String claimed, String held) {
        String claimedZone = zoneOf(claimed);
        String heldZone = zoneOf(held);
        return claimedZone.equals(heldZone) || claimedZone.endsWith("." + heldZone)
                || isWildcard(claimed) && heldZone.endsWith("." + claimedZone);
    }

    /**
     * ASCII, lower case, no trailing dot, at least two valid labels; empty otherwise. The JDK converts international
     * names by IDNA2003, which maps a few characters (ß, ς, joiners, full-width forms) where browsers and registries,
     * on IDNA2008, keep them: "straße.example" would become "strasse.example", another domain with another owner.
     * A name that does not convert back to itself is therefore refused; in punycode ({@code xn--…}) it is accepted.
     */
    private static Optional<String> ascii(String domain) {
        String name = domain.strip();
        if (name.endsWith(".")) {
            name = name.substring(0, name.length() - 1);
        }
        String ascii;
        try {
            ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            if (!name.chars().allMatch(c -> c < 128) && !IDN.toUnicode(ascii, IDN.USE_STD3_ASCII_RULES)
                    .equals(Normalizer.normalize(name.toLowerCase(Locale.ROOT), Normalizer.Form.NFC))) {
                return Optional.empty();
            }
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        String[] labels = ascii.split("\\.", -1);
        if (ascii.length() > 253 || labels.length < 2) {
            return Optional.empty();
        }
        for (String label : labels) {
            if (!LABEL.matcher(label).matches()) {
                return Optional.empty();
            }
        }
        return Optional.of(ascii);
    }

    private static String shorten(String value) {
        return value.length() > 80 ? value.substring(0, 80) + "…" : value;
    }
}
