package io.agentmesh.transport;

import io.agentmesh.identity.NodeId;
import io.agentmesh.noise.CipherState;
import io.agentmesh.noise.CipherStatePair;
import io.agentmesh.noise.CipherSuite;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.HandshakePattern;
import io.agentmesh.noise.HandshakeState;
import io.agentmesh.noise.NoiseException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One link, either end (wire-v1 §2–4, §6): a state machine HANDSHAKE → OPEN → CLOSED, where any failure
 * leads to CLOSED, which is terminal. It runs the {@code Noise_XX_25519_AESGCM_SHA256} handshake with
 * prologue {@code agentmesh/1} and identity payloads (§3), then carries application messages as
 * encrypted, flagged chunks (§4), and closes with the code of §6 for each violation.
 *
 * <p>Inputs come from the socket adapter ({@link #start}, {@link #onBinary}, {@link #onText},
 * {@link #onClosed}, {@link #onError}), from the handshake deadline, and from senders on any thread
 * ({@link #send}, {@link #close}). Output goes to a {@link LinkChannel}. Received messages reach the
 * {@link LinkListener} in order, on the reading thread (calls caused by other threads, such as
 * {@code linkDown} after a failed send, on the environment's executor); {@code linkDown} comes exactly
 * once for a link that was up. Sending is thread-safe: one message's chunks are encrypted and written
 * under one lock, so nonce order is wire order and chunks of two messages never interleave.
 */
public final class LinkSession implements Link {

    /** The cipher suite of wire-v1 §3. */
    static final CipherSuite SUITE = CipherSuites.x25519AesGcmSha256();
    /** The prologue of wire-v1 §3: the 11 ASCII bytes {@code agentmesh/1}. */
    static final byte[] PROLOGUE = "agentmesh/1".getBytes(StandardCharsets.US_ASCII);
    /** The largest WebSocket binary message of a link (wire-v1 §4). */
    static final int MAX_WIRE_MESSAGE = 65535;
    /** The smallest transport message: the 16-byte tag and the flags byte. */
    static final int MIN_TRANSPORT_MESSAGE = 17;

    private static final Logger LOG = Logger.getLogger(LinkSession.class.getName());
    private static final byte[] NO_AD = new byte[0];
    private static final int TAG_LENGTH = 16;

    /** Which end of the link this session is. */
    public enum Role { INITIATOR, RESPONDER }

    /** Where the link is in its life. */
    public enum State { HANDSHAKE, OPEN, CLOSED }

    /** Hooks of whoever keeps the links of a node (the link manager). */
    public interface Observer {
        /**
         * The handshake completed and the trust policy admitted the peer: accept the link, or throw to
         * close it (for example 4005 for a duplicate, §5.6). The session is still in HANDSHAKE.
         */
        default void admit(LinkSession session) throws LinkProtocolException {
        }

        /** The session reached CLOSED (called once, whatever its state before). */
        default void closed(LinkSession session, int code, String reason) {
        }
    }

    private static final Observer NO_OBSERVER = new Observer() { };

    private final String id;
    private final Role role;
    private final LinkEnvironment env;
    private final LinkChannel channel;
    private final LinkListener listener;
    private final Observer observer;
    private final NodeId expectedPeer;
    private final String remoteUrl;
    private final MessageFragmenter fragmenter;
    private final SerialExecutor delivery;

    private final Object stateLock = new Object();
    private volatile State state = State.HANDSHAKE;
    private boolean started;
    private boolean up;
    private int closeCode;
    private String closeReason;
    private Scheduler.Task deadline;

    // Reading side: used by the socket's reading thread (and start()), under receiveLock.
    private final ReentrantLock receiveLock = new ReentrantLock();
    private HandshakeState handshake;
    private CipherState receiveCipher;
    private final MessageAssembler assembler;
    private byte[] receivePlain;

    // Sending side, under sendLock.
    private final ReentrantLock sendLock = new ReentrantLock();
    private CipherState sendCipher;
    private byte[] sendPlain;

    // Set once at the end of the handshake, before state turns OPEN.
    private volatile NodeId peer;
    private volatile List<String> peerAddrs = List.of();
    private volatile String peerSoftware;
    private volatile Instant establishedAt;

    private final AtomicLong messagesIn = new AtomicLong();
    private final AtomicLong messagesOut = new AtomicLong();
    private final AtomicLong bytesIn = new AtomicLong();
    private final AtomicLong bytesOut = new AtomicLong();
    private volatile String lastError;
    private volatile long lastSeenMillis;

    private LinkSession(Role role, LinkEnvironment env, LinkChannel channel, LinkListener listener,
            Observer observer, NodeId expectedPeer, String remoteUrl) {
        this.role = role;
        this.env = Objects.requireNonNull(env, "env");
        this.channel = Objects.requireNonNull(channel, "channel");
        this.listener = Objects.requireNonNull(listener, "listener");
        this.observer = observer == null ? NO_OBSERVER : observer;
        this.expectedPeer = expectedPeer;
        this.remoteUrl = remoteUrl;
        this.fragmenter = new MessageFragmenter(env.settings().maxChunkData());
        this.assembler = new MessageAssembler(env.settings().maxMessageBytes());
        this.delivery = new SerialExecutor(env.executor());
        byte[] idBytes = new byte[6];
        env.random().nextBytes(idBytes);
        this.id = (role == Role.INITIATOR ? "out-" : "in-") + HexFormat.of().formatHex(idBytes);
    }

    /** A session for a link this node dialed; {@code expectedPeer} (or null) is the node id it dialed. */
    public static LinkSession initiator(LinkEnvironment env, LinkChannel channel, LinkListener listener,
            Observer observer, String remoteUrl, NodeId expectedPeer) {
        return new LinkSession(Role.INITIATOR, env, channel, listener, observer, expectedPeer, remoteUrl);
    }

    /** A session for a link a peer dialed. */
    public static LinkSession responder(LinkEnvironment env, LinkChannel channel, LinkListener listener,
            Observer observer) {
        return new LinkSession(Role.RESPONDER, env, channel, listener, observer, null, null);
    }

    // ---------------------------------------------------------------- inputs from the socket

    /**
     * The WebSocket upgrade completed: arms the handshake deadline, and the initiator writes message 1
     * ({@code -> e}, empty payload).
     */
    public void start() {
        receiveLock.lock();
        try {
            synchronized (stateLock) {
                if (started || state != State.HANDSHAKE) {
                    return;
                }
                started = true;
                deadline = env.scheduler().schedule(this::deadlinePassed, env.settings().handshakeTimeout());
            }
            lastSeenMillis = env.clock().millis();
            handshake = HandshakeState.initialize(SUITE, HandshakePattern.XX, role == Role.INITIATOR, PROLOGUE,
                    env.local().staticKey(), null, null, null, env.random());
            if (role == Role.INITIATOR) {
                writeHandshake(handshake.writeMessage(new byte[0]));
            }
        } catch (NoiseException e) {
            fail(CloseCodes.HANDSHAKE_FAILED, "handshake: " + e.getMessage(), Level.WARNING);
        } catch (LinkProtocolException e) {
            fail(e.closeCode(), e.reason(), levelFor(e.closeCode()));
        } finally {
            releaseReceive();
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
        if (state == State.CLOSED) {
            return;
        }
        receiveLock.lock();
        try {
            if (state == State.CLOSED) {
                return;
            }
            lastSeenMillis = env.clock().millis();
            if (handshake != null) {
                readHandshake(message);
            } else if (receiveCipher != null) {
                readTransport(message);
            } else {
                throw new LinkProtocolException(CloseCodes.PROTOCOL_ERROR, "message before the handshake started");
            }
        } catch (LinkProtocolException e) {
            fail(e.closeCode(), e.reason(), levelFor(e.closeCode()));
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "link " + id + ": internal error reading a message", e);
            fail(CloseCodes.INTERNAL_ERROR, "internal error", Level.WARNING);
        } finally {
            releaseReceive();
        }
        delivery.drainHere();
    }

    /** A text WebSocket message arrived: a protocol error at any point, close 1003 (wire-v1 §2). */
    public void onText() {
        fail(CloseCodes.TEXT_MESSAGE, "text message", Level.INFO);
    }

    /** The socket closed (the peer's close frame, or the connection dropped). */
    public void onClosed(int code, String reason) {
        if (!toClosed(code, reason == null ? "" : reason)) {
            return;
        }
        if (CloseCodes.isPeerError(code)) {
            lastError = "peer closed: " + code + " " + reason;
        }
        LOG.log(Level.FINE, "link {0} to {1}: closed by peer, {2} {3}", new Object[] {id, peerName(), code, reason});
        afterClosed(code, reason);
    }

    /** The socket reported an error: the link is given up. */
    public void onError(Throwable error) {
        fail(CloseCodes.INTERNAL_ERROR, "transport error: " + error.getClass().getSimpleName(), Level.FINE);
    }

    // ---------------------------------------------------------------- handshake

    private void readHandshake(byte[] message) throws LinkProtocolException {
        if (message.length > MAX_WIRE_MESSAGE) {
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
            writeHandshake(writeMessage(env.local().identityPayload()));
            return;
        }
        IdentityPayload identity = IdentityPayload.parse(payload);
        identity.verify(handshake.remoteStaticPublicKey());
        NodeId remote = identity.nodeId();
        if (role == Role.INITIATOR) {
            if (expectedPeer != null && !expectedPeer.equals(remote)) {
                throw new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED,
                        "dialed " + expectedPeer + ", found " + remote);
            }
            writeHandshake(writeMessage(env.local().identityPayload()));
        }
        if (!handshake.isComplete()) {
            throw new LinkProtocolException(CloseCodes.HANDSHAKE_FAILED, "handshake not complete after message 3");
        }
        establish(identity, remote);
    }

    private byte[] writeMessage(byte[] payload) throws LinkProtocolException {
        try {
            return handshake.writeMessage(payload);
        } catch (NoiseException e) {
            throw handshakeError(e);
        }
    }

    private void writeHandshake(byte[] message) throws LinkProtocolException {
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

    /** Ends the handshake: split, admit the peer (trust policy, then the observer), turn OPEN. */
    private void establish(IdentityPayload identity, NodeId remote) throws LinkProtocolException {
        CipherStatePair pair;
        try {
            pair = handshake.split();
        } finally {
            handshake.destroy();
            handshake = null;
        }
        CipherState out = role == Role.INITIATOR ? pair.initiatorToResponder() : pair.responderToInitiator();
        CipherState in = role == Role.INITIATOR ? pair.responderToInitiator() : pair.initiatorToResponder();
        receiveCipher = in;
        receivePlain = new byte[MAX_WIRE_MESSAGE];
        sendLock.lock();
        try {
            sendCipher = out;
            sendPlain = new byte[fragmenter.maxPlaintextLength()];
        } finally {
            sendLock.unlock();
        }
        peer = remote;
        peerAddrs = identity.addrs();
        peerSoftware = identity.software();
        if (!env.trust().admits(remote)) {
            throw new LinkProtocolException(CloseCodes.REFUSED, "peer refused by trust policy");
        }
        observer.admit(this);
        Scheduler.Task timer;
        synchronized (stateLock) {
            if (state != State.HANDSHAKE) {
                return;
            }
            establishedAt = env.clock().instant();
            state = State.OPEN;
            up = true;
            timer = deadline;
            deadline = null;
            delivery.enqueue(() -> listener.linkUp(this));
        }
        if (timer != null) {
            timer.cancel();
        }
        delivery.kick();
        observe(() -> env.observer().linkUp(this));
        LOG.log(Level.FINE, "link {0}: up with {1} ({2})", new Object[] {id, remote, role});
    }

    private void deadlinePassed() {
        if (state == State.HANDSHAKE) {
            fail(CloseCodes.HANDSHAKE_TIMEOUT, "handshake deadline passed", Level.INFO);
        }
    }

    // ---------------------------------------------------------------- transport

    private void readTransport(byte[] message) throws LinkProtocolException {
        if (message.length > MAX_WIRE_MESSAGE || message.length < MIN_TRANSPORT_MESSAGE) {
            throw new LinkProtocolException(CloseCodes.PROTOCOL_ERROR,
                    "transport message of " + message.length + " bytes");
        }
        int length;
        try {
            length = receiveCipher.decryptWithAd(NO_AD, message, 0, message.length, receivePlain, 0);
        } catch (NoiseException e) {
            if (e.reason() == NoiseException.Reason.NONCE_EXHAUSTED) {
                throw new LinkProtocolException(CloseCodes.NORMAL, "receive counter exhausted");
            }
            throw new LinkProtocolException(CloseCodes.DECRYPT_FAILED, "transport message failed to decrypt");
        }
        byte[] applicationMessage = assembler.accept(receivePlain, 0, length);
        if (applicationMessage == null) {
            return;
        }
        messagesIn.incrementAndGet();
        bytesIn.addAndGet(applicationMessage.length);
        observe(() -> env.observer().messageReceived(this, applicationMessage.length));
        synchronized (stateLock) {
            if (state != State.OPEN) {
                return;
            }
            delivery.enqueue(() -> listener.message(this, applicationMessage));
        }
    }

    @Override
    public boolean send(byte[] applicationMessage) {
        Objects.requireNonNull(applicationMessage, "applicationMessage");
        if (state != State.OPEN) {
            return false;
        }
        int count = fragmenter.chunkCount(applicationMessage.length);
        sendLock.lock();
        try {
            if (state != State.OPEN) {
                return false;
            }
            // 2^64 − 1 is never used: nonces n .. 2^64 − 2 remain
            long remaining = -1L - sendCipher.nonce();
            if (Long.compareUnsigned(remaining, count) < 0) {
                releaseSendIfHeld();
                fail(CloseCodes.NORMAL, "send counter exhausted", Level.INFO);
                return false;
            }
            for (int i = 0; i < count; i++) {
                int plainLength = fragmenter.writeChunk(applicationMessage, i, sendPlain);
                byte[] wire = new byte[plainLength + TAG_LENGTH];
                sendCipher.encryptWithAd(NO_AD, sendPlain, 0, plainLength, wire, 0);
                channel.sendBinary(ByteBuffer.wrap(wire));
            }
            messagesOut.incrementAndGet();
            bytesOut.addAndGet(applicationMessage.length);
            observe(() -> env.observer().messageSent(this, applicationMessage.length));
            if (sendCipher.nonce() == -1L) {
                releaseSendIfHeld();
                fail(CloseCodes.NORMAL, "send counter exhausted", Level.INFO);
            }
            return true;
        } catch (NoiseException e) {
            releaseSendIfHeld();
            fail(CloseCodes.NORMAL, "cannot encrypt: " + e.reason(), Level.WARNING);
            return false;
        } catch (IOException e) {
            releaseSendIfHeld();
            fail(CloseCodes.GOING_AWAY, "cannot write: " + e.getMessage(), Level.FINE);
            return false;
        } finally {
            releaseSendIfHeld();
        }
    }

    // ---------------------------------------------------------------- closing

    @Override
    public void close(int code, String reason) {
        fail(code, reason == null ? "" : reason, Level.FINE);
    }

    /** Moves to CLOSED with {@code code}, logs once, and closes the socket. No-op when already closed. */
    private void fail(int code, String reason, Level level) {
        if (!toClosed(code, reason)) {
            return;
        }
        if (code != CloseCodes.NORMAL && code != CloseCodes.GOING_AWAY) {
            lastError = code + " " + reason;
        }
        LOG.log(level, "link {0} to {1}: closing, {2} {3}", new Object[] {id, peerName(), code, reason});
        channel.close(code, truncate(reason));
        afterClosed(code, reason);
    }

    private boolean toClosed(int code, String reason) {
        Scheduler.Task timer;
        synchronized (stateLock) {
            if (state == State.CLOSED) {
                return false;
            }
            state = State.CLOSED;
            closeCode = code;
            closeReason = reason;
            timer = deadline;
            deadline = null;
            if (up) {
                delivery.enqueue(() -> listener.linkDown(this, code, reason));
            }
        }
        if (timer != null) {
            timer.cancel();
        }
        return true;
    }

    private void afterClosed(int code, String reason) {
        if (receiveLock.tryLock()) {
            releaseReceive();
        }
        if (sendLock.tryLock()) {
            releaseSendIfHeld();
        }
        delivery.kick();
        try {
            observer.closed(this, code, reason);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "link observer failed", e);
        }
        boolean wasUp = establishedAt != null;
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

    /** Unlocks the reading side, wiping its secrets first when the link has closed. */
    private void releaseReceive() {
        try {
            if (state == State.CLOSED) {
                if (handshake != null) {
                    handshake.destroy();
                    handshake = null;
                }
                if (receiveCipher != null) {
                    receiveCipher.destroy();
                    receiveCipher = null;
                }
                assembler.reset();
                receivePlain = null;
            }
        } finally {
            receiveLock.unlock();
        }
    }

    /** Unlocks the sending side if this thread holds it, wiping its secrets first when the link has closed. */
    private void releaseSendIfHeld() {
        if (!sendLock.isHeldByCurrentThread()) {
            return;
        }
        try {
            if (state == State.CLOSED && sendCipher != null) {
                sendCipher.destroy();
                sendCipher = null;
                sendPlain = null;
            }
        } finally {
            sendLock.unlock();
        }
    }

    private static String truncate(String reason) {
        byte[] utf8 = reason.getBytes(StandardCharsets.UTF_8);
        if (utf8.length <= 123) {
            return reason;
        }
        String cut = reason;
        while (cut.getBytes(StandardCharsets.UTF_8).length > 123) {
            cut = cut.substring(0, cut.length() - 1);
        }
        return cut;
    }

    private static Level levelFor(int code) {
        return CloseCodes.isPeerError(code) ? Level.INFO : Level.FINE;
    }

    private String peerName() {
        NodeId p = peer;
        if (p != null) {
            return p.toString();
        }
        return remoteUrl != null ? remoteUrl : "(handshake)";
    }

    // ---------------------------------------------------------------- Link

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
        return peerAddrs;
    }

    /** The peer's {@code software}, or null. */
    public String peerSoftware() {
        return peerSoftware;
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
        return establishedAt;
    }

    @Override
    public boolean isOpen() {
        return state == State.OPEN;
    }

    @Override
    public LinkStats stats() {
        return new LinkStats(messagesIn.get(), messagesOut.get(), bytesIn.get(), bytesOut.get(), lastError);
    }

    public Role role() {
        return role;
    }

    public State state() {
        return state;
    }

    /** The code the link closed with (sent or received), or 0 while not closed. */
    public int closeCode() {
        synchronized (stateLock) {
            return closeCode;
        }
    }

    /** The close reason, or null while not closed. */
    public String closeReason() {
        synchronized (stateLock) {
            return closeReason;
        }
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

    /** Sets the send counter (tests reach counter exhaustion this way). */
    void setSendNonceForTest(long nonce) {
        sendLock.lock();
        try {
            sendCipher.setNonce(nonce);
        } finally {
            sendLock.unlock();
        }
    }

    @Override
    public String toString() {
        return "LinkSession[" + id + ", " + role + ", " + state + ", peer=" + peer + "]";
    }
}
