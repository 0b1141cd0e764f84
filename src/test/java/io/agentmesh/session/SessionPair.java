package io.agentmesh.session;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.transport.IdentityPayload;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/** Two nodes' session parts, and a session between them shaken hands in memory. */
final class SessionPair {

    static final SecureRandom RANDOM = new SecureRandom();
    static final PeerPolicy ANYONE = peer -> PeerPolicy.Admission.always(Set.of("members"));

    private SessionPair() {
    }

    static NodeIdentity identity(int n) {
        byte[] seed = new byte[32];
        seed[31] = (byte) n;
        return NodeIdentity.fromPrivateKey(seed);
    }

    static SessionLocal local(NodeIdentity identity) {
        DhKeyPair key = CipherSuites.x25519AesGcmSha256().generateKeyPair(RANDOM);
        return new SessionLocal(key, IdentityPayload.create(identity, key.publicKey(), List.of(), "test").toJson());
    }

    static byte[] sid() {
        byte[] sid = new byte[Session.SID_BYTES];
        RANDOM.nextBytes(sid);
        return sid;
    }

    /** [initiator's session, responder's session]. */
    static Session[] established() throws SessionException {
        NodeIdentity a = identity(1);
        NodeIdentity b = identity(2);
        byte[] sid = sid();
        SessionHandshake initiator = SessionHandshake.initiator(sid, b.nodeId(), local(a), ANYONE, null, RANDOM);
        SessionHandshake responder = SessionHandshake.responder(sid, local(b), ANYONE, null, RANDOM);
        responder.finish(initiator.third(responder.second(initiator.first())));
        return new Session[] {initiator.established(Instant.EPOCH), responder.established(Instant.EPOCH)};
    }
}
