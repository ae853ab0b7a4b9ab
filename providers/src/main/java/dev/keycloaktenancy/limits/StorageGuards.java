package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.OrganizationAttributeValues;
import dev.keycloaktenancy.keycloak.StorageEvents;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * Hooks the limits into Keycloak's storage, below every REST endpoint and flow: new user rows are counted as they
 * are written ({@link NewUserCheck}), a realm's limit attributes only change at an operator's request
 * ({@link OperatorRecordGuard}), and no directory keeps its users out of the count ({@link DirectoryImportGuard}).
 * The same hook keeps the pack's organization attributes to values its API accepts.
 * Keycloak has no veto on these writes at its own level: partial import, realm update and user federation skip the
 * user profile and publish no event that can refuse.
 */
public final class StorageGuards {

    private static final Logger LOG = Logger.getLogger(StorageGuards.class);

    private StorageGuards() {
    }

    /**
     * The pack's keys among an organization's attributes hold what its API would accept, whoever writes them (the
     * console's Attributes tab has no check of its own).
     */
    private static void organizationAttribute(String name, String value) {
        String problem = OrganizationAttributeValues.problem(name, value);
        if (problem != null) {
            throw new StorageRefusal(problem);
        }
    }

    /** Registers the checks with Keycloak's storage once; called when the database is ready. */
    public static void install(KeycloakSessionFactory factory) {
        if (StorageEvents.install(factory, new NewUserCheck(), OperatorRecordGuard.ofRequests(),
                new DirectoryImportGuard(), StorageGuards::organizationAttribute)) {
            LOG.debug("Limit checks registered with Hibernate");
        }
    }
}
