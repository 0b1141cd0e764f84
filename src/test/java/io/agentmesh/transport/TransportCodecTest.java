package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.noise.CipherState;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.RecordingChannel;
import io.agentmesh.testsupport.RecordingListener;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The cipher codec of an open link (wire-v1 §4), built as a session builds it at Split but over
 * CipherStates placed where the test needs them with SetNonce (Noise §5.1): counters that run out close
 * the link with 1000, through its {@link LinkState}.
 */
class TransportCodecTest {

    private final FixedRandom random = new FixedRandom(42);
    private final RecordingChannel channel = new RecordingChannel();
    private final RecordingListener listener = new RecordingListener();
    private final AtomicInteger observedCloses = new AtomicInteger();
    private final AtomicLong nanos = new AtomicLong();
    private final LogLimiter logs = new LogLimiter(Duration.ofMinutes(1), nanos::get);
    private final LinkState state = new LinkState(FakeLink.to(NodeId.of("a".repeat(40)), "link-1"), channel, listener,
            Runnable::run, (code, reason, wasUp) -> observedCloses.incrementAndGet(), logs);
    private LinkSettings settings = LinkSettings.defaults();
    private final MemoryBudget memory = TestMemory.ample();

    /** A keyed CipherState whose next nonce is {@code nonce}. */
    private CipherState cipher(byte[] key, long nonce) {
        CipherState c = new CipherState(LinkHandshake.SUITE);
        c.initializeKey(key);
        c.setNonce(nonce);
        return c;
    }

    private byte[] key() {
        byte[] key = new byte[32];
        random.nextBytes(key);
        return key;
    }

    /** The codec of an open link whose send counter is at {@code sendNonce}. */
    private TransportCodec openCodec(long sendNonce) {
        TransportCodec codec = new TransportCodec(cipher(key(), sendNonce), cipher(key(), 0), settings, memory.receiving(),
                channel, state);
        assertTrue(state.start());
        assertTrue(state.open(Instant.EPOCH));
        return codec;
    }

    private void assertClosed(TransportCodec codec, int code) {
        assertEquals(LinkSession.State.CLOSED, state.state());
        assertFalse(state.isOpen());
        assertEquals(code, state.closeCode());
        assertEquals(code, channel.closeCode(), "close code sent");
        assertEquals(1, listener.count("up"));
        assertEquals(1, listener.count("down"), "linkDown told once for a link that was up");
        assertEquals(1, observedCloses.get(), "observer told once");
        assertEquals(code, listener.events().get(listener.events().size() - 1).code());
        assertFalse(codec.send("x".getBytes(StandardCharsets.UTF_8)), "no send after close");
    }

    @Test
    void sendCounterReachingTheMaximumCloses1000() {
        TransportCodec codec = openCodec(-2L); // 2^64 − 2: the last usable nonce
        assertTrue(codec.send("{}".getBytes(StandardCharsets.UTF_8)));
        assertEquals(1, channel.sent().size());
        assertClosed(codec, CloseCodes.NORMAL);
    }

    @Test
    void messageNeedingMoreNoncesThanRemainClosesWithoutSending() {
        settings = settings.withMaxChunkData(10);
        TransportCodec codec = openCodec(-3L); // two nonces left
        assertFalse(codec.send(new byte[25])); // needs three chunks
        assertEquals(List.of(), channel.sent());
        assertClosed(codec, CloseCodes.NORMAL);
    }

    @Test
    void aSendTheChannelRefusesWithACodeClosesTheLinkWithThatCode() {
        TransportCodec codec = openCodec(0);
        channel.failSends(new LinkChannel.Failed(CloseCodes.INTERNAL_ERROR, "the node's memory budget cannot hold 19 more"));
        assertFalse(codec.send("{}".getBytes(StandardCharsets.UTF_8)));
        assertClosed(codec, CloseCodes.INTERNAL_ERROR);
    }

    @Test
    void aSendThatFailsOtherwiseClosesTheLinkWith1001() {
        TransportCodec codec = openCodec(0);
        channel.failSends();
        assertFalse(codec.send("{}".getBytes(StandardCharsets.UTF_8)));
        assertClosed(codec, CloseCodes.GOING_AWAY);
    }
}
