package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.InMemoryPipe;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The liveness check of idle links (docs/protocol.md, "Idle links") on two real sessions back to back in
 * memory, on a clock the test moves: an idle link is pinged and stays up while Pongs come back; a busy one is
 * never pinged; a link whose network was cut is closed with 1001 once nothing arrived for the timeout, and
 * its socket abandoned.
 */
class LinkLivenessTest {

    private static final KeepAlive KEEP_ALIVE = new KeepAlive(Duration.ofSeconds(10), Duration.ofSeconds(30));

    private final FixedRandom random = new FixedRandom(7);
    private final ManualClock clock = new ManualClock();
    private final ManualScheduler scheduler = new ManualScheduler();
    private final ManualScheduler checks = new ManualScheduler();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final NodeIdentity alice = NodeIdentity.generate(random);
    private final NodeIdentity bob = NodeIdentity.generate(random);
    private final RecordingListener aliceHears = new RecordingListener();
    private final RecordingListener bobHears = new RecordingListener();
    private final AtomicInteger silentLinks = new AtomicInteger();
    private InMemoryPipe pipe;
    private LinkLiveness liveness;

    @BeforeEach
    void connect() throws InterruptedException {
        LinkSettings settings = LinkSettings.defaults().withKeepAlive(KEEP_ALIVE);
        LinkObserver observer = new LinkObserver() {
            @Override
            public void linkSilent() {
                silentLinks.incrementAndGet();
            }
        };
        LinkEnvironment a = new LinkEnvironment(LocalNode.create(alice, random, settings), settings, TrustPolicy.open(),
                random, clock, scheduler, pool::execute, observer);
        LinkEnvironment b = new LinkEnvironment(LocalNode.create(bob, random, settings), settings, TrustPolicy.open(),
                random, clock, scheduler, pool::execute);
        pipe = new InMemoryPipe(
                ch -> LinkSession.initiator(a, ch, aliceHears, null, "ws://127.0.0.1:1/mesh", bob.nodeId()),
                ch -> LinkSession.responder(b, ch, bobHears, null));
        aliceHears.awaitCount("up", 1);
        bobHears.awaitCount("up", 1);
        liveness = new LinkLiveness(KEEP_ALIVE, () -> List.of(pipe.initiator()), clock, checks, observer, a.logs());
    }

    @AfterEach
    void tearDown() throws Exception {
        pipe.close();
        pool.shutdownNow();
    }

    @Test
    void anIdleLinkIsPingedAndStaysUpWhileItsPeerAnswers() throws Exception {
        LinkSession link = pipe.initiator();
        for (int round = 1; round <= 6; round++) {      // a minute: twice the timeout
            clock.advance(KEEP_ALIVE.interval());
            long now = clock.millis();
            liveness.check();
            aliceHears.await(() -> link.lastSeenMillis() == now, "the Pong of round " + now);
        }
        assertEquals(6, pipe.initiatorEnd().pingsSent());
        assertEquals(LinkSession.State.OPEN, link.state());
        assertEquals(0, silentLinks.get());
    }

    @Test
    void aLinkOnWhichMessagesArriveIsNotPinged() throws Exception {
        LinkSession link = pipe.initiator();
        for (int i = 1; i <= 5; i++) {
            clock.advance(KEEP_ALIVE.interval().minusSeconds(1));
            assertTrue(pipe.responder().send(("{\"n\":" + i + "}").getBytes(StandardCharsets.UTF_8)));
            aliceHears.awaitCount("message", i);
            liveness.check();
        }
        assertEquals(0, pipe.initiatorEnd().pingsSent());
        assertEquals(LinkSession.State.OPEN, link.state());
    }

    @Test
    void aLinkWhoseNetworkWasCutIsClosedWith1001OnceSilentForTheTimeout() throws Exception {
        LinkSession link = pipe.initiator();
        pipe.cut();
        clock.advance(KEEP_ALIVE.interval());
        liveness.check();
        clock.advance(KEEP_ALIVE.interval());
        liveness.check();
        clock.advance(KEEP_ALIVE.timeout().minus(KEEP_ALIVE.interval().multipliedBy(2)).minusMillis(1));
        liveness.check();
        assertEquals(3, pipe.initiatorEnd().pingsSent(), "one Ping per check once idle for the interval");
        assertEquals(LinkSession.State.OPEN, link.state(), "not closed before the timeout");
        assertFalse(link.wentSilent());

        clock.advance(Duration.ofMillis(1));
        liveness.check();
        assertEquals(LinkSession.State.CLOSED, link.state());
        assertEquals(CloseCodes.GOING_AWAY, link.closeCode());
        assertEquals("nothing received for 30000 ms", link.closeReason());
        assertTrue(link.wentSilent(), "the router sees why it closed");
        assertTrue(pipe.initiatorEnd().abandoned(), "its peer cannot answer the close: the socket is abandoned");
        aliceHears.awaitCount("down", 1);
        assertEquals(1, silentLinks.get());
        assertEquals(0, bobHears.count("down"), "the other end hears nothing over a cut network");
        assertFalse(link.send(new byte[1]));

        liveness.check();
        assertEquals(1, silentLinks.get(), "a closed link is passed over");
    }

    @Test
    void checksRunEveryHalfIntervalUntilStopped() {
        liveness.start();
        liveness.start();
        assertEquals(1, checks.pending(), "started once");
        assertEquals(Duration.ofSeconds(5), checks.entries().get(0).delay);
        checks.runPending();
        assertEquals(1, checks.pending(), "each check schedules the next");
        liveness.stop();
        assertEquals(0, checks.pending());
        liveness.start();
        assertEquals(0, checks.pending(), "not again once stopped");
    }
}
