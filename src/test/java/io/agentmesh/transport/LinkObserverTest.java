package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.InMemoryPipe;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.RecordingListener;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A link session tells its environment's {@link LinkObserver} of its life: up, messages, closed (and how). */
class LinkObserverTest {

    private final FixedRandom random = new FixedRandom(7);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final NodeIdentity alice = NodeIdentity.generate(random);
    private final NodeIdentity bob = NodeIdentity.generate(random);
    private final Recorder aliceSees = new Recorder();
    private final Recorder bobSees = new Recorder();
    private InMemoryPipe pipe;

    private static final class Recorder implements LinkObserver {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public void linkUp(Link link) {
            events.add("up");
        }

        @Override
        public void linkClosed(Link link, boolean wasUp, int closeCode) {
            events.add((wasUp ? "closed " : "failed ") + closeCode);
        }

        @Override
        public void messageReceived(Link link, int bytes) {
            events.add("in " + bytes);
        }

        @Override
        public void messageSent(Link link, int bytes) {
            events.add("out " + bytes);
        }

        void await(String event) {
            Eventually.until(Duration.ofSeconds(5), () -> events, e -> e.contains(event), e -> "no " + event + " in " + e);
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        if (pipe != null) {
            pipe.close();
        }
        executor.shutdownNow();
    }

    private LinkEnvironment env(NodeIdentity who, TrustPolicy trust, LinkObserver observer) {
        LinkSettings settings = LinkSettings.defaults();
        return new LinkEnvironment(LocalNode.create(who, random, settings), settings, trust, random,
                Clock.systemUTC(), new ManualScheduler(), executor, observer);
    }

    private void connect(TrustPolicy bobTrusts) {
        LinkEnvironment a = env(alice, TrustPolicy.open(), aliceSees);
        LinkEnvironment b = env(bob, bobTrusts, bobSees);
        pipe = new InMemoryPipe(
                ch -> LinkSession.initiator(a, ch, new RecordingListener(), null, "ws://127.0.0.1:1/mesh", bob.nodeId()),
                ch -> LinkSession.responder(b, ch, new RecordingListener(), null));
    }

    @Test
    void upMessagesAndAnOrderlyClose() throws Exception {
        connect(TrustPolicy.open());
        aliceSees.await("up");
        bobSees.await("up");
        assertTrue(pipe.initiator().send("{\"x\":1}".getBytes(StandardCharsets.UTF_8)));
        aliceSees.await("out 7");
        bobSees.await("in 7");
        pipe.initiator().close(CloseCodes.NORMAL, "bye");
        aliceSees.await("closed 1000");
        bobSees.await("closed 1000");
        assertEquals(List.of("up", "out 7", "closed 1000"), aliceSees.events);
    }

    @Test
    void aRefusedPeerIsAFailedHandshakeWithItsCode() throws Exception {
        TrustPolicy bobTrusts = TrustPolicy.open();
        bobTrusts.block(alice.nodeId());
        connect(bobTrusts);
        bobSees.await("failed 4003");
        assertEquals(List.of("failed 4003"), bobSees.events, "never up at bob");
    }

    @Test
    void theDefaultObserverIsNone() {
        LinkSettings settings = LinkSettings.defaults();
        LinkEnvironment plain = new LinkEnvironment(LocalNode.create(alice, random, settings), settings,
                TrustPolicy.open(), random, Clock.systemUTC(), new ManualScheduler(), executor);
        assertEquals(LinkObserver.NONE, plain.observer());
    }
}
