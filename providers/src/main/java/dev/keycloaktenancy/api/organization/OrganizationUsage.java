package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** How much of its member limit an organization uses; {@code maxMembers} is null when it has none. */
record OrganizationUsage(@JsonProperty("members") long members,
                         @JsonProperty("maxMembers") @JsonInclude(JsonInclude.Include.ALWAYS) Integer maxMembers,
                         @JsonProperty("pendingInvitations") long pendingInvitations) {
}
