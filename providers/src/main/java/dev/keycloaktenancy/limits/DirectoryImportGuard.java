package dev.keycloaktenancy.limits;

import dev.keycloaktenancy.LimitValue;
import dev.keycloaktenancy.Tenancy;
import dev.keycloaktenancy.keycloak.StorageEvents;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.utils.KeycloakSessionUtil;

/**
 * A user storage provider that does not import its users (LDAP with "Import users" off) keeps them out of Keycloak's
 * user table, where the user limit counts: in a realm with {@code tenancy.limits.max-users} only the platform
 * operator may set one up, whether by adding such a provider or by switching one to it.
 */
final class DirectoryImportGuard implements StorageEvents.DirectoryRows {

    private static final Logger LOG = Logger.getLogger(DirectoryImportGuard.class);

    @Override
    public void withoutImport(String realmId, String directoryName, StorageEvents.FlushReads reads) {
        KeycloakSession session = KeycloakSessionUtil.getKeycloakSession();
        if (session == null || CreatedRealms.contains(session, realmId) || OperatorCheck.allows(session)) {
            return;
        }
        Integer max = LimitValue.read(reads.realmAttribute(realmId, Tenancy.MAX_USERS), null, "realm " + realmId,
                Tenancy.MAX_USERS);
        if (max == null) {
            return;
        }
        LOG.warnf("Refused user storage provider %s without import in realm %s, which has a user limit",
                directoryName, realmId);
        throw new StorageRefusal("This realm has a limit of " + max + " users, and users of a directory that are not"
                + " imported would not count against it: turn on 'Import users' for " + directoryName
                + ". Only the platform operator (master realm role " + Tenancy.PROVISIONER_ROLE + ") may set up a"
                + " directory without import here.");
    }
}
