package dev.keycloaktenancy.api.selfservice;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.List;

/** One of the caller's organizations, with the caller's roles and permissions there. */
record MyOrganization(@JsonProperty("id") String id,
                      @JsonProperty("alias") String alias,
                      @JsonProperty("name") String name,
                      @JsonProperty("roles") List<String> roles,
                      @JsonProperty("permissions") List<String> permissions) {
}
