package io.agentmesh.admin.console;

import io.agentmesh.transport.LinkAdmission;
import io.agentmesh.transport.AdmissionLimits;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.InMemoryNetwork;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.RecordingListener;
import io.agentmesh.transport.LinkEnvironment;
import io.agentmesh.transport.LinkManager;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.LocalNode;
import io.agentmesh.transport.TrustPolicy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Links and trust steered by the administrator, on real link managers linked in memory. */
class LinkAdminTest {

    private final FixedRandom random = new FixedRandom(42);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final InMemoryNetwork network = new InMemoryNetwork();

    private final class Node {
        final NodeIdentity identity = NodeIdentity.generate(random);
        final RecordingListener hears = new RecordingListener();
        final TrustPolicy trust = TrustPolicy.open();
        final LinkManager manager;
        final LinkAdmin admin;

        Node(String url) {
            LinkSettings settings = LinkSettings.defaults().withAdvertisedAddrs(List.of(url));
            LinkEnvironment env = new LinkEnvironment(LocalNode.create(identity, random, settings), settings, trust,
                    random, Clock.systemUTC(), new ManualScheduler(), executor);
            manager = new LinkManager(env, new LinkAdmission(AdmissionLimits.defaults(), env, System::nanoTime), hears, network.dialer(), List.of());
            network.listen(url, manager);
            admin = new LinkAdmin(manager, trust, Clock.systemUTC(), Duration.ofSeconds(30));
        }

        String id() {
            return identity.nodeId().value();
        }
    }

    private final Node a = new Node("ws://a/mesh");
    private final Node b = new Node("ws://b/mesh");

    @AfterEach
    void tearDown() throws Exception {
        network.close();
        executor.shutdownNow();
    }

    @Test
    void dialListAndClose() throws Exception {
        LinkView dialed = a.admin.dial("ws://b/mesh", b.id()).join();
        assertEquals(b.id(), dialed.peer());
        assertEquals("out", dialed.direction());
        assertEquals("ws://b/mesh", dialed.remoteUrl());
        assertTrue(dialed.binaryBoxes(), "both nodes list binary-box");
        b.hears.awaitCount("up", 1);
        assertEquals("in", b.admin.links().get(0).direction());

        a.manager.links().get(0).send("{\"jsonrpc\":\"2.0\",\"method\":\"x\"}".getBytes(StandardCharsets.UTF_8));
        LinkView listed = a.admin.links().get(0);
        assertEquals(1, listed.messagesOut());
        assertEquals(30, listed.bytesOut());
        assertEquals(b.id(), a.admin.peers().get(0).nodeId());
        assertTrue(a.admin.peers().get(0).connected());
        assertEquals(1, a.admin.openLinks());

        LinkView closed = a.admin.close(dialed.id());
        assertEquals(dialed.id(), closed.id());
        b.hears.awaitCount("down", 1);
        assertEquals(List.of(), a.admin.links());
        assertEquals(404, assertThrows(AdminException.class, () -> a.admin.close(dialed.id())).status());
    }

    @Test
    void dialFailuresAreGatewayErrorsWithTheirCause() throws Exception {
        AdminException unreachable = failure(() -> a.admin.dial("ws://nowhere/mesh", null).join());
        assertEquals(502, unreachable.status());
        AdminException wrongId = failure(() -> a.admin.dial("ws://b/mesh", a.id()).join());
        assertEquals(502, wrongId.status());
        assertTrue(wrongId.getMessage().contains("4001") || wrongId.getMessage().contains("4003"), wrongId.getMessage());
        assertEquals(400, assertThrows(AdminException.class, () -> a.admin.dial("http://b/mesh", null)).status());
        assertEquals(400, assertThrows(AdminException.class, () -> a.admin.dial("ws://b/mesh", "nope")).status());
        assertEquals(400, assertThrows(AdminException.class, () -> a.admin.dial(" ", null)).status());
    }

    @Test
    void blockingClosesTheLinkAndRefusesRedials() throws Exception {
        a.admin.dial("ws://b/mesh", null).join();
        b.hears.awaitCount("up", 1);
        TrustView trust = b.admin.block(a.id());
        assertEquals("open", trust.mode());
        assertEquals(List.of(a.id()), trust.blocked());
        b.hears.awaitCount("down", 1);
        // b refuses after the handshake's last message: a sees the link up, then closed with 4003
        a.admin.dial("ws://b/mesh", null).handle((link, failure) -> link).join();
        a.hears.awaitCount("down", 2);
        assertEquals(List.of(), b.admin.links());

        trust = b.admin.allow(a.id());
        assertEquals(List.of(a.id()), trust.allowed());
        assertEquals(List.of(), trust.blocked());
        assertEquals(b.id(), a.admin.dial("ws://b/mesh", null).join().peer());

        assertEquals("allowlist", b.admin.mode("allowlist").mode());
        trust = b.admin.forget(a.id());
        assertEquals(List.of(), trust.allowed());
        assertEquals(400, assertThrows(AdminException.class, () -> b.admin.mode("sometimes")).status());
        assertEquals(400, assertThrows(AdminException.class, () -> b.admin.mode("certified")).status(),
                "certified needs authorities");
        assertEquals(400, assertThrows(AdminException.class, () -> b.admin.block(b.id())).status());
        assertEquals(400, assertThrows(AdminException.class, () -> b.admin.allow("ABC")).status());
    }

    @Test
    void peersIncludeOnesNoLongerLinked() throws Exception {
        LinkView link = a.admin.dial("ws://b/mesh", null).join();
        a.admin.close(link.id());
        b.hears.awaitCount("down", 1);
        PeerView peer = a.admin.peers().get(0);
        assertEquals(b.id(), peer.nodeId());
        assertEquals(false, peer.connected());
    }

    private static AdminException failure(Runnable action) {
        CompletionException e = assertThrows(CompletionException.class, action::run);
        assertTrue(e.getCause() instanceof AdminException, () -> "cause " + e.getCause());
        return (AdminException) e.getCause();
    }
}
