package io.agentmesh.session;

import io.agentmesh.noise.DhKeyPair;
import java.util.Objects;

/**
 * This node as its end-to-end sessions present it: an X25519 static key of this process (not the links'
 * key) and the identity payload signed for it, in the format of wire-v1 §3.
 *
 * @param staticKey       this process's X25519 static key for sessions
 * @param identityPayload the identity payload for {@code staticKey} (UTF-8 JSON), sent in every handshake
 */
public record SessionLocal(DhKeyPair staticKey, byte[] identityPayload) {

    public SessionLocal {
        Objects.requireNonNull(staticKey, "staticKey");
        identityPayload = identityPayload.clone();
    }

    @Override
    public byte[] identityPayload() {
        return identityPayload.clone();
    }
}
