package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;

import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What a user asks for when creating an organization: a name, optionally an alias (otherwise made from the name) and a
 * domain to claim. An alias appears in URLs, token claims and scopes ({@code organization:<alias>}), so it is kept to
 * lower-case letters, digits and inner hyphens.
 */
record NewOrganizationInput(@JsonProperty("name") String name,
                            @JsonProperty("alias") String alias,
                            @JsonProperty("domain") String domain) {

    static final int MAX_ALIAS = 64;
    private static final Pattern ALIAS = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,62}[a-z0-9])?");

    /** The input checked, with the alias it will get. */
    NewOrganizationInput validated() {
        if (name == null) {
            throw TenancyException.missingField("name", "an organization needs a name");
        }
        if (name.isBlank() || name.length() > ProfileInput.MAX_NAME) {
            throw TenancyException.badRequest("The name must be 1 to " + ProfileInput.MAX_NAME + " characters.");
        }
        InputText.requireSingleLine(name, "name");
        String chosen = alias == null ? aliasFrom(name) : alias;
        if (!ALIAS.matcher(chosen).matches()) {
            throw TenancyException.badRequest("invalid_alias", alias == null
                    ? "No alias can be made from the name '" + InputText.shorten(name) + "': give one ('alias'), of"
                    + " lower-case letters a-z, digits and hyphens."
                    : "The alias '" + InputText.shorten(alias) + "' is not valid: use 1 to " + MAX_ALIAS + " lower-case"
                    + " letters a-z, digits and hyphens, starting and ending with a letter or digit.");
        }
        if (domain != null && domain.isBlank()) {
            throw TenancyException.badRequest("invalid_domain", "'domain' is empty: leave it out to claim no domain.");
        }
        return new NewOrganizationInput(name.strip(), chosen, domain);
    }

    /** The name in lower-case ASCII letters and digits, other runs of characters as one hyphen, at most 64 long. */
    static String aliasFrom(String name) {
        String ascii = Normalizer.normalize(name, Normalizer.Form.NFKD).replaceAll("\\p{M}", "").toLowerCase(Locale.ROOT);
        String hyphenated = ascii.replaceAll("[^a-z0-9]+", "-").replaceAll("^-+|-+$", "");
        String cut = hyphenated.length() > MAX_ALIAS ? hyphenated.substring(0, MAX_ALIAS) : hyphenated;
        return cut.replaceAll("-+$", "");
    }
}
