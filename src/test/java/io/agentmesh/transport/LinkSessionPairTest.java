package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.InMemoryPipe;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.RecordingListener;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two link sessions back to back in memory, each with its own reading thread (wire-v1 §3–4). */
class LinkSessionPairTest {

    private final FixedRandom random = new FixedRandom(1);
    private final AtomicInteger handedOff = new AtomicInteger();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final Executor executor = task -> {
        handedOff.incrementAndGet();
        pool.execute(task);
    };
    private final NodeIdentity alice = NodeIdentity.generate(random);
    private final NodeIdentity bob = NodeIdentity.generate(random);
    private final RecordingListener aliceHears = new RecordingListener();
    private final RecordingListener bobHears = new RecordingListener();
    private InMemoryPipe pipe;

    @AfterEach
    void tearDown() throws Exception {
        if (pipe != null) {
            pipe.close();
        }
        pool.shutdownNow();
    }

    private LinkEnvironment env(NodeIdentity who, LinkSettings settings) {
        return new LinkEnvironment(LocalNode.create(who, random, settings), settings, TrustPolicy.open(), random,
                Clock.systemUTC(), new ManualScheduler(), executor);
    }

    private void connect(LinkSettings settings) throws InterruptedException {
        LinkEnvironment a = env(alice, settings);
        LinkEnvironment b = env(bob, settings);
        pipe = new InMemoryPipe(
                ch -> LinkSession.initiator(a, ch, aliceHears, null, "ws://127.0.0.1:1/mesh", bob.nodeId()),
                ch -> LinkSession.responder(b, ch, bobHears, null));
        aliceHears.awaitCount("up", 1);
        bobHears.awaitCount("up", 1);
    }

