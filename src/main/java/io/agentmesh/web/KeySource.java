package io.agentmesh.web;

import java.security.PublicKey;
import java.util.Optional;

/** The signing keys of an issuer, by key id ({@link Jwks} fetches them over HTTP). */
public interface KeySource {

    /**
     * The key a token's header names ({@code kid}, empty when it names none: then the only key of the
     * set of that type), of type {@code RSA} or {@code EC}; empty when there is none.
     *
     * @throws KeysUnavailableException when the key set cannot be had
     */
    Optional<PublicKey> key(Optional<String> kid, String type);

    /** The key set could not be fetched or read. */
    final class KeysUnavailableException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        public KeysUnavailableException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
