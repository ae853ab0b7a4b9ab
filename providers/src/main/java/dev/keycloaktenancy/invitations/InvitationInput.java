package dev.keycloaktenancy.invitations;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;
import org.keycloak.utils.EmailValidationUtil;

import java.util.List;
import java.util.Locale;

/** An invitation to send: who, and the roles they get on joining (besides the default roles). */
public record InvitationInput(@JsonProperty("email") String email,
                             @JsonProperty("firstName") String firstName,
                             @JsonProperty("lastName") String lastName,
                             @JsonProperty("roles") List<String> roles) {

    /**
     * Checked by Keycloak's own email rule, the one the user profile applies at registration, so an invitation is
     * never sent to an address that registration would then refuse. The address is kept in lower case.
     */
    public InvitationInput validated() {
        String trimmed = email == null ? null : email.trim();
        if (trimmed == null || trimmed.length() > 254 || !EmailValidationUtil.isValidEmail(trimmed)) {
            throw TenancyException.badRequest("invalid_email", "Give the email address to invite, like"
                    + " name@example.com.");
        }
        for (String name : new String[]{firstName, lastName}) {
            if (name != null && name.length() > 255) {
                throw TenancyException.badRequest("Names are at most 255 characters.");
            }
            InputText.requireSingleLine(name, "firstName/lastName");
        }
        return new InvitationInput(trimmed.toLowerCase(Locale.ROOT), firstName, lastName, roles == null ? List.of() : roles);
    }
}
