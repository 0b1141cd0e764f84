package io.agentmesh.transport;

import io.agentmesh.membership.Refusal;
import java.util.Optional;

/**
 * The trust policy refuses a peer whose identity a handshake proved (a link's, or an end-to-end
 * session's far end): the reason phrase, and the certificate's refusal when that was the reason.
 */
public final class PeerRefusedException extends Exception {

    private final transient Refusal certificate;

    PeerRefusedException(String phrase, Refusal certificate) {
        super(phrase, null, false, false);
        this.certificate = certificate;
    }

    /** Why the peer's membership certificate was refused, when that is the reason. */
    public Optional<Refusal> certificate() {
        return Optional.ofNullable(certificate);
    }
}
