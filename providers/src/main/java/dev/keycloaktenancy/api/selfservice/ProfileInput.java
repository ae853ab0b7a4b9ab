package dev.keycloaktenancy.api.selfservice;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import dev.keycloaktenancy.Branding;

/** A profile update: fields left out (null) stay as they are; an empty branding value removes it. */
record ProfileInput(@JsonProperty("name") String name,
                    @JsonProperty("description") String description,
                    @JsonProperty("branding") Branding branding) {

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
}
