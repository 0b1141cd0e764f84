package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.InMemoryPipe;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.RecordingListener;
import java.time.Clock;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A trust-policy change while a link's handshake is finishing (wire-v1 §3): the change is made at a chosen
 * point of the responder's admission, after the handshake's own trust check, so the interleaving is fixed.
 * Whichever side of the registry's admission it lands on, the link never opens and closes with 4003.
 */
class TrustAdmissionTest {

    private final FixedRandom random = new FixedRandom(12);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final NodeIdentity alice = NodeIdentity.generate(random);
    private final NodeIdentity bob = NodeIdentity.generate(random);
    private final TrustPolicy bobTrust = TrustPolicy.open();
    private final LinkRegistry registry = new LinkRegistry(bobTrust);
    private final TrustEnforcer enforcer = new TrustEnforcer(bobTrust, registry, Clock.systemUTC(), LinkObserver.NONE);
    private final RecordingListener bobHears = new RecordingListener();
    private final CompletableFuture<Integer> bobClosed = new CompletableFuture<>();
    private InMemoryPipe pipe;

    @AfterEach
    void tearDown() throws Exception {
        enforcer.stopWatching();
        if (pipe != null) {
            pipe.close();
        }
        pool.shutdownNow();
    }

    /** The responder's admission: {@code before}, the registry's, then {@code after}; closes recorded. */
    private LinkKeeper admission(Runnable before, Runnable after) {
        return new LinkKeeper() {
            @Override
            public void admit(LinkSession session) throws LinkProtocolException {
                before.run();
                registry.admit(session);
                after.run();
            }

            @Override
            public void closed(LinkSession session, int code, String reason) {
                registry.remove(session);
                bobClosed.complete(code);
            }
        };
    }

    /** Links alice to bob, bob admitting through {@code observer}; returns bob's session. */
    private LinkSession start(LinkKeeper observer) {
        LinkSettings settings = LinkSettings.defaults();
        LinkEnvironment a = new LinkEnvironment(LocalNode.create(alice, random, settings), settings, TrustPolicy.open(),
                random, Clock.systemUTC(), new ManualScheduler(), pool);
        LinkEnvironment b = new LinkEnvironment(LocalNode.create(bob, random, settings), settings, bobTrust,
                random, Clock.systemUTC(), new ManualScheduler(), pool);
        enforcer.watch();
        pipe = new InMemoryPipe(
                ch -> LinkSession.initiator(a, ch, new RecordingListener(), null, "ws://127.0.0.1:1/mesh", bob.nodeId()),
                ch -> LinkSession.responder(b, ch, bobHears, observer));
        return pipe.responder();
    }

    /** As {@link #start}, waiting until bob's session closed, with 4003. */
    private LinkSession refused(LinkKeeper observer) throws Exception {
        LinkSession session = start(observer);
        assertEquals(CloseCodes.REFUSED, bobClosed.get(30, TimeUnit.SECONDS));
        return session;
    }

    @Test
    void aBlockJustBeforeTheRegistryAdmitsIsSeenByTheAdmission() throws Exception {
        LinkSession session = refused(admission(() -> bobTrust.block(alice.nodeId()), () -> { }));
        assertEquals(LinkSession.State.CLOSED, session.state());
        assertEquals(0, bobHears.count("up"));
        assertTrue(registry.admitted().isEmpty());
    }

    @Test
    void aBlockJustAfterTheRegistryAdmittedClosesTheLinkBeforeItOpens() throws Exception {
        LinkSession session = refused(admission(() -> { }, () -> bobTrust.block(alice.nodeId())));
        assertEquals(LinkSession.State.CLOSED, session.state());
        assertEquals(0, bobHears.count("up"));
        assertFalse(registry.hasLink(alice.nodeId()));
    }

    @Test
    void aChangeThatStillAdmitsThePeerLeavesTheLinkUp() throws Exception {
        LinkSession session = start(admission(() -> bobTrust.allow(alice.nodeId()),
                () -> bobTrust.setMode(TrustPolicy.Mode.ALLOWLIST)));
        bobHears.awaitCount("up", 1);
        assertTrue(session.isOpen());
        assertEquals(1, registry.admitted().size());
    }
}
