package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.QueuedExecutor;
import jakarta.websocket.CloseReason;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import java.io.IOException;
import java.lang.reflect.Proxy;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The WebSocket writer of a link: senders only queue; one writer at a time takes the queue in order with
 * blocking writes; a bounded queue, failed or stuck writes and deferred closes all end closed. The
 * container's session is a stand-in that records each write (and can fail or hold one); the writer's
 * executor and the watchdog's scheduler are run by the test.
 */
class WebSocketChannelTest {

    /** A session whose blocking remote records writes, fails them with {@link #failWith}, or holds them. */
    private static final class FakeSession {
        final List<WireFrame> written = new CopyOnWriteArrayList<>();
        /** For each Ping written, how many binary messages were written before it. */
        final List<Integer> pingsAt = new CopyOnWriteArrayList<>();
        final CountDownLatch holding = new CountDownLatch(1);
        final CountDownLatch closing = new CountDownLatch(1);
        volatile IOException failWith;
        volatile CountDownLatch hold;
        volatile boolean open = true;
        volatile CloseReason closed;

        final Session session = (Session) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {Session.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getBasicRemote" -> remote();
                    case "isOpen" -> open;
                    case "getId" -> "fake";
                    case "close" -> {
                        closed = args == null ? new CloseReason(CloseReason.CloseCodes.NORMAL_CLOSURE, "") : (CloseReason) args[0];
                        open = false;
                        closing.countDown();
                        CountDownLatch held = hold;
                        if (held != null) {
                            held.countDown();       // the container gives a stuck write up when the socket closes
                        }
                        yield null;
                    }
                    default -> throw new UnsupportedOperationException(method.getName());
                });

