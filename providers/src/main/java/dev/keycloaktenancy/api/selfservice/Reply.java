package dev.keycloaktenancy.api.selfservice;

import java.net.URI;

/** What an operation answers: a status, an optional JSON body and, for creations, the new resource's location. */
record Reply(int status, Object body, URI location) {

    static Reply ok(Object body) {
        return new Reply(200, body, null);
    }

    static Reply created(URI location, Object body) {
        return new Reply(201, body, location);
    }

    static Reply noContent() {
        return new Reply(204, null, null);
    }
}
