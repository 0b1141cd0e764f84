package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.NoisePeer;
import io.agentmesh.testsupport.RecordingChannel;
import io.agentmesh.testsupport.RecordingListener;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for what a peer sends on a link: wire frames, transport messages of an open link and their
 * reassembly, handshake messages and identity payloads (wire-v1 §2–4). Each parser either returns or fails
 * with a {@link LinkProtocolException} carrying a close code of §6; a session never closes with "internal
 * error" (1011 after a runtime exception). Inputs replayed by every test run are under
 * {@code src/test/resources/io/agentmesh/transport/LinkFuzzTestInputs/}; docs/benchmarks.md ("Fuzzing")
 * tells how to fuzz.
 */
@Timeout(10)
class LinkFuzzTest {

    private static final NodeIdentity LOCAL = NodeIdentity.generate(new FixedRandom(1));
    private static final NodeIdentity PEER = NodeIdentity.generate(new FixedRandom(2));
    private static final int MAX_TAG_AND_FLAGS = 17;
    /** Made once: a fresh static key and a signature per run would halve the speed of the targets below. */
    private static final LocalNode LOCAL_NODE = LocalNode.create(LOCAL, new FixedRandom(3), LinkSettings.defaults());
    /** The peer's static key comes from {@code new FixedRandom(5)}; so does its identity payload, made once. */
    private static final byte[] PEER_PAYLOAD = new NoisePeer(PEER, true, new FixedRandom(5)).identityPayload();

    /** A frame decoded from the socket is its bytes, whatever they are. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void wireFrame(byte[] bytes) {
        WireFrame frame = new WireFrameDecoder().decode(ByteBuffer.wrap(bytes));
        assertArrayEquals(bytes, frame.bytes());
        assertEquals(new WireFrame(bytes.clone()), frame);
    }

    /**
     * Plaintexts (a flags byte and data) reassembled under a size limit, checked against a model: each
     * FINAL chunk completes the data gathered since the last one; unknown flags fail with 4000, data over
     * the limit with 1009.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void messageAssembler(FuzzedDataProvider data) {
        int max = data.consumeInt(0, 4096);
        MessageAssembler assembler = new MessageAssembler(max, TestMemory.share());
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        while (data.remainingBytes() > 0) {
            byte[] plaintext = data.consumeBytes(data.consumeInt(0, 600));
            byte[] message;
            try {
                message = assembler.accept(plaintext);
            } catch (LinkProtocolException e) {
                assertEquals(expectedFailure(plaintext, partial.size(), max), e.closeCode(), e.reason());
                return;
            }
            assertEquals(0, expectedFailure(plaintext, partial.size(), max));
            partial.write(plaintext, 1, plaintext.length - 1);
            if ((plaintext[0] & 1) != 0) {
                assertArrayEquals(partial.toByteArray(), message);
                partial.reset();
            } else {
                assertNull(message);
            }
            assertEquals(partial.size(), assembler.pendingBytes());
        }
    }

    /** The close code the model expects for {@code plaintext} after {@code pending} data bytes, or 0. */
    private static int expectedFailure(byte[] plaintext, int pending, int max) {
        if (plaintext.length == 0 || (plaintext[0] & ~1) != 0) {
            return CloseCodes.PROTOCOL_ERROR;
        }
        return pending + plaintext.length - 1 > max ? CloseCodes.MESSAGE_TOO_BIG : 0;
    }