    @Test
    void handshakeAndMessagesBothDirections() throws Exception {
        connect(LinkSettings.defaults().withAdvertisedAddrs(List.of("ws://127.0.0.1:9080/mesh")));
        LinkSession a = pipe.initiator();
        LinkSession b = pipe.responder();
        assertEquals(bob.nodeId(), a.peer());
        assertEquals(alice.nodeId(), b.peer());
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), a.peerAddrs());
        assertTrue(a.outbound());
        assertFalse(b.outbound());
        assertEquals(alice.nodeId(), a.initiatorId());
        assertEquals(alice.nodeId(), b.initiatorId());

        for (int i = 0; i < 10; i++) {
            assertTrue(a.send(("{\"a\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            assertTrue(b.send(("{\"b\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        bobHears.awaitCount("message", 10);
        aliceHears.awaitCount("message", 10);
        for (int i = 0; i < 10; i++) {
            assertEquals("{\"a\":" + i + "}", new String(bobHears.messages().get(i), StandardCharsets.UTF_8));
            assertEquals("{\"b\":" + i + "}", new String(aliceHears.messages().get(i), StandardCharsets.UTF_8));
        }

        a.close(CloseCodes.NORMAL, "bye");
        bobHears.awaitCount("down", 1);
        aliceHears.awaitCount("down", 1);
        assertEquals(LinkSession.State.CLOSED, b.state());
        assertEquals(CloseCodes.NORMAL, b.closeCode());
        assertFalse(b.send(new byte[1]));
    }

    @Test
    void largeMessagesIncludingExactlyTheLimit() throws Exception {
        int limit = 3 * 1024 * 1024;
        connect(LinkSettings.defaults().withMaxMessageBytes(limit));
        List<byte[]> sent = List.of(MessageFragmenterTest.random(limit), MessageFragmenterTest.random(65518),
                MessageFragmenterTest.random(65519), new byte[0], MessageFragmenterTest.random(1_000_001));
        for (byte[] m : sent) {
            assertTrue(pipe.responder().send(m));
        }
        aliceHears.awaitCount("message", sent.size());
        for (int i = 0; i < sent.size(); i++) {
            assertArrayEquals(sent.get(i), aliceHears.messages().get(i));
        }
        assertTrue(pipe.initiator().isOpen());
    }

    @Test
    void overTheLimitClosesBothEndsWith1009() throws Exception {
        connect(LinkSettings.defaults().withMaxMessageBytes(100_000));
        assertTrue(pipe.initiator().send(new byte[100_001]));
        bobHears.awaitCount("down", 1);
        aliceHears.awaitCount("down", 1);
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, pipe.responderEnd().closeCodeSent());
        assertEquals(CloseCodes.MESSAGE_TOO_BIG, pipe.initiator().closeCode());
        assertEquals(0, bobHears.count("message"));
    }

    @Test
    void concurrentSendersNeverInterleaveChunks() throws Exception {
        // small chunks so that every message spans several transport messages
        connect(LinkSettings.defaults().withMaxChunkData(100));
        int threads = 8;
        int perThread = 200;
        List<Future<?>> futures = new ArrayList<>();
        ExecutorService senders = Executors.newFixedThreadPool(threads);
        try {
            for (int t = 0; t < threads; t++) {
                int thread = t;
                futures.add(senders.submit(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int size = 8 + (thread * 131 + i * 17) % 900;
                        ByteBuffer m = ByteBuffer.allocate(size);
                        m.putInt(thread).putInt(i);
                        while (m.hasRemaining()) {
                            m.put((byte) (thread ^ i));
                        }
                        assertTrue(pipe.initiator().send(m.array()));
                    }
                    return null;
                }));
            }
            for (Future<?> f : futures) {
                f.get(60, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        bobHears.awaitCount("message", (long) threads * perThread);
        Map<Integer, Integer> next = new HashMap<>();
        for (byte[] m : bobHears.messages()) {
            ByteBuffer b = ByteBuffer.wrap(m);
            int thread = b.getInt();
            int i = b.getInt();
            assertEquals(8 + (thread * 131 + i * 17) % 900, m.length);
            while (b.hasRemaining()) {
                assertEquals((byte) (thread ^ i), b.get());
            }
            assertEquals(next.getOrDefault(thread, 0), i, "per-sender order");
            next.put(thread, i + 1);
        }
        assertEquals(new LinkStats(0, (long) threads * perThread, 0, pipe.initiator().stats().bytesOut(), null),
                pipe.initiator().stats());
        assertTrue(pipe.responder().isOpen());
    }

    @Test
    void listenerThatEchoesFromItsCallbackDoesNotBlockReading() throws Exception {
        bobHears.then(new LinkListener() {
            @Override
            public void linkUp(Link link) {
            }

            @Override
            public void message(Link link, byte[] m) {
                link.send(m);
            }

            @Override
            public void linkDown(Link link, int code, String reason) {
            }
        });
        connect(LinkSettings.defaults());
        for (int i = 0; i < 100; i++) {
            pipe.initiator().send(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8));
        }
        aliceHears.awaitCount("message", 100);
        assertEquals("{\"i\":99}", new String(aliceHears.messages().get(99), StandardCharsets.UTF_8));
    }

    @Test
    void messagesReachTheListenerOnTheReadingThreadWithoutAHandOff() throws Exception {
        List<String> readers = java.util.Collections.synchronizedList(new ArrayList<>());
        bobHears.then(new LinkListener() {
            @Override
            public void linkUp(Link link) {
            }

            @Override
            public void message(Link link, byte[] m) {
                readers.add(Thread.currentThread().getName());
            }

            @Override
            public void linkDown(Link link, int code, String reason) {
            }
        });
        connect(LinkSettings.defaults());
        int before = handedOff.get();
        for (int i = 0; i < 50; i++) {
            assertTrue(pipe.initiator().send(("{\"i\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
        }
        bobHears.awaitCount("message", 50);
        assertEquals(before, handedOff.get(), "no message went through the executor");
        assertEquals(1, readers.stream().distinct().count(), "all on the responder's one reading thread: " + readers);
        assertEquals("{\"i\":49}", new String(bobHears.messages().get(49), StandardCharsets.UTF_8));

        pipe.initiator().close(CloseCodes.NORMAL, "bye");
        bobHears.awaitCount("down", 1);
    }
}
