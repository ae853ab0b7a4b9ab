package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.OrganizationAliases;
import dev.keycloaktenancy.TenancyException;

/**
 * What a user asks for when creating an organization: a name, optionally an alias (otherwise made from the name) and a
 * domain to claim (see {@link OrganizationAliases} for the alias rule).
 */
record NewOrganizationInput(@JsonProperty("name") String name,
                            @JsonProperty("alias") String alias,
                            @JsonProperty("domain") String domain) {

    /** The input checked, with the alias it will get. */
    NewOrganizationInput validated() {
        if (name == null) {
            throw TenancyException.missingField("name", "an organization needs a name");
        }
        if (name.isBlank() || name.length() > ProfileInput.MAX_NAME) {
            throw TenancyException.badRequest("The name must be 1 to " + ProfileInput.MAX_NAME + " characters.");
        }
        InputText.requireSingleLine(name, "name");
        String chosen = alias == null ? OrganizationAliases.from(name) : alias;
        if (!OrganizationAliases.isValid(chosen)) {
            throw TenancyException.badRequest("invalid_alias", alias == null
                    ? "No alias can be made from the name '" + InputText.shorten(name) + "': give one ('alias'), of"
                    + " lower-case letters a-z, digits and hyphens."
                    : "The alias '" + InputText.shorten(alias) + "' is not valid: use 1 to "
                    + OrganizationAliases.MAX_LENGTH + " lower-case letters a-z, digits and hyphens, starting and"
                    + " ending with a letter or digit.");
        }
        if (domain != null && domain.isBlank()) {
            throw TenancyException.badRequest("invalid_domain", "'domain' is empty: leave it out to claim no domain.");
        }
        return new NewOrganizationInput(name.strip(), chosen, domain);
    }
}