    /**
     * A responder session, open after a real handshake, fed frames from the socket: transport messages the
     * peer encrypted (any flags, any split), raw frames of any length, and text. The messages delivered
     * and the close code are checked against a model of wire-v1 §4.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void openLink(FuzzedDataProvider data) throws Exception {
        int max = data.consumeInt(0, 70_000);
        OpenLink link = OpenLink.responder(LinkSettings.defaults().withMaxMessageBytes(max));
        List<byte[]> expected = new ArrayList<>();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        int expectedClose = 0;
        while (data.remainingBytes() > 0 && expectedClose == 0) {
            switch (data.consumeInt(0, 7)) {
                case 0 -> {
                    byte[] frame = data.consumeBytes(data.consumeInt(0, 70_000));
                    link.receive(frame);
                    expectedClose = frame.length < MAX_TAG_AND_FLAGS || frame.length > 65535
                            ? CloseCodes.PROTOCOL_ERROR : CloseCodes.DECRYPT_FAILED;
                }
                case 1 -> {
                    link.session.onText();
                    expectedClose = CloseCodes.TEXT_MESSAGE;
                }
                case 2 -> {
                    // a large chunk: the limit is crossed within one chunk
                    byte flags = data.consumeBoolean() ? (byte) 1 : 0;
                    byte[] chunk = new byte[data.consumeInt(0, 65535 - MAX_TAG_AND_FLAGS)];
                    link.receive(link.peer.encrypt(flags, chunk));
                    expectedClose = model(flags, chunk, partial, expected, max);
                }
                default -> {
                    byte flags = data.consumeByte();
                    byte[] chunk = data.consumeBytes(data.consumeInt(0, 300));
                    link.receive(link.peer.encrypt(flags, chunk));
                    expectedClose = model(flags, chunk, partial, expected, max);
                }
            }
        }
        List<byte[]> delivered = link.listener.messages();
        assertEquals(expected.size(), delivered.size(), "messages delivered");
        for (int i = 0; i < expected.size(); i++) {
            assertArrayEquals(expected.get(i), delivered.get(i));
        }
        if (expectedClose == 0) {
            assertEquals(LinkSession.State.OPEN, link.session.state());
        } else {
            assertEquals(LinkSession.State.CLOSED, link.session.state());
            assertEquals(expectedClose, link.session.closeCode(), link.session.closeReason());
        }
    }

    private static int model(byte flags, byte[] chunk, ByteArrayOutputStream partial, List<byte[]> expected, int max) {
        if ((flags & ~1) != 0) {
            return CloseCodes.PROTOCOL_ERROR;
        }
        if ((long) partial.size() + chunk.length > max) {
            return CloseCodes.MESSAGE_TOO_BIG;
        }
        partial.write(chunk, 0, chunk.length);
        if (flags == 1) {
            expected.add(partial.toByteArray());
            partial.reset();
        }
        return 0;
    }

    /**
     * Handshake messages from an initiator: message 1 as the fuzzer writes it, or a real one followed by a
     * message 3 as the fuzzer writes it, or a real message 3 whose identity payload the fuzzer writes. The
     * responder either opens the link or closes it with a close code of wire-v1 §6 for handshakes, never
     * with an internal error.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void handshake(FuzzedDataProvider data) throws Exception {
        RecordingChannel channel = new RecordingChannel();
        RecordingListener listener = new RecordingListener();
        FixedRandom random = new FixedRandom(4);
        LinkSettings settings = LinkSettings.defaults();
        LinkEnvironment env = new LinkEnvironment(LOCAL_NODE, settings, TrustPolicy.open(), random, Clock.systemUTC(),
                new ManualScheduler(), Runnable::run);
        LinkSession session = LinkSession.responder(env, channel, listener, new LinkKeeper() { });
        session.start();
        NoisePeer peer = new NoisePeer(PEER, true, new FixedRandom(5));
        int mode = data.consumeInt(0, 2);
        if (mode == 0) {
            session.onBinary(data.consumeRemainingAsBytes());
        } else {
            session.onBinary(peer.write(data.consumeBytes(data.consumeInt(0, 100))));
            byte[] message2 = channel.drain().get(0);
            if (mode == 1) {
                session.onBinary(data.consumeRemainingAsBytes());
            } else {
                peer.read(message2);
                session.onBinary(peer.write(data.consumeRemainingAsBytes()));
            }
        }
        assertNotEquals("internal error", session.closeReason());
        if (session.state() == LinkSession.State.CLOSED) {
            assertTrue(List.of(CloseCodes.PROTOCOL_ERROR, CloseCodes.HANDSHAKE_FAILED).contains(session.closeCode()),
                    session.closeCode() + " " + session.closeReason());
        }
    }

    /**
     * Identity payloads (the JSON of wire-v1 §3): parsed, or refused with 4001; a parsed one is within its
     * limits and reads back from its own JSON.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void identityPayload(byte[] json) {
        IdentityPayload payload;
        try {
            payload = IdentityPayload.parse(json);
        } catch (LinkProtocolException e) {
            assertEquals(CloseCodes.HANDSHAKE_FAILED, e.closeCode(), e.reason());
            return;
        }
        assertTrue(payload.addrs().size() <= IdentityPayload.MAX_ADDRS);
        try {
            assertEquals(payload, IdentityPayload.parse(payload.toJson()));
        } catch (LinkProtocolException e) {
            throw new AssertionError("a parsed payload does not read back: " + e.reason(), e);
        }
    }

    /** A responder session made open by a real handshake with a {@link NoisePeer}. */
    private record OpenLink(LinkSession session, NoisePeer peer, RecordingListener listener) {

        static OpenLink responder(LinkSettings settings) throws Exception {
            RecordingChannel channel = new RecordingChannel();
            RecordingListener listener = new RecordingListener();
            FixedRandom random = new FixedRandom(4);
            LinkEnvironment env = new LinkEnvironment(LOCAL_NODE, settings, TrustPolicy.open(), random,
                    Clock.systemUTC(), new ManualScheduler(), Runnable::run);
            LinkSession session = LinkSession.responder(env, channel, listener, new LinkKeeper() { });
            session.start();
            NoisePeer peer = new NoisePeer(PEER, true, new FixedRandom(5));
            session.onBinary(peer.write(new byte[0]));
            peer.read(channel.drain().get(0));
            session.onBinary(peer.write(PEER_PAYLOAD));
            assertEquals(LinkSession.State.OPEN, session.state());
            return new OpenLink(session, peer, listener);
        }

        /** One binary message from the socket, decoded as the endpoint does. */
        void receive(byte[] wire) {
            session.onBinary(new WireFrameDecoder().decode(ByteBuffer.wrap(wire)).bytes());
            assertNotEquals("internal error", session.closeReason());
        }
    }
}
