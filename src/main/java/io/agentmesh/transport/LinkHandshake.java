package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.membership.Certificate;
import io.agentmesh.noise.CipherState;
import io.agentmesh.noise.CipherStatePair;
import io.agentmesh.noise.CipherSuite;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.HandshakePattern;
import io.agentmesh.noise.HandshakeState;
import io.agentmesh.noise.NoiseException;
import io.agentmesh.transport.LinkSession.Role;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Drives the handshake of one link (wire-v1 §3): {@code Noise_XX_25519_AESGCM_SHA256} with prologue
 * {@code agentmesh/1}, an empty payload in message 1 and the signed identity payloads in messages 2 and
 * 3, the check that a dialed node is the one found, the trust policy, and the handshake deadline. At
 * Split it steps aside: it wipes its {@link HandshakeState} and hands over the two {@link CipherState}s.
 * Used by one thread at a time (the link's reading side), except {@link #cancelDeadline}.
 */
final class LinkHandshake {

    /** The cipher suite of wire-v1 §3. */
    static final CipherSuite SUITE = CipherSuites.x25519AesGcmSha256();
    /** The prologue of wire-v1 §3: the 11 ASCII bytes {@code agentmesh/1}. */
    static final byte[] PROLOGUE = "agentmesh/1".getBytes(StandardCharsets.US_ASCII);

    /** The handshake's outcome: the peer's verified identity and the cipher of each direction. */
    record Established(IdentityPayload identity, CipherState send, CipherState receive) {
    }

    private final Role role;
    private final LinkEnvironment env;
    private final NodeId expectedPeer;
    private final LinkChannel channel;
    private final AtomicReference<Scheduler.Task> deadline = new AtomicReference<>();
    private HandshakeState handshake;

    /**
     * A handshake for {@code role} that writes its messages to {@code channel}; {@code expectedPeer}
     * (or null) is the node id the initiator dialed.
     */
    LinkHandshake(Role role, LinkEnvironment env, NodeId expectedPeer, LinkChannel channel) {
        this.role = Objects.requireNonNull(role, "role");
        this.env = Objects.requireNonNull(env, "env");
        this.expectedPeer = expectedPeer;
        this.channel = Objects.requireNonNull(channel, "channel");
        this.handshake = HandshakeState.initialize(SUITE, HandshakePattern.XX, role == Role.INITIATOR, PROLOGUE,
                env.local().staticKey(), null, null, null, env.random());
    }

    /**
     * Arms the deadline ({@code onDeadline} runs when the handshake timeout has passed, unless
     * {@linkplain #cancelDeadline cancelled}), and the initiator writes message 1 ({@code -> e}).
     */
    void start(Runnable onDeadline) throws NoiseException, LinkProtocolException {
        deadline.set(env.scheduler().schedule(onDeadline, env.settings().handshakeTimeout()));
        if (role == Role.INITIATOR) {
            write(handshake.writeMessage(new byte[0]));
        }
    }

    /** Cancels the deadline (from any thread); the handshake completed or the link closed. */
    void cancelDeadline() {
        Scheduler.Task task = deadline.getAndSet(null);
        if (task != null) {
            task.cancel();
        }
    }

    /**
     * Reads one handshake message and writes the answer it calls for. Returns null until the handshake
     * is complete; then Split has happened and this handshake is wiped.
     */
    Established read(byte[] message) throws LinkProtocolException {
        if (message.length > MeshSubprotocol.MAX_WIRE_MESSAGE) {
            throw new LinkProtocolException(CloseCodes.PROTOCOL_ERROR, "handshake message over 65535 bytes");
        }
        byte[] payload;
        try {
            payload = handshake.readMessage(message);
        } catch (NoiseException e) {
            throw handshakeError(e);
        }
        if (!handshake.isComplete() && role == Role.RESPONDER) {
            // message 1 read (its payload, if any, is ignored): write message 2 with our identity
            write(writeMessage(env.local().identityPayload()));
            return null;
        }
        IdentityPayload identity = IdentityPayload.parse(payload);
        identity.verify(handshake.remoteStaticPublicKey());
        if (role == Role.INITIATOR) {
            if (expectedPeer != null && !expectedPeer.equals(identity.nodeId())) {
                throw new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED,
                        "dialed " + expectedPeer + ", found " + identity.nodeId());
            }
            write(writeMessage(env.local().identityPayload()));
        }
        if (!handshake.isComplete()) {
            throw new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED, "handshake not complete after message 3");
        }
        CipherStatePair pair;
        try {
            pair = handshake.split();
        } finally {
            destroy();
        }
        return role == Role.INITIATOR
                ? new Established(identity, pair.initiatorToResponder(), pair.responderToInitiator())
                : new Established(identity, pair.responderToInitiator(), pair.initiatorToResponder());
    }

    /**
     * The trust policy's word on the peer once the handshake ended (wire-v1 §3): 4003 for a peer it
     * refuses; in mode {@code CERTIFIED} also for a peer without a valid membership certificate, the reason
     * phrase {@code membership certificate <refusal>} (docs/protocol.md, "Membership certificates").
     * Returns the peer's certificate when it presented a valid one.
     */
    Certificate admit(IdentityPayload identity) throws LinkProtocolException {
        try {
            return env.trust().admit(identity, env.clock().instant());
        } catch (PeerRefusedException e) {
            e.certificate().ifPresent(env.observer()::certificateRefused);
            throw new LinkProtocolException(CloseCodes.REFUSED, e.getMessage());
        }
    }

    /** Wipes the handshake's secrets. Idempotent. */
    void destroy() {
        if (handshake != null) {
            handshake.destroy();
            handshake = null;
        }
    }

    private byte[] writeMessage(byte[] payload) throws LinkProtocolException {
        try {
            return handshake.writeMessage(payload);
        } catch (NoiseException e) {
            throw handshakeError(e);
        }
    }

    private void write(byte[] message) throws LinkProtocolException {
        try {
            channel.sendBinary(ByteBuffer.wrap(message));
        } catch (IOException e) {
            throw new LinkProtocolException(CloseCodes.GOING_AWAY, "cannot write handshake message: " + e.getMessage());
        }
    }

    private static LinkProtocolException handshakeError(NoiseException e) {
        return switch (e.reason()) {
            case SHORT_MESSAGE -> new LinkProtocolException(CloseCodes.PROTOCOL_ERROR, "short handshake message");
            case MESSAGE_TOO_LONG -> new LinkProtocolException(CloseCodes.PROTOCOL_ERROR, "handshake message too long");
            case LOW_ORDER -> new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED, "low-order key");
            case DECRYPT_FAILED -> new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED, "undecryptable handshake message");
            default -> new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED, "handshake failed: " + e.reason());
        };
    }
}
