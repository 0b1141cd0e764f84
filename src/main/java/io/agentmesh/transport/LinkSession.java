package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.membership.Certificate;
import io.agentmesh.noise.NoiseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One link, either end (wire-v1 §2–4, §6), as the socket adapters and the {@link LinkManager} see it:
 * it takes the socket's events and the senders' messages and hands them to its parts, which are a
 * {@link LinkState} (HANDSHAKE → OPEN → CLOSED, CLOSED terminal; the listener told once; secrets wiped),
 * a {@link LinkHandshake} ({@code Noise_XX_25519_AESGCM_SHA256}, identity payloads, trust policy,
 * deadline; §3) that steps aside at Split, and then a {@link TransportCodec} (encrypted, flagged chunks;
 * §4). Every violation closes the link with its code of §6.
 *
 * <p>Inputs come from the socket adapter ({@link #start}, {@link #onBinary}, {@link #onText},
 * {@link #onClosed}, {@link #onError}), from the handshake deadline, and from senders on any thread
 * ({@link #send}, {@link #close}). Output goes to a {@link LinkChannel}. Received messages reach the
 * {@link LinkListener} in order, on the reading thread (calls caused by other threads, such as
 * {@code linkDown} after a failed send, on the environment's executor); {@code linkDown} comes exactly
 * once for a link that was up. Sending is thread-safe (see {@link TransportCodec}).
 */
public final class LinkSession implements Link {

    private static final Logger LOG = Logger.getLogger(LinkSession.class.getName());

    /** Which end of the link this session is. */
    public enum Role { INITIATOR, RESPONDER }

    /** Where the link is in its life. */
    public enum State { HANDSHAKE, OPEN, CLOSED }

    private static final LinkKeeper NO_KEEPER = new LinkKeeper() { };

    private final String id;
    private final Role role;
    private final LinkEnvironment env;
    private final LinkChannel channel;
    private final LinkKeeper keeper;
    private final NodeId expectedPeer;
    private final String remoteUrl;
    private final LinkState state;

    // Set under the reading lock: the handshake at start, the codec at Split (before the state turns OPEN).
    private volatile LinkHandshake handshake;
    private volatile TransportCodec codec;
    /** Whether the keeper heard of message 1 (a responder's; under the reading lock). */
    private boolean handshakeStarted;

    // Set once at the end of the handshake, before the state turns OPEN.
    private volatile NodeId peer;
    private volatile IdentityPayload peerPayload;
    private volatile Certificate peerCertificate;

    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile long lastSeenMillis;
    private volatile boolean silent;                // set before closeSilent's close, for the listener's linkDown

    private LinkSession(Role role, LinkEnvironment env, LinkChannel channel, LinkListener listener,
            LinkKeeper keeper, NodeId expectedPeer, String remoteUrl) {
        this.role = role;
        this.env = Objects.requireNonNull(env, "env");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.keeper = keeper == null ? NO_KEEPER : keeper;
        this.expectedPeer = expectedPeer;
        this.remoteUrl = remoteUrl;
        this.state = new LinkState(this, channel, listener, env.executor(), this::closed, env.logs());
        byte[] idBytes = new byte[6];
        env.random().nextBytes(idBytes);
        this.id = (role == Role.INITIATOR ? "out-" : "in-") + HexFormat.of().formatHex(idBytes);
    }

    /** A session for a link this node dialed; {@code expectedPeer} (or null) is the node id it dialed. */
    public static LinkSession initiator(LinkEnvironment env, LinkChannel channel, LinkListener listener,
            LinkKeeper keeper, String remoteUrl, NodeId expectedPeer) {
        return new LinkSession(Role.INITIATOR, env, channel, listener, keeper, expectedPeer, remoteUrl);
    }

    /** A session for a link a peer dialed. */
    public static LinkSession responder(LinkEnvironment env, LinkChannel channel, LinkListener listener,
            LinkKeeper keeper) {
        return new LinkSession(Role.RESPONDER, env, channel, listener, keeper, null, null);
    }

    // ---------------------------------------------------------------- inputs from the socket

    /**
     * The WebSocket upgrade completed: arms the handshake deadline, and the initiator writes message 1
     * ({@code -> e}, empty payload).
     */
    public void start() {
        LinkState.Side reading = state.reading();
        reading.lock();
        try {
            if (!state.start()) {
                return;
            }
            lastSeenMillis = env.clock().millis();
            LinkHandshake started = new LinkHandshake(role, env, expectedPeer, channel);
            reading.guard(started::destroy);
            handshake = started;
            started.start(this::deadlinePassed);
            if (state.state() == State.CLOSED) {
                started.cancelDeadline();   // closed meanwhile, before the deadline was armed
            }
        } catch (NoiseException e) {
            state.close(CloseCodes.HANDSHAKE_FAILED, "handshake: " + e.getMessage(), Level.WARNING);
        } catch (LinkProtocolException e) {
            state.fail(e);
        } finally {
            reading.release();
        }
    }

    /** One binary WebSocket message arrived. */
    public void onBinary(ByteBuffer message) {
        byte[] bytes = new byte[message.remaining()];
        message.get(bytes);
        onBinary(bytes);
    }

    /**
     * One binary WebSocket message arrived (the session keeps no reference to {@code message}). Called
     * by the socket's reading thread, one message at a time; an application message it completes is
     * handed to the listener on this thread (after any listener calls still queued), so the listener must
     * not block: the next message of this link is read when it returns.
     */
    public void onBinary(byte[] message) {
        if (state.state() == State.CLOSED) {
            return;
        }
        LinkState.Side reading = state.reading();
        reading.lock();
        try {
            if (state.state() == State.CLOSED) {
                return;
            }
            lastSeenMillis = env.clock().millis();
            if (codec != null) {
                receive(message);
            } else if (handshake != null) {
                if (role == Role.RESPONDER && !handshakeStarted) {
                    handshakeStarted = true;
                    keeper.handshakeStarted(this);
                }
                LinkHandshake.Established established = handshake.read(message);
                if (established != null) {
                    establish(established);
                }
            } else {
                throw new LinkProtocolException(CloseCodes.PROTOCOL_ERROR, "message before the handshake started");
            }
        } catch (LinkProtocolException e) {
            state.fail(e);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "link " + id + ": internal error reading a message", e);
            state.close(CloseCodes.INTERNAL_ERROR, "internal error", Level.WARNING);
        } finally {
            reading.release();
        }
        state.drainHere();
    }

    /** A text WebSocket message arrived: a protocol error at any point, close 1003 (wire-v1 §2). */
    public void onText() {
        state.close(CloseCodes.TEXT_MESSAGE, "text message", Level.INFO);
    }

    /** A WebSocket Pong arrived (the answer to {@link #ping}, or unasked): the peer is there. */
    public void onPong() {
        if (state.isOpen()) {
            lastSeenMillis = env.clock().millis();
        }
    }

    /** The socket closed (the peer's close frame, or the connection dropped). */
    public void onClosed(int code, String reason) {
        state.closedBySocket(code, reason == null ? "" : reason);
    }

    /** The socket reported an error: the link is given up. */
    public void onError(Throwable error) {
        state.close(CloseCodes.INTERNAL_ERROR, "transport error: " + error.getClass().getSimpleName(), Level.FINE);
    }

    // ---------------------------------------------------------------- the parts' results

    /** Split happened: take the ciphers, record the peer, admit it (trust policy, then the keeper), turn OPEN. */
    private void establish(LinkHandshake.Established established) throws LinkProtocolException {
        codec = new TransportCodec(established.send(), established.receive(), env.settings(), env.memory().receiving(),
                channel, state);
        IdentityPayload identity = established.identity();
        peer = identity.nodeId();
        peerPayload = identity;
        peerCertificate = handshake.admit(identity);
        keeper.admit(this);
        if (!state.open(env.clock().instant())) {
            return;
        }
        handshake.cancelDeadline();
        observe(() -> env.observer().linkUp(this));
        LOG.log(Level.FINE, "link {0}: up with {1} ({2})", new Object[] {id, peer, role});
    }

    private void receive(byte[] message) throws LinkProtocolException {
        byte[] applicationMessage = codec.receive(message);
        if (applicationMessage == null) {
            return;
        }
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(applicationMessage.length);
        observe(() -> env.observer().messageReceived(this, applicationMessage.length));
        state.deliver(applicationMessage);
    }

    private void deadlinePassed() {
        if (state.state() == State.HANDSHAKE) {
            state.close(CloseCodes.HANDSHAKE_TIMEOUT, "handshake deadline passed", Level.INFO);
        }
    }

    /** The state reached CLOSED: the deadline is cancelled and the keeper and observer told. */
    private void closed(int code, String reason, boolean wasUp) {
        LinkHandshake started = handshake;
        if (started != null) {
            started.cancelDeadline();
        }
        try {
            keeper.closed(this, code, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "link keeper failed", e);
        }
        observe(() -> env.observer().linkClosed(this, wasUp, code));
    }

    /** Runs a {@link LinkObserver} call; one that throws is logged and otherwise ignored. */
    private static void observe(Runnable call) {
        try {
            call.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "link observer failed", e);
        }
    }

    // ---------------------------------------------------------------- Link

    @Override
    public boolean send(byte[] applicationMessage) {
        Objects.requireNonNull(applicationMessage, "applicationMessage");
        TransportCodec open = codec;
        if (open == null || !open.send(applicationMessage)) {
            return false;
        }
        messagesOut.incrementAndGet();
        bytesOut.addAndGet(applicationMessage.length);
        observe(() -> env.observer().messageSent(this, applicationMessage.length));
        return true;
    }

    @Override
    public void close(int code, String reason) {
        state.close(code, reason == null ? "" : reason, Level.FINE);
    }

    /** Sends a WebSocket Ping, whose Pong {@link #onPong} records. A link that cannot send it is closing anyway. */
    void ping() {
        try {
            channel.ping();
        } catch (IOException e) {
            LOG.log(Level.FINE, "link {0}: no ping sent: {1}", new Object[] {id, e.getMessage()});
        }
    }

    /** Closes with 1001 a link silent for {@code silence}, abandoning its socket (see {@link KeepAlive}). */
    void closeSilent(Duration silence) {
        silent = true;
        state.abandon(CloseCodes.GOING_AWAY, "nothing received for " + silence.toMillis() + " ms", Level.FINE);
    }

    @Override
    public boolean wentSilent() {
        return silent;
    }

    @Override
    public String id() {
        return id;
    }

    @Override
    public NodeId peer() {
        return peer;
    }

    @Override
    public List<String> peerAddrs() {
        return peerPayload == null ? List.of() : peerPayload.addrs();   // set once, never reset
    }

    @Override
    public boolean binaryBoxes() {   // this node's links all take them; this one when the peer's do
        return peerPayload != null && peerPayload.features().contains(IdentityPayload.BINARY_BOX);
    }

    /** The peer's membership certificate as the handshake verified it, or null (none, or no authorities). */
    public Certificate peerCertificate() {
        return peerCertificate;
    }

    @Override
    public Set<String> peerGroups() {
        Certificate certificate = peerCertificate;
        return certificate == null ? Set.of() : Set.copyOf(certificate.groups());
    }

    /** The peer's {@code software}, or null. */
    public String peerSoftware() {
        return peerPayload == null ? null : peerPayload.software();
    }

    @Override
    public boolean outbound() {
        return role == Role.INITIATOR;
    }

    @Override
    public String remoteUrl() {
        return remoteUrl;
    }

    /** The node id this session dialed, or null. */
    public NodeId expectedPeer() {
        return expectedPeer;
    }

    @Override
    public Instant establishedAt() {
        return state.openedAt();
    }

    @Override
    public boolean isOpen() {
        return state.isOpen();
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(messagesIn.get(), messagesOut.get(), bytesIn.get(), bytesOut.get(), state.lastError());
    }

    public Role role() {
        return role;
    }

    public State state() {
        return state.state();
    }

    /** The code the link closed with (sent or received), or 0 while not closed. */
    public int closeCode() {
        return state.closeCode();
    }

    /** The close reason, or null while not closed. */
    public String closeReason() {
        return state.closeReason();
    }

    /** When the last message arrived (or the link started), epoch milliseconds. */
    public long lastSeenMillis() {
        return lastSeenMillis;
    }

    /** The node id of the end that initiated this link, once the handshake completed. */
    public NodeId initiatorId() {
        NodeId p = peer;
        if (p == null) {
            return null;
        }
        return role == Role.INITIATOR ? env.local().nodeId() : p;
    }

    @Override
    public String toString() {
        return "LinkSession[" + id + ", " + role + ", " + state.state() + ", peer=" + peer + "]";
    }
}
