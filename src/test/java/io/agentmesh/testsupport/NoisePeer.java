package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.noise.CipherState;
import io.agentmesh.noise.CipherStatePair;
import io.agentmesh.noise.CipherSuite;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.noise.HandshakePattern;
import io.agentmesh.noise.HandshakeState;
import io.agentmesh.noise.NoiseException;
import io.agentmesh.transport.IdentityPayload;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.List;

/**
 * One end of a link driven by hand (wire-v1 §3–4), for tests that must misbehave: it runs the XX
 * handshake with any payload, then encrypts chunks with any flags and keeps every frame it produced so
 * that tests can replay, truncate or tamper with them.
 */
public final class NoisePeer {

    public static final byte[] PROLOGUE = "agentmesh/1".getBytes(StandardCharsets.US_ASCII);
    public static final CipherSuite SUITE = CipherSuites.x25519AesGcmSha256();

    private final NodeIdentity identity;
    private final DhKeyPair staticKey;
    private final HandshakeState handshake;
    private final boolean initiator;
    private CipherState send;
    private CipherState receive;

    public NoisePeer(NodeIdentity identity, boolean initiator, SecureRandom random) {
        this(identity, initiator, random, null);
    }

    /** A peer whose ephemeral key is {@code ephemeral} (for example a low-order point), or random when null. */
    public NoisePeer(NodeIdentity identity, boolean initiator, SecureRandom random, DhKeyPair ephemeral) {
        this.identity = identity;
        this.initiator = initiator;
        this.staticKey = SUITE.generateKeyPair(random);
        this.handshake = HandshakeState.initialize(SUITE, HandshakePattern.XX, initiator, PROLOGUE, staticKey,
                ephemeral, null, null, random);
    }

    public NodeIdentity identity() {
        return identity;
    }

    public byte[] staticPublicKey() {
        return staticKey.publicKey();
    }

    /** A correct identity payload of this peer (signed for its static key). */
    public byte[] identityPayload() {
        return IdentityPayload.create(identity, staticKey.publicKey(), List.of(), "noise-peer/1").toJson();
    }

    public byte[] write(byte[] payload) throws NoiseException {
        byte[] message = handshake.writeMessage(payload);
        splitIfComplete();
        return message;
    }

    public byte[] read(byte[] message) throws NoiseException {
        byte[] payload = handshake.readMessage(message);
        splitIfComplete();
        return payload;
    }

    public byte[] remoteStaticPublicKey() {
        return handshake.remoteStaticPublicKey();
    }

    public boolean complete() {
        return send != null;
    }

    private void splitIfComplete() {
        if (handshake.isComplete() && send == null) {
            CipherStatePair pair = handshake.split();
            send = initiator ? pair.initiatorToResponder() : pair.responderToInitiator();
            receive = initiator ? pair.responderToInitiator() : pair.initiatorToResponder();
        }
    }

    /** Encrypts one transport message: {@code flags} then {@code data}. */
    public byte[] encrypt(int flags, byte[] data) throws NoiseException {
        byte[] plain = new byte[data.length + 1];
        plain[0] = (byte) flags;
        System.arraycopy(data, 0, plain, 1, data.length);
        return send.encryptWithAd(new byte[0], plain);
    }

    /** One FINAL transport message carrying {@code text} as UTF-8. */
    public byte[] encryptFinal(String text) throws NoiseException {
        return encrypt(0x01, text.getBytes(StandardCharsets.UTF_8));
    }

    /** Decrypts one transport message; returns the plaintext, flags byte first. */
    public byte[] decrypt(byte[] message) throws NoiseException {
        return receive.decryptWithAd(new byte[0], message);
    }

    public CipherState sendCipher() {
        return send;
    }
}
