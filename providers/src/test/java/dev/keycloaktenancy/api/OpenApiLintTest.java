package dev.keycloaktenancy.api;

import dev.keycloaktenancy.testing.RealmExports;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * The API descriptions under docs/ are read by other people's tools (code generators, API portals), so an
 * independent parser must accept them without a single message, references resolved.
 */
class OpenApiLintTest {

    @ParameterizedTest
    @ValueSource(strings = {"self-service-api.openapi.json", "admin-api.openapi.json"})
    void theDescriptionParsesWithoutMessages(String file) {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setValidateInternalRefs(true);
        String location = RealmExports.folder().resolveSibling("docs").resolve(file).toUri().toString();

        SwaggerParseResult result = new OpenAPIV3Parser().readLocation(location, null, options);

        assertNotNull(result.getOpenAPI(), file + " parses: " + result.getMessages());
        assertEquals(List.of(), result.getMessages(), file + " lints cleanly");
        assertEquals("3.1.0", result.getOpenAPI().getOpenapi());
    }
}
