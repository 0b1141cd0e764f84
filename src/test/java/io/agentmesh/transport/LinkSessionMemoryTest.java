package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.LogLines;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.NoisePeer;
import io.agentmesh.testsupport.RecordingChannel;
import io.agentmesh.testsupport.RecordingListener;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/**
 * What an open link holds of the node's memory budget while a message of the peer is partial: it goes back
 * to 0 on every way the link can end, and a growth the budget refuses closes the link with 1009 while the
 * other links keep their holdings.
 */
class LinkSessionMemoryTest {

    private static final int PARTIAL = 100_000;

    private final FixedRandom random = new FixedRandom(7);
    private final NodeIdentity local = NodeIdentity.generate(random);
    private final RecordingListener listener = new RecordingListener();
    private final AtomicInteger refusals = new AtomicInteger();
    private final MemoryBudget budget = TestMemory.budget(1_000_000, new LinkObserver() {
        @Override
        public void memoryRefused() {
            refusals.incrementAndGet();
        }
    });
    private final LinkSettings settings = LinkSettings.defaults().withMemory(500_000, 1_000_000);
    private final LinkEnvironment env = new LinkEnvironment(LocalNode.create(local, random, settings), settings,
            TrustPolicy.open(), random, Clock.systemUTC(), new ManualScheduler(), Runnable::run, LinkObserver.NONE,
            new LogLimiter(Duration.ZERO, () -> 0L), budget);

    /** An open responder link, its channel, and the peer at the other end. */
    private record Open(LinkSession session, RecordingChannel channel, NoisePeer peer) {
        /** Sends {@code bytes} of data without FINAL, in chunks of at most 65,518 bytes. */
        void sendPartial(int bytes) throws Exception {
            for (int sent = 0; sent < bytes; sent += 65_518) {
                session.onBinary(peer.encrypt(0, new byte[Math.min(65_518, bytes - sent)]));
            }
        }
    }

    private Open open() throws Exception {
        RecordingChannel channel = new RecordingChannel();
        NoisePeer peer = new NoisePeer(NodeIdentity.generate(random), true, random);
        LinkSession s = LinkSession.responder(env, channel, listener, null);
        s.start();
        s.onBinary(peer.write(new byte[0]));
        peer.read(channel.drain().get(0));
        s.onBinary(peer.write(peer.identityPayload()));
        assertEquals(LinkSession.State.OPEN, s.state());
        return new Open(s, channel, peer);
    }

    private void assertEndsWithNothingHeld(int code, Consumer<Open> end) throws Exception {
        Open link = open();
        link.sendPartial(PARTIAL);
        assertTrue(budget.held() >= PARTIAL, "the partial message is held: " + budget.held());
        end.accept(link);
        assertEquals(LinkSession.State.CLOSED, link.session().state());
        assertEquals(code, link.session().closeCode());
        assertEquals(0, budget.held(), "given back when the link closed " + code);
    }

    @Test
    void thePeerClosingGivesThePartialMessageBack() throws Exception {
        assertEndsWithNothingHeld(1000, link -> link.session().onClosed(1000, "bye"));
    }

    @Test
    void aLocalCloseGivesThePartialMessageBack() throws Exception {
        assertEndsWithNothingHeld(1001, link -> link.session().close(1001, "node shutting down"));
    }

    @Test
    void aSocketErrorGivesThePartialMessageBack() throws Exception {
        assertEndsWithNothingHeld(1011, link -> link.session().onError(new java.io.IOException("reset")));
    }

    @Test
    void aTextMessageGivesThePartialMessageBack() throws Exception {
        assertEndsWithNothingHeld(1003, link -> link.session().onText());
    }

    @Test
    void aMessageThatFailsToDecryptGivesThePartialMessageBack() throws Exception {
        assertEndsWithNothingHeld(4002, link -> link.session().onBinary(new byte[100]));
    }

    @Test
    void badFlagsGiveThePartialMessageBack() throws Exception {
        assertEndsWithNothingHeld(4000, link -> {
            try {
                link.session().onBinary(link.peer().encrypt(0x02, new byte[10]));
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aMessageOverTheLimitGivesItsPartBack() throws Exception {
        assertEndsWithNothingHeld(1009, link -> {
            try {
                link.sendPartial(500_001 - PARTIAL);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void aCompleteMessageKeepsItsBufferUntilCloseAndALinkBeyondTheBudgetIsClosedWith1009() throws Exception {
        Open first = open();
        first.sendPartial(400_000);
        first.session().onBinary(first.peer().encrypt(1, new byte[0]));
        assertEquals(1, listener.count("message"));
        assertEquals(500_000, budget.held(), "the buffer (grown to the limit) is kept for the next message");
        first.session().close(1000, "done");
        assertEquals(0, budget.held());

        List<Open> links = List.of(open(), open(), open());
        links.get(0).sendPartial(400_000);     // its buffer grows to the limit, 500,000
        long before = budget.held();
        try (LogLines lines = new LogLines(LinkSession.class.getName(), Level.INFO)) {
            links.get(1).sendPartial(300_000); // 65,518, 131,036, then 262,072: past the 750,000 for incoming data
            assertEquals(1, lines.lines().size(), lines.lines().toString());
            assertTrue(lines.lines().get(0).endsWith("closing, 1009 the node's memory budget cannot hold more of this"
                    + " message (131036 bytes so far)"), lines.lines().get(0));
        }
        assertEquals(LinkSession.State.CLOSED, links.get(1).session().state());
        assertEquals(1009, links.get(1).channel().closeCode());
        assertEquals(1, refusals.get());
        assertEquals(before, budget.held(), "the refused link gave all back; the others keep theirs");
        assertEquals(LinkSession.State.OPEN, links.get(0).session().state());
        links.get(2).sendPartial(10_000);
        assertEquals(LinkSession.State.OPEN, links.get(2).session().state(), "a small message still fits");

        links.forEach(l -> l.session().close(1000, "done"));
        assertEquals(0, budget.held());
    }
}
