package dev.keycloaktenancy.roles.transfer;

import dev.keycloaktenancy.RealmSettings;
import dev.keycloaktenancy.TenancyException;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TenancyDocumentParseTest {

    @Test
    void aConfigurationDocumentReads() {
        TenancyData data = TenancyTransfer.parse("{\"formatVersion\": 1, \"prune\": true, \"roleTemplate\": [{\"name\":"
                + " \"viewer\", \"permissions\": [\"reports:read\"], \"default\": true}], \"organizations\": [{\"alias\":"
                + " \"acme\", \"roles\": []}], \"settings\": {\"claimDefaultForm\": \"ids\", \"maxDomainsPerOrganization\": 5}}");
        assertEquals(Boolean.TRUE, data.prune());
        assertEquals(new RealmSettings("ids", 5, null, null, null, null, null, null, null), data.settings());
        assertEquals("viewer", data.roleTemplate().get(0).name());
        assertEquals(0, data.organizations().get(0).roles().size());
    }

    @Test
    void malformedDocumentsNameThePathOfTheBadField() {
        Map<String, String> documents = Map.of(
                "{\"settings\": {\"maxDomainsPerOrganization\": \"ten\"}}", "settings.maxDomainsPerOrganization",
                "{\"organizations\": [{\"alias\": \"acme\", \"colour\": \"red\"}]}", "organizations[0].colour",
                "{\"roleTemplate\": [{\"name\": \"a\"}, null]}", "roleTemplate[1]",
                "{\"roleTemplate\": [{\"name\": \"a\", \"permissions\": \"x\"}]}", "roleTemplate[0].permissions",
                "{\"prune\": \"sometimes\"}", "prune");
        documents.forEach((document, path) -> {
            TenancyException refused = assertThrows(TenancyException.class, () -> TenancyTransfer.parse(document));
            assertEquals(400, refused.status());
            assertEquals("invalid_document", refused.error(), document);
            assertTrue(refused.description().contains(" " + path), path + " in: " + refused.description());
        });
        assertEquals("invalid_request", assertThrows(TenancyException.class, () -> TenancyTransfer.parse("null")).error());
        assertEquals("invalid_document", assertThrows(TenancyException.class, () -> TenancyTransfer.parse("{x")).error());
    }
}
