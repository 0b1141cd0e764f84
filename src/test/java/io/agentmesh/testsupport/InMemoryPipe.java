package io.agentmesh.testsupport;

import io.agentmesh.transport.LinkChannel;
import io.agentmesh.transport.LinkSession;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Two link sessions wired back to back in memory, each with its own reading thread as a WebSocket
 * gives it: what one side sends reaches the other side's {@code onBinary} in order, a Ping comes back as a
 * Pong, a close reaches its {@code onClosed}; until the pipe is {@linkplain #cut cut}.
 */
public final class InMemoryPipe implements AutoCloseable {

    private final End a = new End("a");
    private final End b = new End("b");

    /** One end: the channel its session writes to. */
    public final class End implements LinkChannel {
        private final ExecutorService reader;
        private volatile LinkSession session;
        private volatile boolean closed;
        private volatile int closeCodeSent;
        private volatile boolean cut;
        private volatile boolean abandoned;
        private final java.util.concurrent.atomic.AtomicInteger pings = new java.util.concurrent.atomic.AtomicInteger();

        End(String name) {
            this.reader = Executors.newSingleThreadExecutor(r -> new Thread(r, "pipe-reader-" + name));
        }

        private End other() {
            return this == a ? b : a;
        }

        @Override
        public void sendBinary(ByteBuffer message) throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            byte[] bytes = new byte[message.remaining()];
            message.get(bytes);
            End to = other();
            if (cut) {
                return;     // lost on the way, as on a network that no longer carries anything
            }
            try {
                to.reader.execute(() -> to.session.onBinary(bytes));
            } catch (java.util.concurrent.RejectedExecutionException e) {
                throw new IOException("pipe shut down");
            }
        }

        /** The other end's WebSocket answers with a Pong, which reaches this end's session in turn; unless cut. */
        @Override
        public void ping() throws IOException {
            if (closed) {
                throw new IOException("closed");
            }
            pings.incrementAndGet();
            End to = other();
            try {
                to.reader.execute(() -> {
                    if (!cut) {
                        reader.execute(session::onPong);
                    }
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                throw new IOException("pipe shut down");
            }
        }

        @Override
        public void close(int code, String reason) {
            synchronized (this) {
                if (closed) {
                    return;
                }
                closed = true;
                closeCodeSent = code;
            }
            End to = other();
            if (cut) {
                return;
            }
            try {
                to.reader.execute(() -> {
                    to.closed = true;
                    to.session.onClosed(code, reason);
                });
            } catch (java.util.concurrent.RejectedExecutionException e) {
                // the test is over: nobody reads that end any more
            }
        }

        @Override
        public void abandon(int code, String reason) {
            abandoned = true;
            close(code, reason);
        }

        /** Whether the session gave this end up without waiting for its peer ({@link LinkChannel#abandon}). */
        public boolean abandoned() {
            return abandoned;
        }

        /** How many Pings this end sent. */
        public int pingsSent() {
            return pings.get();
        }

        public int closeCodeSent() {
            return closeCodeSent;
        }

        public LinkSession session() {
            return session;
        }
    }

    /** Creates both sessions with these factories, then starts them as an upgrade would. */
    public InMemoryPipe(Function<LinkChannel, LinkSession> initiator, Function<LinkChannel, LinkSession> responder) {
        a.session = initiator.apply(a);
        b.session = responder.apply(b);
        b.reader.execute(b.session::start);
        a.reader.execute(a.session::start);
    }

    /**
     * Cuts the pipe as a partition cuts a network: from now on, nothing either end sends arrives (messages,
     * Pongs), and neither end hears of it.
     */
    public void cut() {
        a.cut = true;
        b.cut = true;
    }

    public LinkSession initiator() {
        return a.session;
    }

    public LinkSession responder() {
        return b.session;
    }

    public End initiatorEnd() {
        return a;
    }

    public End responderEnd() {
        return b;
    }

    @Override
    public void close() throws InterruptedException {
        a.reader.shutdown();
        b.reader.shutdown();
        a.reader.awaitTermination(10, TimeUnit.SECONDS);
        b.reader.awaitTermination(10, TimeUnit.SECONDS);
    }
}
