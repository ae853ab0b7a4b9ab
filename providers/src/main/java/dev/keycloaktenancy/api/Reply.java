package dev.keycloaktenancy.api;

import java.net.URI;

/** What an operation answers: a status, an optional JSON body and, for creations, the new resource's location. */
public record Reply(int status, Object body, URI location) {

    public static Reply ok(Object body) {
        return new Reply(200, body, null);
    }

    public static Reply created(URI location, Object body) {
        return new Reply(201, body, location);
    }

    public static Reply noContent() {
        return new Reply(204, null, null);
    }
}
