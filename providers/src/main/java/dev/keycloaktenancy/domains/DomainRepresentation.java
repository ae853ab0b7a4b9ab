package dev.keycloaktenancy.domains;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/** A domain of an organization, with what to publish in DNS while it is not verified yet. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DomainRepresentation(@JsonProperty("name") String name,
                                   @JsonProperty("verified") boolean verified,
                                   @JsonProperty("verification") Verification verification) {

    /** The TXT record that proves control of the domain. */
    public record Verification(@JsonProperty("type") String type,
                               @JsonProperty("name") String recordName,
                               @JsonProperty("value") String recordValue) {
    }
}
