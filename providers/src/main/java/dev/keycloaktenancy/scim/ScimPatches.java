package dev.keycloaktenancy.scim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.unboundid.scim2.common.exceptions.ScimException;
import com.unboundid.scim2.common.messages.ErrorResponse;
import com.unboundid.scim2.common.messages.PatchRequest;

import java.util.Locale;

/**
 * Reading PATCH requests (RFC 7644 section 3.5.2) as directories send them. Microsoft Entra ID writes the operation
 * names capitalised ({@code "Replace"}), which the RFC's examples do not; they are read in any case.
 */
final class ScimPatches {

    static final String PATCH_SCHEMA = "urn:ietf:params:scim:api:messages:2.0:PatchOp";
    static final int MAX_OPERATIONS = 100;

    private ScimPatches() {
    }

    static PatchRequest read(ObjectMapper json, JsonNode body) {
        if (body == null || !body.isObject() || !body.path("Operations").isArray()) {
            throw ScimError.invalidSyntax("A PATCH request is a JSON object with schema " + PATCH_SCHEMA
                    + " and an array 'Operations'.");
        }
        if (body.path("Operations").size() > MAX_OPERATIONS) {
            throw ScimError.invalidValue("A PATCH request has at most " + MAX_OPERATIONS + " operations.");
        }
        ObjectNode normalized = ((ObjectNode) body).deepCopy();
        for (JsonNode operation : normalized.path("Operations")) {
            if (!operation.isObject()) {
                throw ScimError.invalidSyntax("Each PATCH operation is a JSON object with 'op'.");
            }
            JsonNode op = operation.get("op");
            if (op != null && op.isTextual()) {
                ((ObjectNode) operation).put("op", op.textValue().toLowerCase(Locale.ROOT));
            }
        }
        try {
            return json.treeToValue(normalized, PatchRequest.class);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ScimError.invalidSyntax("The PATCH request cannot be read: each operation needs 'op' (add, replace"
                    + " or remove), a valid 'path' where the operation requires one, and a 'value' for add and replace.");
        }
    }

    /** The SDK's refusal of an operation as the pack's SCIM error. */
    static ScimError refusal(ScimException e) {
        ErrorResponse error = e.getScimError();
        int status = error.getStatus() == null ? 400 : error.getStatus();
        String detail = error.getDetail() == null ? e.getMessage() : error.getDetail();
        return new ScimError(status >= 500 ? 400 : status, error.getScimType(), "The PATCH request cannot be applied: "
                + detail);
    }
}
