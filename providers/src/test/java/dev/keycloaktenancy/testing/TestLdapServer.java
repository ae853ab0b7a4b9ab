package dev.keycloaktenancy.testing;

import com.unboundid.ldap.listener.InMemoryDirectoryServer;
import com.unboundid.ldap.listener.InMemoryDirectoryServerConfig;
import com.unboundid.ldap.listener.InMemoryListenerConfig;
import com.unboundid.util.LDAPSDKException;
import org.keycloak.admin.client.resource.RealmResource;
import org.keycloak.common.util.MultivaluedHashMap;
import org.keycloak.representations.idm.ComponentRepresentation;
import jakarta.ws.rs.core.Response;

import java.net.InetAddress;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * An in-memory LDAP directory on loopback for user federation tests: people under {@code ou=people,dc=example,dc=test}
 * with a uid, a mail address and a password.
 */
public final class TestLdapServer implements AutoCloseable {

    public static final int PORT = 15389;
    private static final String BASE = "dc=example,dc=test";
    private static final String PEOPLE = "ou=people," + BASE;
    private static final String BIND_DN = "cn=keycloak," + BASE;
    private static final String BIND_PASSWORD = "keycloak-bind";

    private final InMemoryDirectoryServer server;

    public TestLdapServer() throws LDAPSDKException {
        InMemoryDirectoryServerConfig config = new InMemoryDirectoryServerConfig(BASE);
        config.addAdditionalBindCredentials(BIND_DN, BIND_PASSWORD);
        config.setListenerConfigs(InMemoryListenerConfig.createLDAPConfig("ldap", InetAddress.getLoopbackAddress(),
                PORT, null));
        server = new InMemoryDirectoryServer(config);
        server.add("dn: " + BASE, "objectClass: top", "objectClass: domain", "dc: example");
        server.add("dn: " + PEOPLE, "objectClass: top", "objectClass: organizationalUnit", "ou: people");
        server.startListening();
    }

    public void person(String uid, String password) throws LDAPSDKException {
        server.add("dn: uid=" + uid + "," + PEOPLE, "objectClass: top", "objectClass: person",
                "objectClass: organizationalPerson", "objectClass: inetOrgPerson", "uid: " + uid, "cn: " + uid,
                "sn: Directory", "mail: " + uid + "@ldap.example.test", "userPassword: " + password);
    }

    /** Adds a read-only LDAP provider that imports users into the realm on first login or sync; returns its id. */
    public String federate(RealmResource realm, String realmId) {
        try (Response created = realm.components().add(provider(realmId, true))) {
            assertEquals(201, created.getStatus(), () -> created.readEntity(String.class));
            String location = created.getLocation().getPath();
            return location.substring(location.lastIndexOf('/') + 1);
        }
    }

    /** The read-only LDAP provider of this directory for a realm, importing its users or not. */
    public static ComponentRepresentation provider(String realmId, boolean importUsers) {
        return provider(realmId, importUsers, "READ_ONLY");
    }

    /** The LDAP provider of this directory for a realm, with an edit mode (READ_ONLY, WRITABLE). */
    public static ComponentRepresentation provider(String realmId, boolean importUsers, String editMode) {
        ComponentRepresentation ldap = new ComponentRepresentation();
        ldap.setName("test-ldap");
        ldap.setProviderId("ldap");
        ldap.setProviderType("org.keycloak.storage.UserStorageProvider");
        ldap.setParentId(realmId);
        MultivaluedHashMap<String, String> config = new MultivaluedHashMap<>();
        config.putSingle("enabled", "true");
        config.putSingle("vendor", "other");
        config.putSingle("connectionUrl", "ldap://127.0.0.1:" + PORT);
        config.putSingle("bindDn", BIND_DN);
        config.putSingle("bindCredential", BIND_PASSWORD);
        config.putSingle("authType", "simple");
        config.putSingle("usersDn", PEOPLE);
        config.putSingle("usernameLDAPAttribute", "uid");
        config.putSingle("rdnLDAPAttribute", "uid");
        config.putSingle("uuidLDAPAttribute", "entryUUID");
        config.putSingle("userObjectClasses", "inetOrgPerson, organizationalPerson");
        config.putSingle("searchScope", "1");
        config.putSingle("editMode", editMode);
        config.putSingle("importEnabled", String.valueOf(importUsers));
        config.putSingle("syncRegistrations", "false");
        config.putSingle("pagination", "false");
        ldap.setConfig(config);
        return ldap;
    }

    @Override
    public void close() {
        server.shutDown(true);
    }
}
