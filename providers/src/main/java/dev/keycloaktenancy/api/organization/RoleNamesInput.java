package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** Body of the member-roles operations: {@code {"roles": ["admin", "billing"]}}. */
public record RoleNamesInput(@JsonProperty("roles") List<String> roles) {
}
