package io.agentmesh.bench;

import io.agentmesh.noise.CipherStatePair;
import io.agentmesh.noise.CipherSuite;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.noise.HandshakePattern;
import io.agentmesh.noise.HandshakeState;
import io.agentmesh.noise.NoiseException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * Noise XX handshakes per second (wire-v1 §3): both sides of a full handshake in one operation, with
 * fresh ephemeral keys each time, and the X25519 operations it is made of (4 DH per side, 1 key
 * generation per side).
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class HandshakeBench {

    private static final CipherSuite SUITE = CipherSuite.X25519_AESGCM_SHA256;
    private static final byte[] PROLOGUE = "agentmesh/1".getBytes(StandardCharsets.US_ASCII);

    private SecureRandom random;
    private DhKeyPair initiatorStatic;
    private DhKeyPair responderStatic;
    private byte[] payload;

    @Setup
    public void setUp() {
        random = new SecureRandom();
        initiatorStatic = SUITE.generateKeyPair(random);
        responderStatic = SUITE.generateKeyPair(random);
        payload = new byte[200]; // about the size of an identity payload
    }

    /** A full XX handshake, initiator and responder, up to Split. */
    @Benchmark
    public void fullXxHandshake(Blackhole blackhole) throws NoiseException {
        HandshakeState initiator = HandshakeState.initialize(SUITE, HandshakePattern.XX, true, PROLOGUE,
                initiatorStatic, null, null, null, random);
        HandshakeState responder = HandshakeState.initialize(SUITE, HandshakePattern.XX, false, PROLOGUE,
                responderStatic, null, null, null, random);
        responder.readMessage(initiator.writeMessage(null));
        initiator.readMessage(responder.writeMessage(payload));
        responder.readMessage(initiator.writeMessage(payload));
        CipherStatePair a = initiator.split();
        CipherStatePair b = responder.split();
        blackhole.consume(a);
        blackhole.consume(b);
    }

    /** One X25519 DH. */
    @Benchmark
    public byte[] x25519Dh() throws NoiseException {
        return SUITE.dh(initiatorStatic, responderStatic.publicKey());
    }

    /** One X25519 key pair generation. */
    @Benchmark
    public DhKeyPair x25519GenerateKeyPair() {
        return SUITE.generateKeyPair(random);
    }
}