        private RemoteEndpoint.Basic remote() {
            return (RemoteEndpoint.Basic) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[] {RemoteEndpoint.Basic.class}, (proxy, method, args) -> {
                        if (method.getName().equals("sendPing")) {
                            pingsAt.add(written.size());
                            return null;
                        }
                        if (!method.getName().equals("sendObject")) {
                            throw new UnsupportedOperationException(method.getName());
                        }
                        CountDownLatch held = hold;
                        if (held != null) {
                            holding.countDown();
                            held.await(30, TimeUnit.SECONDS);
                            throw new IOException("connection closed");
                        }
                        if (failWith != null) {
                            throw failWith;
                        }
                        written.add((WireFrame) args[0]);
                        return null;
                    });
        }
    }

    private static final LinkSettings SETTINGS = LinkSettings.defaults().withMaxMessageBytes(1000);
    private final FakeSession fake = new FakeSession();
    private final QueuedExecutor writers = new QueuedExecutor();
    private final ManualScheduler watchdog = new ManualScheduler();
    private final ManualClock clock = new ManualClock();
    private final MemoryBudget memory = TestMemory.ample();
    private final WebSocketChannel channel = new WebSocketChannel(fake.session, SETTINGS,
            new ChannelThreads(writers, watchdog, clock.nanoTime()), memory);

    private static ByteBuffer bytes(int n, int fill) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) fill);
        return ByteBuffer.wrap(b);
    }

    @Test
    void sendersOnlyQueueAndOneWriterWritesTheQueueInOrder() throws Exception {
        channel.sendBinary(bytes(3, 1));
        channel.sendBinary(bytes(3, 2));
        channel.sendBinary(bytes(3, 3));
        assertEquals(0, fake.written.size(), "the senders do not write");
        assertEquals(1, writers.size(), "one writer for the three messages");
        writers.runAll();
        assertEquals(3, fake.written.size());
        for (int i = 0; i < 3; i++) {
            assertArrayEquals(bytes(3, i + 1).array(), fake.written.get(i).bytes());
        }
        channel.sendBinary(bytes(1, 4));                  // idle again: a new writer
        assertEquals(1, writers.size());
        writers.runAll();
        assertEquals(4, fake.written.size());
    }

    @Test
    void aPingIsWrittenInOrderWithTheMessagesAndOnlyOnceWhileOneWaits() throws Exception {
        channel.sendBinary(bytes(3, 1));
        channel.ping();
        channel.ping();                                   // one already waits: not a second
        channel.sendBinary(bytes(3, 2));
        assertEquals(1, writers.size(), "one writer for messages and Ping alike");
        writers.runAll();
        assertEquals(List.of(1), fake.pingsAt, "the Ping after the first message, once");
        assertEquals(2, fake.written.size());

        channel.ping();                                   // written: the next one is queued again
        writers.runAll();
        assertEquals(List.of(1, 2), fake.pingsAt);
        assertEquals(0, memory.held(), "a Ping holds none of the memory budget");

        channel.close(CloseCodes.NORMAL, "done");
        assertThrows(IOException.class, channel::ping, "no Ping on a closed socket");
    }

    @Test
    void anAbandonedSocketHasItsConnectionEndedALingerAfterTheCloseAndAClosedOneNot() {
        channel.close(CloseCodes.NORMAL, "done");
        assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE, fake.closed.getCloseCode());
        assertEquals(0, watchdog.pending(), "a close waits for the peer's answer as the container does");

        FakeSession other = new FakeSession();
        WebSocketChannel abandoned = new WebSocketChannel(other.session, SETTINGS,
                new ChannelThreads(writers, watchdog, clock.nanoTime()), memory);
        abandoned.abandon(CloseCodes.HANDSHAKE_TIMEOUT, "handshake deadline passed");
        assertEquals(CloseCodes.HANDSHAKE_TIMEOUT, other.closed.getCloseCode().getCode());
        assertEquals(WebSocketChannel.ABANDON_LINGER, watchdog.entries().get(0).delay);
        watchdog.runPending();
        assertEquals(1, writers.size(), "the connection is ended on a writer thread, not the scheduler's");
        writers.runAll();   // a session that is not Liberty's: nothing more happens
        assertFalse(other.open);
    }

    @Test
    void aPeerThatDoesNotReadIsClosedWhenTheQueueIsFull() throws Exception {
        long limit = WebSocketChannel.queueLimit(SETTINGS);
        int chunk = 64 * 1024;
        long queued = 0;
        while (queued + chunk <= limit) {                 // the writer never gets to run
            channel.sendBinary(bytes(chunk, 1));
            queued += chunk;
        }
        LinkChannel.Failed full = assertThrows(LinkChannel.Failed.class, () -> channel.sendBinary(bytes(chunk, 2)));
        assertTrue(full.getMessage().contains("does not read"), full.getMessage());
        assertEquals(CloseCodes.GOING_AWAY, full.closeCode());
        writers.runAll();
        assertEquals(CloseReason.CloseCodes.GOING_AWAY, fake.closed.getCloseCode());
        assertEquals(0, fake.written.size(), "what was queued is dropped");
        assertEquals(0, memory.held(), "and given back to the budget");
        assertThrows(IOException.class, () -> channel.sendBinary(bytes(1, 3)), "later sends fail");
        assertEquals(0, memory.held());
    }

    @Test
    void aFailedWriteClosesTheSocketAndLaterSendsFail() throws Exception {
        fake.failWith = new java.net.SocketException("broken pipe");
        channel.sendBinary(bytes(5, 1));
        channel.sendBinary(bytes(5, 2));
        writers.runAll();
        assertEquals(CloseReason.CloseCodes.GOING_AWAY, fake.closed.getCloseCode());
        assertEquals(0, fake.written.size());
        assertEquals(0, memory.held(), "the message whose write failed and the one queued behind it");
        IOException later = assertThrows(IOException.class, () -> channel.sendBinary(bytes(1, 3)));
        assertTrue(later.getMessage().contains("broken pipe"), later.getMessage());
    }

    @Test
    void aWriteStuckLongerThanTheSendTimeoutFailsTheChannelAndFreesTheWriter() throws Exception {
        LinkSettings quick = SETTINGS.withSendTimeout(Duration.ofMillis(20));
        ExecutorService pool = Executors.newCachedThreadPool();
        try {
            WebSocketChannel stuck = new WebSocketChannel(fake.session, quick, new ChannelThreads(pool, watchdog, clock.nanoTime()),
                    memory);
            fake.hold = new CountDownLatch(1);
            stuck.sendBinary(bytes(5, 1));
            assertEquals(1, watchdog.pending(), "the watchdog runs while the channel writes");
            assertTrue(fake.holding.await(10, TimeUnit.SECONDS), "the writer is in its write");
            clock.advance(Duration.ofMillis(60));   // longer than the send timeout
            watchdog.runPending();
            assertTrue(fake.closing.await(10, TimeUnit.SECONDS), "the socket is closed");
            assertEquals(CloseReason.CloseCodes.GOING_AWAY, fake.closed.getCloseCode());
            IOException later = assertThrows(IOException.class, () -> stuck.sendBinary(bytes(1, 2)));
            assertTrue(later.getMessage().contains("more than 20 ms"), later.getMessage());
            pool.shutdown();
            assertTrue(pool.awaitTermination(10, TimeUnit.SECONDS), "the stuck writer was freed");
            assertEquals(0, memory.held(), "the message in the stuck write was given back when it was taken");
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void theWatchdogStopsWhenTheChannelIsIdle() throws Exception {
        channel.sendBinary(bytes(5, 1));
        writers.runAll();
        assertEquals(1, watchdog.pending());
        watchdog.runPending();                            // nothing written now: not rescheduled
        assertEquals(0, watchdog.pending());
        channel.sendBinary(bytes(5, 2));
        assertEquals(1, watchdog.pending(), "armed again by the next write");
        writers.runAll();
        assertEquals(2, fake.written.size());
    }

    @Test
    void aCloseWaitsUntilWhatWasSentBeforeIsWritten() throws Exception {
        channel.sendBinary(bytes(5, 1));
        channel.sendBinary(bytes(5, 2));
        channel.close(1000, "bye");
        assertNull(fake.closed, "not while writes are queued");
        assertThrows(IOException.class, () -> channel.sendBinary(bytes(1, 3)), "nothing is taken after close");
        writers.runAll();
        assertEquals(2, fake.written.size());
        assertEquals(CloseReason.CloseCodes.NORMAL_CLOSURE, fake.closed.getCloseCode());
        assertEquals("bye", fake.closed.getReasonPhrase());
        assertEquals(0, memory.held());
    }

    @Test
    void anIdleChannelClosesAtOnce() {
        channel.close(4003, "refused by policy");
        assertEquals(4003, fake.closed.getCloseCode().getCode());
    }

    @Test
    void noWriterThreadClosesTheChannel() {
        writers.refuse();
        IOException e = assertThrows(IOException.class, () -> channel.sendBinary(bytes(1, 1)));
        assertTrue(e.getMessage().contains("no thread"), e.getMessage());
        assertEquals(CloseReason.CloseCodes.GOING_AWAY, fake.closed.getCloseCode());
        assertEquals(0, memory.held());
    }

    @Test
    void queuedBytesAreHeldInTheBudgetUntilWritten() throws Exception {
        channel.sendBinary(bytes(3, 1));
        channel.sendBinary(bytes(4, 2));
        assertEquals(7, memory.held());
        writers.runAll();
        assertEquals(2, fake.written.size());
        assertEquals(0, memory.held());
    }

    @Test
    void aMessageTheBudgetCannotHoldClosesTheSocketWith1011AndDropsTheQueue() throws Exception {
        MemoryBudget small = TestMemory.budget(100, LinkObserver.NONE);
        MemoryBudget.Share other = small.sending();
        assertTrue(other.reserve(50));
        WebSocketChannel limited = new WebSocketChannel(fake.session, SETTINGS,
                new ChannelThreads(writers, watchdog, clock.nanoTime()), small);
        limited.sendBinary(bytes(30, 1));
        LinkChannel.Failed full = assertThrows(LinkChannel.Failed.class, () -> limited.sendBinary(bytes(30, 2)));
        assertTrue(full.getMessage().contains("memory budget"), full.getMessage());
        assertEquals(CloseCodes.INTERNAL_ERROR, full.closeCode(), "the session closes with the channel's code");
        assertEquals(50, small.held(), "the queue was dropped: only the other share's bytes remain");
        assertEquals(1, small.refused());
        limited.close(1001, "cannot write");                  // what the session does when its send fails
        writers.runAll();
        assertEquals(0, fake.written.size());
        assertEquals(CloseReason.CloseCodes.UNEXPECTED_CONDITION, fake.closed.getCloseCode());
        assertThrows(IOException.class, () -> limited.sendBinary(bytes(1, 3)), "later sends fail");
        assertEquals(50, small.held());
    }
}
