package dev.keycloaktenancy.roles.transfer;

import org.keycloak.models.OrganizationModel;

import java.util.List;

/**
 * An organization's security policy as a configuration document holds it. The policy and its rules belong to the
 * {@code security} capability and the organization API; the document's reader and writer reach them through this,
 * so that a document and {@code PUT …/organizations/{org}/security} refuse the same values.
 */
public interface OrganizationPolicies {

    /** The policy as stored (methods sorted; {@link TenancyData.SecurityData#DEFAULT} when nothing is set). */
    TenancyData.SecurityData read(OrganizationModel organization);

    /**
     * What is wrong with storing {@code to} where {@code from} is stored now, each sentence starting with {@code path}.
     *
     * @param allowedMfaMethods the realm's cap as it will be once the document is applied (attribute text; null:
     *                          every method)
     */
    List<String> problems(OrganizationModel organization, TenancyData.SecurityData from, TenancyData.SecurityData to,
                          String allowedMfaMethods, String path);

    /** Stores a checked policy. */
    void write(OrganizationModel organization, TenancyData.SecurityData policy);
}
