package io.agentmesh.noise;

import java.io.ByteArrayOutputStream;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The HandshakeState object of Noise rev 34 §5.3 (wire-v1 §3 runs it with {@link HandshakePattern#XX}
 * and {@link CipherSuite#X25519_AESGCM_SHA256}). Holds its own copies of the local key pairs and
 * wipes them, with the chaining key, at {@link #split()} or {@link #destroy()}.
 *
 * <p>Any exception from {@link #writeMessage} or {@link #readMessage} moves the handshake to FAILED;
 * from then on every call throws {@link NoiseException.Reason#INVALID_STATE}. Messages longer than
 * {@value CipherState#MAX_MESSAGE_LENGTH} bytes are refused with MESSAGE_TOO_LONG, messages shorter
 * than their pattern requires with SHORT_MESSAGE. Not thread-safe.
 */
public final class HandshakeState {

    private enum Phase { ACTIVE, COMPLETE, SPLIT, FAILED, DESTROYED }

    private final CipherSuite suite;
    private final HandshakePattern pattern;
    private final boolean initiator;
    private final SymmetricState symmetricState;
    private final SecureRandom random;
    private DhKeyPair s;
    private DhKeyPair e;
    private byte[] rs;
    private byte[] re;
    private int messageIndex;
    private Phase phase = Phase.ACTIVE;

    private HandshakeState(CipherSuite suite, HandshakePattern pattern, boolean initiator, SymmetricState symmetricState,
            DhKeyPair s, DhKeyPair e, byte[] rs, byte[] re, SecureRandom random) {
        this.suite = suite;
        this.pattern = pattern;
        this.initiator = initiator;
        this.symmetricState = symmetricState;
        this.s = s;
        this.e = e;
        this.rs = rs;
        this.re = re;
        this.random = random;
    }

    /**
     * {@code Initialize(handshake_pattern, initiator, prologue, s, e, rs, re)}.
     *
     * @param s the local static key pair; required when the pattern uses it (XX: both sides)
     * @param e the local ephemeral key pair: null except to replay test vectors (it is then generated
     *     from {@code random} when the pattern sends {@code e})
     * @param rs the remote static public key; required exactly when the remote pre-message holds {@code s}
     * @param re the remote ephemeral public key; required exactly when the remote pre-message holds {@code e}
     * @param random the source of ephemeral keys; may be null only when {@code e} is given
     * @throws IllegalArgumentException when a key the pattern needs is missing, or one is given that it
     *     would learn during the handshake, or a key has the wrong length
     */
    public static HandshakeState initialize(CipherSuite suite, HandshakePattern pattern, boolean initiator,
            byte[] prologue, DhKeyPair s, DhKeyPair e, byte[] rs, byte[] re, SecureRandom random) {
        Objects.requireNonNull(suite, "suite");
        Objects.requireNonNull(pattern, "pattern");
        int dhLen = suite.dhLen();
        List<HandshakePattern.Token> localPre = initiator ? pattern.initiatorPreMessage() : pattern.responderPreMessage();
        List<HandshakePattern.Token> remotePre = initiator ? pattern.responderPreMessage() : pattern.initiatorPreMessage();
        if (pattern.needsLocalStatic(initiator) && s == null) {
            throw new IllegalArgumentException(pattern.name() + " needs a local static key pair");
        }
        if (localPre.contains(HandshakePattern.Token.E) && e == null) {
            throw new IllegalArgumentException(pattern.name() + " needs a local ephemeral key pair");
        }
        if (remotePre.contains(HandshakePattern.Token.S) != (rs != null)) {
            throw new IllegalArgumentException(pattern.name() + (rs == null
                    ? " needs the remote static key at the start" : " learns the remote static key: do not pass rs"));
        }
        if (remotePre.contains(HandshakePattern.Token.E) != (re != null)) {
            throw new IllegalArgumentException(pattern.name() + (re == null
                    ? " needs the remote ephemeral key at the start" : " learns the remote ephemeral key: do not pass re"));
        }
        if (e == null && random == null) {
            throw new IllegalArgumentException("random is required to generate ephemeral keys");
        }
        checkLength("s", s == null ? null : s.publicKeyBytes(), dhLen);
        checkLength("e", e == null ? null : e.publicKeyBytes(), dhLen);
        checkLength("rs", rs, dhLen);
        checkLength("re", re, dhLen);

        SymmetricState symmetric = new SymmetricState(suite, "Noise_" + pattern.name() + "_" + suite.name());
        symmetric.mixHash(prologue == null ? new byte[0] : prologue);
        DhKeyPair sCopy = s == null ? null : new DhKeyPair(s.privateKeyBytes(), s.publicKeyBytes());
        DhKeyPair eCopy = e == null ? null : new DhKeyPair(e.privateKeyBytes(), e.publicKeyBytes());
        byte[] rsCopy = rs == null ? null : rs.clone();
        byte[] reCopy = re == null ? null : re.clone();
        // pre-messages: the initiator's first, each key as its owner knows it (§5.3 Initialize)
        for (boolean initiatorPre : new boolean[] {true, false}) {
            boolean local = initiatorPre == initiator;
            for (HandshakePattern.Token token : initiatorPre ? pattern.initiatorPreMessage() : pattern.responderPreMessage()) {
                if (token == HandshakePattern.Token.S) {
                    symmetric.mixHash(local ? sCopy.publicKeyBytes() : rsCopy);
                } else {
                    symmetric.mixHash(local ? eCopy.publicKeyBytes() : reCopy);
                }
            }
        }
        return new HandshakeState(suite, pattern, initiator, symmetric, sCopy, eCopy, rsCopy, reCopy, random);
    }

    private static void checkLength(String what, byte[] key, int length) {
        if (key != null && key.length != length) {
            throw new IllegalArgumentException(what + " must have " + length + " bytes, not " + key.length);
        }
    }

    /**
     * {@code WriteMessage(payload, message_buffer)}: the next handshake message, carrying {@code payload}
     * (null for none).
     */
    public byte[] writeMessage(byte[] payload) throws NoiseException {
        byte[] body = payload == null ? new byte[0] : payload;
        checkActive();
        try {
            if (!isMyTurnToWrite()) {
                throw new NoiseException(NoiseException.Reason.INVALID_STATE, "not this side's turn to write");
            }
            if (body.length > CipherState.MAX_MESSAGE_LENGTH) {
                throw tooLong(body.length);
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(256 + body.length);
            for (HandshakePattern.Token token : pattern.messages().get(messageIndex)) {
                switch (token) {
                    case E -> {
                        if (e == null) {
                            e = suite.generateKeyPair(random);
                        }
                        out.writeBytes(e.publicKeyBytes());
                        symmetricState.mixHash(e.publicKeyBytes());
                    }
                    case S -> out.writeBytes(symmetricState.encryptAndHash(s.publicKeyBytes()));
                    default -> mixDh(token);
                }
            }
            out.writeBytes(symmetricState.encryptAndHash(body));
            if (out.size() > CipherState.MAX_MESSAGE_LENGTH) {
                throw tooLong(out.size());
            }
            advance();
            return out.toByteArray();
        } catch (NoiseException | RuntimeException failure) {
            fail();
            throw failure;
        }
    }

    /** {@code ReadMessage(message, payload_buffer)}: processes the next handshake message; returns its payload. */
    public byte[] readMessage(byte[] message) throws NoiseException {
        Objects.requireNonNull(message, "message");
        checkActive();
        try {
            if (!isMyTurnToRead()) {
                throw new NoiseException(NoiseException.Reason.INVALID_STATE, "not this side's turn to read");
            }
            if (message.length > CipherState.MAX_MESSAGE_LENGTH) {
                throw tooLong(message.length);
            }
            List<HandshakePattern.Token> tokens = pattern.messages().get(messageIndex);
            int required = requiredLength(tokens);
            if (message.length < required) {
                throw new NoiseException(NoiseException.Reason.SHORT_MESSAGE, "handshake message " + (messageIndex + 1)
                        + " has " + message.length + " bytes; its pattern requires at least " + required);
            }
            int dhLen = suite.dhLen();
            int offset = 0;
            for (HandshakePattern.Token token : tokens) {
                switch (token) {
                    case E -> {
                        re = Arrays.copyOfRange(message, offset, offset + dhLen);
                        offset += dhLen;
                        symmetricState.mixHash(re);
                    }
                    case S -> {
                        int length = dhLen + (symmetricState.hasKey() ? 16 : 0);
                        rs = symmetricState.decryptAndHash(Arrays.copyOfRange(message, offset, offset + length));
                        offset += length;
                    }
                    default -> mixDh(token);
                }
            }
            byte[] payload = symmetricState.decryptAndHash(Arrays.copyOfRange(message, offset, message.length));
            advance();
            return payload;
        } catch (NoiseException | RuntimeException failure) {
            fail();
            throw failure;
        }
    }

    /** Minimum length of a message with these tokens, given whether a key is already set. */
    private int requiredLength(List<HandshakePattern.Token> tokens) {
        boolean hasKey = symmetricState.hasKey();
        int length = 0;
        for (HandshakePattern.Token token : tokens) {
            switch (token) {
                case E -> length += suite.dhLen();
                case S -> length += suite.dhLen() + (hasKey ? 16 : 0);
                default -> hasKey = true;
            }
        }
        return length + (hasKey ? 16 : 0);
    }

    private void mixDh(HandshakePattern.Token token) throws NoiseException {
        DhKeyPair local;
        byte[] remote;
        switch (token) {
            case EE -> { local = e; remote = re; }
            case ES -> { local = initiator ? e : s; remote = initiator ? rs : re; }
            case SE -> { local = initiator ? s : e; remote = initiator ? re : rs; }
            case SS -> { local = s; remote = rs; }
            default -> throw new IllegalStateException("not a DH token: " + token);
        }
        if (local == null || remote == null) {
            throw new NoiseException(NoiseException.Reason.INVALID_STATE, "a key needed for " + token.text() + " is missing");
        }
        byte[] shared = suite.dh(local, remote);
        try {
            symmetricState.mixKey(shared);
        } finally {
            Arrays.fill(shared, (byte) 0);
        }
    }

    private void advance() {
        messageIndex++;
        if (messageIndex == pattern.messages().size()) {
            phase = Phase.COMPLETE;
        }
    }

    private void checkActive() throws NoiseException {
        if (phase != Phase.ACTIVE) {
            throw new NoiseException(NoiseException.Reason.INVALID_STATE, "handshake is " + phase);
        }
    }

    private static NoiseException tooLong(int length) {
        return new NoiseException(NoiseException.Reason.MESSAGE_TOO_LONG,
                "message of " + length + " bytes exceeds " + CipherState.MAX_MESSAGE_LENGTH);
    }

    private void fail() {
        wipe();
        phase = Phase.FAILED;
    }

    /** True once every message of the pattern has been written or read. */
    public boolean isComplete() {
        return phase == Phase.COMPLETE || phase == Phase.SPLIT;
    }

    /** True when the handshake failed; it stays so. */
    public boolean isFailed() {
        return phase == Phase.FAILED;
    }

    /** True when the next step is {@link #writeMessage} on this side. */
    public boolean isMyTurnToWrite() {
        return phase == Phase.ACTIVE && (messageIndex % 2 == 0) == initiator;
    }

    /** True when the next step is {@link #readMessage} on this side. */
    public boolean isMyTurnToRead() {
        return phase == Phase.ACTIVE && (messageIndex % 2 == 0) != initiator;
    }

    /** True on the initiator's side. */
    public boolean isInitiator() {
        return initiator;
    }

    /** The protocol name, e.g. {@code Noise_XX_25519_AESGCM_SHA256}. */
    public String protocolName() {
        return "Noise_" + pattern.name() + "_" + suite.name();
    }

    /** A copy of the remote static public key, or null while unknown. */
    public byte[] remoteStaticPublicKey() {
        return rs == null ? null : rs.clone();
    }

    /** A copy of the remote ephemeral public key, or null while unknown. */
    public byte[] remoteEphemeralPublicKey() {
        return re == null ? null : re.clone();
    }

    /** The local static public key, or null when there is none. */
    public byte[] localStaticPublicKey() {
        return s == null ? null : s.publicKey();
    }

    /** {@code GetHandshakeHash()}: a copy of {@code h}; after completion, the channel binding value. */
    public byte[] handshakeHash() {
        return symmetricState.handshakeHash();
    }

    /**
     * {@code Split()}, once, after the last message: the transport CipherStates. Wipes the chaining
     * key and the local private keys.
     *
     * @throws IllegalStateException when the handshake is not complete (it then moves to FAILED) or
     *     was already split
     */
    public CipherStatePair split() {
        if (phase != Phase.COMPLETE) {
            Phase was = phase;
            if (phase == Phase.ACTIVE) {
                fail();
            }
            throw new IllegalStateException("split() needs a complete handshake that was not split yet; it is " + was);
        }
        try {
            return symmetricState.split();
        } finally {
            wipe();
            phase = Phase.SPLIT;
        }
    }

    /** Wipes the local private keys and the chaining key; later calls throw INVALID_STATE. */
    public void destroy() {
        wipe();
        if (phase != Phase.SPLIT) {
            phase = Phase.DESTROYED;
        }
    }

    private void wipe() {
        if (s != null) {
            s.destroy();
        }
        if (e != null) {
            e.destroy();
        }
        symmetricState.destroy();
    }

    @Override
    public String toString() {
        return "HandshakeState[" + protocolName() + ", " + (initiator ? "initiator" : "responder")
                + ", message " + messageIndex + ", " + phase + "]";
    }
}
