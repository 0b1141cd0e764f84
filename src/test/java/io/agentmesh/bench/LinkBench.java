package io.agentmesh.bench;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.noise.NoiseException;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.NoisePeer;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkChannel;
import io.agentmesh.transport.LinkEnvironment;
import io.agentmesh.transport.LinkListener;
import io.agentmesh.transport.LinkSession;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.LocalNode;
import io.agentmesh.transport.Scheduler;
import io.agentmesh.transport.TrustPolicy;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * Links without sockets (wire-v1 §3–4): two {@link LinkSession}s whose channels hand each binary
 * message straight to the other side, so one {@code send} runs the whole path: fragmenter, AES-256-GCM
 * encrypt, copy, decrypt, assembler, delivery. Beside it, raw SunJCE AES-256-GCM encrypt + decrypt of
 * the same size in one shot. Throughput in ops/s; MB/s = ops/s × size / 10^6.
 *
 * <p>{@code responderHandshake} times the responder's work only: its randomness is fixed, so its
 * message 2 is the same every time and the initiator's messages 1 and 3 are built once in setup; each
 * op creates a responder session, reads message 1, writes message 2 and reads message 3 (X25519 key
 * generation, three DHs, the identity payload's signature check). {@code fullHandshake} runs both ends.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LinkBench {

    private static final Scheduler NO_TIMERS = (task, delay) -> () -> { };

    private static LinkEnvironment env(NodeIdentity identity, SecureRandom random) {
        LinkSettings settings = LinkSettings.defaults();
        return new LinkEnvironment(LocalNode.create(identity, random, settings), settings, TrustPolicy.open(),
                random, Clock.systemUTC(), NO_TIMERS, Runnable::run);
    }

    private static LinkEnvironment withRandom(LinkEnvironment e, SecureRandom random) {
        return new LinkEnvironment(e.local(), e.settings(), e.trust(), random, e.clock(), e.scheduler(), e.executor());
    }

    /** Counts delivered messages, so the work is not dead code. */
    static final class Sink implements LinkListener {
        long messages;
        long bytes;

        @Override
        public void linkUp(Link link) {
        }

        @Override
        public void message(Link link, byte[] applicationMessage) {
            messages++;
            bytes += applicationMessage.length;
        }

        @Override
        public void linkDown(Link link, int closeCode, String reason) {
        }
    }

    /** Hands every binary message to the session at the other end, on the same thread. */
    static final class DirectChannel implements LinkChannel {
        LinkSession to;
        final List<byte[]> captured = new ArrayList<>();
        boolean capture;

        /** Nothing checks liveness here (no link manager runs), so nothing pings. */
        @Override
        public void ping() {
            throw new UnsupportedOperationException("no keep-alive in this benchmark");
        }

        @Override
        public void sendBinary(ByteBuffer message) throws IOException {
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            if (capture) {
                captured.add(bytes);
            } else {
                to.onBinary(bytes);
            }
        }

        @Override
        public void close(int code, String reason) {
            throw new IllegalStateException("link closed in benchmark: " + code + " " + reason);
        }
    }

    /** A link and raw AES-GCM keys, for messages of {@code size} bytes. */
    @State(Scope.Thread)
    public static class Transport {

        @Param({"1024", "65536"})
        public int size;

        private final Sink sink = new Sink();
        private LinkSession sender;
        private byte[] message;

        private byte[] iv = new byte[12];
        private long counter;
        private Cipher encryptor;
        private Cipher decryptor;
        private SecretKeySpec key;
        private byte[] ciphertext;
        private byte[] opened;

        @Setup
        public void setUp() throws Exception {
            SecureRandom random = new FixedRandom(1);
            LinkEnvironment initiatorEnv = env(NodeIdentity.generate(random), random);
            LinkEnvironment responderEnv = env(NodeIdentity.generate(random), random);
            DirectChannel toResponder = new DirectChannel();
            DirectChannel toInitiator = new DirectChannel();
            LinkSession initiator = LinkSession.initiator(initiatorEnv, toResponder, sink, null, "ws://bench/mesh", null);
            LinkSession responder = LinkSession.responder(responderEnv, toInitiator, sink, null);
            toResponder.to = responder;
            toInitiator.to = initiator;
            responder.start();
            initiator.start();
            if (!initiator.isOpen() || !responder.isOpen()) {
                throw new IllegalStateException("handshake did not complete");
            }
            sender = initiator;
            message = new byte[size];
            random.nextBytes(message);
            byte[] keyBytes = new byte[32];
            random.nextBytes(keyBytes);
            key = new SecretKeySpec(keyBytes, "AES");
            encryptor = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            decryptor = Cipher.getInstance("AES/GCM/NoPadding", "SunJCE");
            ciphertext = new byte[size + 16];
            opened = new byte[size];
        }
    }

    /** Two nodes' link environments and the initiator's messages 1 and 3 for a responder with fixed randomness. */
    @State(Scope.Thread)
    public static class Handshakes {
        private final Sink sink = new Sink();
        private LinkEnvironment responderEnv;
        private LinkEnvironment initiatorEnv;
        private byte[] message1;
        private byte[] message3;
        private static final long RESPONDER_SEED = 17;

        @Setup
        public void setUp() throws Exception {
            SecureRandom random = new FixedRandom(2);
            initiatorEnv = env(NodeIdentity.generate(random), random);
            responderEnv = env(NodeIdentity.generate(random), random);
            // responder-only handshakes: messages 1 and 3 against a responder with fixed randomness
            NoisePeer peer = new NoisePeer(NodeIdentity.generate(random), true, random);
            message1 = peer.write(new byte[0]);
            DirectChannel capture = new DirectChannel();
            capture.capture = true;
            LinkSession probe = LinkSession.responder(withRandom(responderEnv, new FixedRandom(RESPONDER_SEED)), capture, sink, null);
            probe.start();
            probe.onBinary(message1);
            peer.read(capture.captured.get(0));
            message3 = peer.write(peer.identityPayload());
            probe.onBinary(message3);
            if (!probe.isOpen()) {
                throw new IllegalStateException("responder probe did not open");
            }
        }
    }

    /** One application message through the whole link path (encrypt and decrypt). */
    @Benchmark
    public long link(Transport t) {
        if (!t.sender.send(t.message)) {
            throw new IllegalStateException("send failed");
        }
        return t.sink.messages;
    }

    /** Raw SunJCE AES-256-GCM: init + doFinal to encrypt, init + doFinal to decrypt, a fresh nonce each time. */
    @Benchmark
    public int rawAesGcm(Transport t) throws GeneralSecurityException {
        long n = t.counter++;
        for (int i = 0; i < 8; i++) {
            t.iv[11 - i] = (byte) (n >>> (8 * i));
        }
        t.encryptor.init(Cipher.ENCRYPT_MODE, t.key, new GCMParameterSpec(128, t.iv));
        int length = t.encryptor.doFinal(t.message, 0, t.size, t.ciphertext, 0);
        t.decryptor.init(Cipher.DECRYPT_MODE, t.key, new GCMParameterSpec(128, t.iv));
        return t.decryptor.doFinal(t.ciphertext, 0, length, t.opened, 0);
    }

    /** The responder's side of one handshake (messages 1 and 3 prepared in setup). */
    @Benchmark
    public LinkSession.State responderHandshake(Handshakes h) {
        DirectChannel capture = new DirectChannel();
        capture.capture = true;
        LinkSession responder = LinkSession.responder(withRandom(h.responderEnv, new FixedRandom(Handshakes.RESPONDER_SEED)),
                capture, h.sink, null);
        responder.start();
        responder.onBinary(h.message1);
        responder.onBinary(h.message3);
        if (!responder.isOpen()) {
            throw new IllegalStateException("responder did not open");
        }
        return responder.state();
    }

    /** Both ends of one handshake, fresh ephemeral keys each time. */
    @Benchmark
    public boolean fullHandshake(Handshakes h) throws NoiseException {
        DirectChannel toResponder = new DirectChannel();
        DirectChannel toInitiator = new DirectChannel();
        LinkSession initiator = LinkSession.initiator(h.initiatorEnv, toResponder, h.sink, null, "ws://bench/mesh", null);
        LinkSession responder = LinkSession.responder(h.responderEnv, toInitiator, h.sink, null);
        toResponder.to = responder;
        toInitiator.to = initiator;
        responder.start();
        initiator.start();
        return initiator.isOpen() && responder.isOpen();
    }
}
