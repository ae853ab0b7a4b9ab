package dev.keycloaktenancy.domains;

import com.fasterxml.jackson.annotation.JsonProperty;

/** Body of a domain claim: {@code {"name": "example.com"}}. */
public record DomainNameInput(@JsonProperty("name") String name) {
}
