package io.agentmesh.session;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import io.agentmesh.noise.CipherStatePair;
import io.agentmesh.noise.CipherSuite;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.noise.HandshakePattern;
import io.agentmesh.noise.HandshakeState;
import io.agentmesh.noise.NoiseException;
import io.agentmesh.transport.IdentityPayload;
import io.agentmesh.transport.LinkProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Objects;

/**
 * The handshake of one end-to-end session (docs/protocol.md, "End-to-end handshake"):
 * {@code Noise_XX_25519_AESGCM_SHA256} as on a link (wire-v1 §3), with the prologue
 * {@code agentmesh-e2e/1} followed by the 16-byte session id, an empty payload in message 1 and the
 * signed identity payloads in messages 2 and 3. The initiator checks that the responder is the node it
 * meant to reach; each side puts the other through its {@link PeerPolicy}. Used by one thread at a time.
 */
public final class SessionHandshake {

    /** The cipher suite, as on links. */
    static final CipherSuite SUITE = CipherSuites.x25519AesGcmSha256();
    /** The prologue's fixed part: the 15 ASCII bytes {@code agentmesh-e2e/1}. */
    static final byte[] PROLOGUE = "agentmesh-e2e/1".getBytes(StandardCharsets.US_ASCII);

    private final byte[] sid;
    private final NodeId expectedPeer;
    private final SessionLocal local;
    private final PeerPolicy policy;
    private HandshakeState handshake;
    private IdentityPayload peer;
    private PeerPolicy.Admission admission;

    private SessionHandshake(byte[] sid, NodeId expectedPeer, SessionLocal local, PeerPolicy policy,
                             DhKeyPair ephemeral, SecureRandom random) {
        if (sid.length != Session.SID_BYTES) {
            throw new IllegalArgumentException("a session id has " + Session.SID_BYTES + " bytes");
        }
        this.sid = sid.clone();
        this.expectedPeer = expectedPeer;
        this.local = Objects.requireNonNull(local, "local");
        this.policy = Objects.requireNonNull(policy, "policy");
        byte[] prologue = ByteBuffer.allocate(PROLOGUE.length + sid.length).put(PROLOGUE).put(sid).array();
        this.handshake = HandshakeState.initialize(SUITE, HandshakePattern.XX, expectedPeer != null, prologue,
                local.staticKey(), ephemeral, null, null, random);
    }

    /**
     * The initiator of session {@code sid} to {@code target}. {@code ephemeral} is null but for fixed test
     * vectors; then a fresh one comes from {@code random}.
     */
    public static SessionHandshake initiator(byte[] sid, NodeId target, SessionLocal local, PeerPolicy policy,
                                             DhKeyPair ephemeral, SecureRandom random) {
        return new SessionHandshake(sid, Objects.requireNonNull(target, "target"), local, policy, ephemeral, random);
    }

    /** The responder of session {@code sid}. */
    public static SessionHandshake responder(byte[] sid, SessionLocal local, PeerPolicy policy,
                                             DhKeyPair ephemeral, SecureRandom random) {
        return new SessionHandshake(sid, null, local, policy, ephemeral, random);
    }

    /** The session id as it travels: base64url of its 16 bytes. */
    public String id() {
        return Base64Url.encode(sid);
    }

    /** Message 1 ({@code -> e}, empty payload); initiator. */
    public byte[] first() throws SessionException {
        try {
            return state().writeMessage(new byte[0]);
        } catch (NoiseException e) {
            throw failed(e);
        }
    }

    /** Reads message 1 and answers message 2 ({@code <- e, ee, s, es} with this node's identity payload); responder. */
    public byte[] second(byte[] first) throws SessionException {
        try {
            state().readMessage(first);            // a payload in message 1 is ignored, as on links
            return handshake.writeMessage(local.identityPayload());
        } catch (NoiseException e) {
            throw failed(e);
        }
    }

    /**
     * Reads message 2, checks the responder (it must be the target, its payload valid, the policy must
     * admit it) and answers message 3 ({@code -> s, se} with this node's identity payload); initiator.
     */
    public byte[] third(byte[] second) throws SessionException {
        try {
            check(state().readMessage(second));
            if (!expectedPeer.equals(peer.nodeId())) {
                throw new SessionException(SessionException.HANDSHAKE_FAILED,
                        "reached " + peer.nodeId() + ", not " + expectedPeer);
            }
            return handshake.writeMessage(local.identityPayload());
        } catch (NoiseException e) {
            throw failed(e);
        } catch (SessionException e) {
            destroy();
            throw e;
        }
    }

    /** Reads message 3 and checks the initiator; responder. */
    public void finish(byte[] third) throws SessionException {
        try {
            check(state().readMessage(third));
        } catch (NoiseException e) {
            throw failed(e);
        } catch (SessionException e) {
            destroy();
            throw e;
        }
    }

    /** The session, once the handshake is complete; the handshake is wiped. */
    public Session established(Instant now) throws SessionException {
        if (handshake == null || !handshake.isComplete() || peer == null) {
            throw new SessionException(SessionException.HANDSHAKE_FAILED, "the handshake is not complete");
        }
        boolean initiator = handshake.isInitiator();
        CipherStatePair pair = handshake.split();
        destroy();
        return new Session(sid, peer, admission, initiator, pair.sender(initiator), pair.sender(!initiator), now);
    }

    /** Wipes the handshake's secrets. Idempotent. */
    public void destroy() {
        if (handshake != null) {
            handshake.destroy();
            handshake = null;
        }
    }

    private HandshakeState state() throws SessionException {
        if (handshake == null) {
            throw new SessionException(SessionException.HANDSHAKE_FAILED, "the handshake has ended");
        }
        return handshake;
    }

    private void check(byte[] payload) throws SessionException, NoiseException {
        IdentityPayload identity;
        try {
            identity = IdentityPayload.parse(payload);
            identity.verify(handshake.remoteStaticPublicKey());
        } catch (LinkProtocolException e) {
            throw new SessionException(SessionException.HANDSHAKE_FAILED, "identity payload: " + e.reason());
        }
        admission = policy.admit(identity);
        peer = identity;
    }

    private SessionException failed(NoiseException e) {
        destroy();
        return new SessionException(SessionException.HANDSHAKE_FAILED, switch (e.reason()) {
            case SHORT_MESSAGE -> "short handshake message";
            case LOW_ORDER -> "low-order key";
            case DECRYPT_FAILED -> "undecryptable handshake message";
            default -> "handshake failed: " + e.reason();
        });
    }
}
