package dev.keycloaktenancy.domains;

import org.keycloak.provider.Provider;

import java.util.List;

/** Looks up the TXT records of a DNS name. */
public interface DnsTxtLookup extends Provider {

    /** The TXT strings of the name; empty when the name or its TXT records do not exist. */
    List<String> txt(String name) throws DnsUnavailableException;

    /** The resolver did not answer (down, unreachable, timed out): nothing can be concluded. */
    final class DnsUnavailableException extends Exception {
        public DnsUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    default void close() {
    }
}
