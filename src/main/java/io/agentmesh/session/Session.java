package io.agentmesh.session;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import io.agentmesh.noise.CipherState;
import io.agentmesh.noise.NoiseException;
import io.agentmesh.session.SealedBox.Kind;
import io.agentmesh.transport.IdentityPayload;
import java.time.Instant;
import java.util.Objects;
import java.util.Set;

/**
 * An established end-to-end session with one node (docs/protocol.md, "End-to-end sessions"): its id, the
 * peer whose identity payload (and membership) the handshake proved, and a {@link CipherState} for each
 * direction. The initiator seals requests and opens their responses and progress; the responder the other
 * way round. Each sealed message takes the next nonces of its direction and names the first; the receiving
 * side opens messages in any order but each nonce once ({@link ReplayWindow}). Thread-safe.
 */
public final class Session {

    /** Bytes of a session id. */
    public static final int SID_BYTES = 16;
    /** The largest nonce: 2^53 − 1, a JSON integer any implementation reads exactly. */
    static final long MAX_NONCE = (1L << 53) - 1;

    /** A sealed message: its first nonce and its box. */
    public record Sealed(long n, byte[] box) {
    }

    private final byte[] sid;
    private final String id;
    private final NodeId peer;
    private final PeerPolicy.Admission admission;
    private final boolean initiator;
    private final CipherState send;
    private final CipherState receive;
    private final ReplayWindow window = new ReplayWindow();
    private final Instant established;
    private long nextNonce;
    private volatile Instant lastUsed;
    private volatile boolean closed;

    Session(byte[] sid, IdentityPayload peerIdentity, PeerPolicy.Admission admission, boolean initiator, CipherState send,
            CipherState receive, Instant established) {
        if (sid.length != SID_BYTES) {
            throw new IllegalArgumentException("a session id has " + SID_BYTES + " bytes");
        }
        this.sid = sid.clone();
        this.id = Base64Url.encode(sid);
        this.peer = peerIdentity.nodeId();
        this.admission = Objects.requireNonNull(admission, "admission");
        this.initiator = initiator;
        this.send = Objects.requireNonNull(send, "send");
        this.receive = Objects.requireNonNull(receive, "receive");
        this.established = Objects.requireNonNull(established, "established");
        this.lastUsed = established;
    }

    /** The session id as it travels: base64url of 16 bytes. */
    public String id() {
        return id;
    }

    /** The node at the other end, as the handshake proved it. */
    public NodeId peer() {
        return peer;
    }

    /** The groups of the peer's membership certificate (empty without one). */
    public Set<String> groups() {
        return admission.groups();
    }

    /** Whether the policy that admitted the peer admits it still (asked after each change of the policy). */
    public boolean stillAdmitted() {
        return admission.stillAdmitted().getAsBoolean();
    }

    public boolean initiator() {
        return initiator;
    }

    public Instant established() {
        return established;
    }

    /** When a message was last sealed or opened. */
    public Instant lastUsed() {
        return lastUsed;
    }

    /** Seals a request (initiator only). */
    public Sealed sealRequest(byte[] plaintext, Instant now) throws SessionException {
        requireRole(true);
        return seal(Kind.REQUEST, 0, plaintext, now);
    }

    /** Seals the response to the request whose first nonce was {@code requestN} (responder only). */
    public Sealed sealResponse(long requestN, byte[] plaintext, Instant now) throws SessionException {
        requireRole(false);
        return seal(Kind.RESPONSE, requestN, plaintext, now);
    }

    /** Seals progress of the request whose first nonce was {@code requestN} (responder only). */
    public Sealed sealProgress(long requestN, byte[] plaintext, Instant now) throws SessionException {
        requireRole(false);
        return seal(Kind.PROGRESS, requestN, plaintext, now);
    }

    /** Opens a request (responder only). */
    public byte[] openRequest(long n, byte[] box, Instant now) throws SessionException {
        requireRole(false);
        return open(Kind.REQUEST, 0, n, box, now);
    }

    /** Opens the response to request {@code requestN} (initiator only). */
    public byte[] openResponse(long requestN, long n, byte[] box, Instant now) throws SessionException {
        requireRole(true);
        return open(Kind.RESPONSE, requestN, n, box, now);
    }

    /** Opens progress of request {@code requestN} (initiator only). */
    public byte[] openProgress(long requestN, long n, byte[] box, Instant now) throws SessionException {
        requireRole(true);
        return open(Kind.PROGRESS, requestN, n, box, now);
    }

    /** True once {@link #close()} ran or the nonces of this side ran out. */
    public boolean isClosed() {
        return closed;
    }

    /** Wipes the keys; every later seal or open fails with {@link SessionException#UNKNOWN_SESSION}. */
    public void close() {
        closed = true;
        synchronized (send) {
            send.destroy();
        }
        synchronized (receive) {
            receive.destroy();
        }
    }

    private Sealed seal(Kind kind, long bound, byte[] plaintext, Instant now) throws SessionException {
        if (plaintext.length > SealedBox.MAX_PLAINTEXT) {
            throw new SessionException(SessionException.INVALID_PARAMS, "a sealed message holds at most "
                    + SealedBox.MAX_PLAINTEXT + " bytes, not " + plaintext.length);
        }
        int count = SealedBox.chunks(plaintext.length);
        synchronized (send) {
            requireOpen();
            if (nextNonce > MAX_NONCE - count) {
                closed = true;
                throw new SessionException(SessionException.UNKNOWN_SESSION, "session " + id + " used all its nonces");
            }
            long first = nextNonce;
            try {
                byte[] box = SealedBox.seal(send, first, kind, sid, bound, plaintext);
                nextNonce += count;
                lastUsed = now;
                return new Sealed(first, box);
            } catch (NoiseException e) {
                throw new SessionException(SessionException.UNKNOWN_SESSION, "session " + id + ": " + e.getMessage());
            }
        }
    }

    private byte[] open(Kind kind, long bound, long n, byte[] box, Instant now) throws SessionException {
        int count = SealedBox.chunksOfBox(box.length);
        if (count < 0 || n < 0 || n > MAX_NONCE - count || box.length - 16L * count > SealedBox.MAX_PLAINTEXT) {
            throw new SessionException(SessionException.REJECTED, "a sealed message of bad size or nonce");
        }
        synchronized (receive) {
            requireOpen();
            if (!window.fresh(n, count)) {
                throw new SessionException(SessionException.REJECTED, "a sealed message replayed or too old");
            }
            byte[] plaintext;
            try {
                plaintext = SealedBox.open(receive, n, kind, sid, bound, box, count);
            } catch (NoiseException e) {
                throw new SessionException(SessionException.REJECTED, "a sealed message failed to open");
            }
            window.accept(n, count);
            lastUsed = now;
            return plaintext;
        }
    }

    private void requireRole(boolean asInitiator) {
        if (initiator != asInitiator) {
            throw new IllegalStateException("the " + (initiator ? "initiator" : "responder") + " of session " + id
                    + " cannot do that");
        }
    }

    private void requireOpen() throws SessionException {
        if (closed) {
            throw new SessionException(SessionException.UNKNOWN_SESSION, "session " + id + " is closed");
        }
    }

    @Override
    public String toString() {
        return "Session[" + id + " " + (initiator ? "to " : "from ") + peer + "]";
    }
}
