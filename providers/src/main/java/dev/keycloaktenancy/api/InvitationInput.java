package dev.keycloaktenancy.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;

import java.util.List;
import java.util.regex.Pattern;

/** An invitation to send: who, and the roles they get on joining (besides the default roles). */
public record InvitationInput(@JsonProperty("email") String email,
                             @JsonProperty("firstName") String firstName,
                             @JsonProperty("lastName") String lastName,
                             @JsonProperty("roles") List<String> roles) {

    private static final Pattern EMAIL = Pattern.compile("[^@\\s]+@[^@\\s]+\\.[^@\\s]+");

    public InvitationInput validated() {
        if (email == null || email.length() > 254 || !EMAIL.matcher(email).matches()) {
            throw TenancyException.badRequest("Give the email address to invite, like name@example.com.");
        }
        for (String name : new String[]{firstName, lastName}) {
            if (name != null && name.length() > 255) {
                throw TenancyException.badRequest("Names are at most 255 characters.");
            }
            InputText.requireSingleLine(name, "firstName/lastName");
        }
        return new InvitationInput(email.trim(), firstName, lastName, roles == null ? List.of() : roles);
    }
}
