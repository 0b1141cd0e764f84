package io.agentmesh.noise;

import java.util.Objects;

/**
 * The result of {@code Split()} (Noise rev 34 §5.2): {@code c1} encrypts initiator → responder,
 * {@code c2} responder → initiator (wire-v1 §4).
 */
public record CipherStatePair(CipherState initiatorToResponder, CipherState responderToInitiator) {

    public CipherStatePair {
        Objects.requireNonNull(initiatorToResponder, "initiatorToResponder");
        Objects.requireNonNull(responderToInitiator, "responderToInitiator");
    }

    /** The CipherState the given side encrypts with. */
    public CipherState sender(boolean initiator) {
        return initiator ? initiatorToResponder : responderToInitiator;
    }

    /** The CipherState the given side decrypts with. */
    public CipherState receiver(boolean initiator) {
        return initiator ? responderToInitiator : initiatorToResponder;
    }

    /** Wipes both keys. */
    public void destroy() {
        initiatorToResponder.destroy();
        responderToInitiator.destroy();
    }
}
