package dev.keycloaktenancy.scim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.GenericScimResource;
import com.unboundid.scim2.common.messages.PatchRequest;
import com.unboundid.scim2.common.utils.JsonUtils;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Reading users and PATCH requests in the shapes directories send, and the filters the SDK evaluates. */
class ScimInputTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    private static JsonNode json(String text) throws Exception {
        return JSON.readTree(text);
    }

    private static final String RENDERED = """
            {"schemas":["urn:ietf:params:scim:schemas:core:2.0:User"],"id":"u1","userName":"alice@acme.test",
             "name":{"givenName":"Alice","familyName":"Doe"},
             "emails":[{"value":"alice@acme.test","type":"work","primary":true}],"active":true}""";

    @Test
    void readsTheMappedAttributes() throws Exception {
        UserInput input = UserInput.read(json(RENDERED));
        assertEquals("alice@acme.test", input.userName());
        assertEquals("Alice", input.givenName());
        assertEquals("Doe", input.familyName());
        assertEquals("alice@acme.test", input.email());
        assertTrue(input.active());
        assertNull(input.externalId());
    }

    @Test
    void takesThePrimaryEmailElseTheFirst() throws Exception {
        assertEquals("b@x.test", UserInput.primaryEmail(json("""
                [{"value":"a@x.test","type":"home"},{"value":"b@x.test","primary":true}]""")));
        assertEquals("a@x.test", UserInput.primaryEmail(json("""
                [{"value":"a@x.test","type":"home"},{"value":"b@x.test"}]""")));
        assertNull(UserInput.primaryEmail(json("[]")));
    }

    @Test
    void activeAsEntraSendsIt() throws Exception {
        assertFalse(UserInput.active(json("\"False\"")));
        assertTrue(UserInput.active(json("\"True\"")));
        assertFalse(UserInput.active(json("false")));
        ScimError refused = assertThrows(ScimError.class, () -> UserInput.active(json("\"no\"")));
        assertEquals("invalidValue", refused.scimType());
    }

    @Test
    void refusesAUserWithoutUserNameOrWithMultiLineValues() throws Exception {
        assertEquals(400, assertThrows(ScimError.class, () -> UserInput.read(json("{\"active\":true}"))).status());
        assertEquals(400, assertThrows(ScimError.class,
                () -> UserInput.read(json("{\"userName\":\"a\\nb\"}"))).status());
        assertEquals(400, assertThrows(ScimError.class,
                () -> UserInput.read(json("{\"userName\":\"a\",\"emails\":\"a@b.test\"}"))).status());
    }

    @Test
    void appliesEntrasPatchShapes() throws Exception {
        PatchRequest request = ScimPatches.read(JsonUtils.createObjectMapper(), json("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                  {"op":"Replace","path":"emails[type eq \\"work\\"].value","value":"alice.doe@acme.test"},
                  {"op":"Replace","path":"name.familyName","value":"Smith"},
                  {"op":"Add","path":"externalId","value":"e-1"},
                  {"op":"Replace","path":"active","value":"False"}]}"""));
        GenericScimResource resource = new GenericScimResource((ObjectNode) json(RENDERED));
        request.apply(resource);
        UserInput input = UserInput.read(resource.getObjectNode());
        assertEquals("alice.doe@acme.test", input.email());
        assertEquals("Smith", input.familyName());
        assertEquals("e-1", input.externalId());
        assertFalse(input.active());
    }

    @Test
    void appliesOktasPathlessReplace() throws Exception {
        PatchRequest request = ScimPatches.read(JsonUtils.createObjectMapper(), json("""
                {"schemas":["urn:ietf:params:scim:api:messages:2.0:PatchOp"],"Operations":[
                  {"op":"replace","value":{"active":false}}]}"""));
        GenericScimResource resource = new GenericScimResource((ObjectNode) json(RENDERED));
        request.apply(resource);
        assertFalse(UserInput.read(resource.getObjectNode()).active());
    }

    @Test
    void refusesMalformedPatches() {
        assertEquals("invalidSyntax", assertThrows(ScimError.class,
                () -> ScimPatches.read(JsonUtils.createObjectMapper(), json("{\"Operations\":{}}"))).scimType());
        assertEquals("invalidSyntax", assertThrows(ScimError.class,
                () -> ScimPatches.read(JsonUtils.createObjectMapper(), json("""
                        {"Operations":[{"op":"jump","path":"active"}]}"""))).scimType());
    }

    @Test
    void evaluatesFilters() throws Exception {
        JsonNode user = json(RENDERED);
        assertTrue(ScimUsers.matches(ScimUsers.parseFilter("userName eq \"Alice@acme.test\""), user));
        assertTrue(ScimUsers.matches(ScimUsers.parseFilter("emails.value co \"@acme\" and active eq true"), user));
        assertTrue(ScimUsers.matches(ScimUsers.parseFilter("name.givenName sw \"Al\" or userName eq \"x\""), user));
        assertTrue(ScimUsers.matches(ScimUsers.parseFilter("emails[type eq \"work\" and value co \"@acme\"]"), user));
        assertFalse(ScimUsers.matches(ScimUsers.parseFilter("externalId pr"), user));
        assertEquals("invalidFilter", assertThrows(ScimError.class,
                () -> ScimUsers.parseFilter("userName eq")).scimType());
    }

    @Test
    void tokensAreHashedAndTheLimiterBlocksAfterTheLimit() {
        assertEquals(64, ScimTokens.hash("tscim_x").length());
        FailedAuthentications failures = new FailedAuthentications();
        for (int i = 0; i < FailedAuthentications.MAX_FAILURES; i++) {
            assertEquals(0, failures.retryAfterSeconds("10.0.0.1", 1000));
            failures.failed("10.0.0.1", 1000);
        }
        assertEquals(60, failures.retryAfterSeconds("10.0.0.1", 1000));
        assertEquals(0, failures.retryAfterSeconds("10.0.0.2", 1000));
        assertEquals(0, failures.retryAfterSeconds("10.0.0.1", 1000 + FailedAuthentications.WINDOW_MS));
    }

    @Test
    void theScanLimitIsTenThousandUnlessTheOperatorSetsAnother() {
        assertEquals(10_000, ScimSettings.DEFAULTS.maxScannedMembers());
        assertEquals(0, new ScimSettings(0).maxScannedMembers());
        IllegalArgumentException refused = assertThrows(IllegalArgumentException.class, () -> new ScimSettings(-1));
        assertTrue(refused.getMessage().contains(ScimSettings.MAX_SCANNED_MEMBERS), refused.getMessage());
    }
}
