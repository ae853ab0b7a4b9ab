package dev.keycloaktenancy.scim;

/**
 * A refusal answered as a SCIM error (RFC 7644, section 3.12): HTTP status, {@code scimType} where the RFC has one,
 * and a sentence for a person. Thrown inside a request, it rolls the request back.
 */
public final class ScimError extends RuntimeException {

    private final int status;
    private final String scimType;

    public ScimError(int status, String scimType, String detail) {
        super(detail, null, false, false);
        this.status = status;
        this.scimType = scimType;
    }

    public static ScimError invalidValue(String detail) {
        return new ScimError(400, "invalidValue", detail);
    }

    public static ScimError invalidSyntax(String detail) {
        return new ScimError(400, "invalidSyntax", detail);
    }

    public static ScimError invalidFilter(String detail) {
        return new ScimError(400, "invalidFilter", detail);
    }

    /** RFC 7644 3.12: the filter yields more than the server is willing to process. */
    public static ScimError tooMany(String detail) {
        return new ScimError(400, "tooMany", detail);
    }

    public static ScimError uniqueness(String detail) {
        return new ScimError(409, "uniqueness", detail);
    }

    public static ScimError notFound(String detail) {
        return new ScimError(404, null, detail);
    }

    public int status() {
        return status;
    }

    /** The RFC's error keyword, or null. */
    public String scimType() {
        return scimType;
    }

    public String detail() {
        return getMessage();
    }
}
