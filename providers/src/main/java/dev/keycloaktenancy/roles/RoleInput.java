package dev.keycloaktenancy.roles;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.InputText;
import dev.keycloaktenancy.TenancyException;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * A role as clients send it (create or update). {@link #validated()} applies the limits and returns the definition
 * to store.
 */
public record RoleInput(@JsonProperty("name") String name,
                        @JsonProperty("description") String description,
                        @JsonProperty("permissions") List<String> permissions,
                        @JsonProperty("default") Boolean defaultRole) {

    /** The fields a PUT carries (the name is in the path). */
    public static final String[] FIELDS = {"description", "permissions", "default"};
    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_DESCRIPTION_LENGTH = 255;
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._:-]*");

    public RoleTemplate.RoleDefinition validated() {
        String checkedName = validName(name);
        if (description != null && description.length() > MAX_DESCRIPTION_LENGTH) {
            throw TenancyException.badRequest("The description is longer than " + MAX_DESCRIPTION_LENGTH + " characters.");
        }
        InputText.requireText(description, "description");
        Set<String> checkedPermissions = Permissions.validate(permissions);
        return new RoleTemplate.RoleDefinition(checkedName, description, checkedPermissions, Boolean.TRUE.equals(defaultRole));
    }

    /** For a PATCH: this input's fields where given, the existing role's elsewhere. */
    public RoleInput over(OrganizationRole existing, Set<String> given) {
        return new RoleInput(given.contains("name") ? name : existing.name(),
                given.contains("description") ? description : existing.description(),
                given.contains("permissions") ? permissions : List.copyOf(existing.permissions()),
                given.contains("default") ? defaultRole : existing.defaultRole());
    }

    public static String validName(String name) {
        if (name == null || name.isBlank()) {
            throw TenancyException.badRequest("A role needs a name.");
        }
        if (name.length() > MAX_NAME_LENGTH || !NAME.matcher(name).matches()) {
            throw TenancyException.badRequest("Invalid role name '" + (name.length() > 80 ? name.substring(0, 80) + "…" : name)
                    + "': use 1 to " + MAX_NAME_LENGTH + " letters, digits and . _ : -, starting with a letter or digit.");
        }
        return name;
    }
}
