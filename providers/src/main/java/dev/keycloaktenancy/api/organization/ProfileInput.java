package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.Branding;

/**
 * A profile change. As a PATCH, fields left out (null) stay as they are and an empty branding value removes one; as a
 * PUT (the whole profile: {@link #FIELDS} all present), a null description and every branding value left out are
 * removed.
 */
record ProfileInput(@JsonProperty("name") String name,
                    @JsonProperty("description") String description,
                    @JsonProperty("branding") Branding branding) {

    static final String[] FIELDS = {"name", "description", "branding"};
    static final int MAX_NAME = 255;
    static final int MAX_DESCRIPTION = 1000;

    ProfileInput validated() {
        if (name != null && (name.isBlank() || name.length() > MAX_NAME)) {
            throw TenancyException.badRequest("The name must be 1 to " + MAX_NAME + " characters.");
        }
        if (description != null && description.length() > MAX_DESCRIPTION) {
            throw TenancyException.badRequest("The description is longer than " + MAX_DESCRIPTION + " characters.");
        }
        InputText.requireSingleLine(name, "name");
        InputText.requireText(description, "description");
        if (branding != null) {
            branding.validatedForWrite();
        }
        return this;
    }

    /** This input as the whole profile: what it leaves out is emptied rather than kept. */
    ProfileInput whole() {
        if (name == null) {
            throw TenancyException.missingField("name", "an organization needs a name");
        }
        Branding given = branding == null ? Branding.NONE : branding;
        return new ProfileInput(name, description == null ? "" : description, new Branding(
                orEmpty(given.displayName()), orEmpty(given.logoUrl()), orEmpty(given.primaryColor()),
                orEmpty(given.backgroundColor())));
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
