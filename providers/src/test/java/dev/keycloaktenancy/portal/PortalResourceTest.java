package dev.keycloaktenancy.portal;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** How a browser's If-None-Match is read: a list of tags, weak or strong, or any. */
class PortalResourceTest {

    private static final String TAG = "\"0123abcd\"";

    @Test
    void aTagInTheListMatches() {
        assertTrue(PortalResource.matches(TAG, TAG));
        assertTrue(PortalResource.matches("\"other\", " + TAG, TAG));
        assertTrue(PortalResource.matches("W/" + TAG, TAG));
        assertTrue(PortalResource.matches("*", TAG));
    }

    @Test
    void otherTagsAndNoHeaderDoNot() {
        assertFalse(PortalResource.matches(null, TAG));
        assertFalse(PortalResource.matches("", TAG));
        assertFalse(PortalResource.matches("\"other\"", TAG));
        assertFalse(PortalResource.matches("0123abcd", TAG), "an unquoted value is not the tag");
    }
}
