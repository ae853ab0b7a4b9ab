package dev.keycloaktenancy.api.organization;

import com.fasterxml.jackson.annotation.JsonProperty;
import dev.keycloaktenancy.Branding;
import org.keycloak.models.OrganizationModel;

import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** An organization as its members see it: profile, domains and branding. */
record OrganizationView(@JsonProperty("id") String id,
                        @JsonProperty("alias") String alias,
                        @JsonProperty("name") String name,
                        @JsonProperty("description") String description,
                        @JsonProperty("domains") List<Domain> domains,
                        @JsonProperty("branding") Branding branding) {

    record Domain(@JsonProperty("name") String name, @JsonProperty("verified") boolean verified) {
    }

    static OrganizationView of(OrganizationModel organization) {
        return of(organization, organization.getAttributes());
    }

    /** With the attributes given, for right after an update (the model may still hold the ones it read before). */
    static OrganizationView of(OrganizationModel organization, Map<String, List<String>> attributes) {
        return new OrganizationView(organization.getId(), organization.getAlias(), organization.getName(),
                organization.getDescription(),
                organization.getDomains().map(d -> new Domain(d.getName(), d.isVerified()))
                        .sorted(Comparator.comparing(Domain::name)).toList(),
                Branding.fromAttributes(attributes, "organization " + organization.getAlias()));
    }
}
