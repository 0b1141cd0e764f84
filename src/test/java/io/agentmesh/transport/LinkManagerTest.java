package io.agentmesh.transport;

import io.agentmesh.testsupport.ManualClock;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.InMemoryNetwork;
import io.agentmesh.testsupport.LogLines;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.RecordingListener;
import java.net.ConnectException;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Link managers over an in-memory network: dials, duplicates (wire-v1 §5.6), bootstrap redials, trust. */
class LinkManagerTest {

    private final FixedRandom random = new FixedRandom(99);
    private final ExecutorService executor = Executors.newCachedThreadPool();
    private final InMemoryNetwork network = new InMemoryNetwork();

    /** Checked every 30 minutes: a delay no redial or deadline of these tests has. */
    private static final KeepAlive KEEP_ALIVE = new KeepAlive(Duration.ofHours(1), Duration.ofHours(2));

    /** One node of the test network. */
    private final class Node {
        final NodeIdentity identity = NodeIdentity.generate(random);
        final ManualScheduler scheduler = new ManualScheduler();
        /** The liveness checks, kept apart from {@link #scheduler}, whose tasks the tests take for redials and deadlines. */
        final ManualScheduler livenessChecks = new ManualScheduler();
        final RecordingListener hears = new RecordingListener();
        final TrustPolicy trust = TrustPolicy.open();
        final String url;
        final LinkManager manager;

        Node(String url, List<String> bootstrap) {
            this(url, bootstrap, List.of(url));
        }

        Node(String url, List<String> bootstrap, List<String> advertised) {
            this(url, bootstrap, advertised, AdmissionLimits.defaults());
        }

        Node(String url, AdmissionLimits limits) {
            this(url, List.of(), List.of(url), limits);
        }

        Node(String url, List<String> bootstrap, List<String> advertised, AdmissionLimits limits) {
            this.url = url;
            LinkSettings settings = LinkSettings.defaults().withBackoff(Duration.ofSeconds(1), Duration.ofSeconds(8))
                    .withAdvertisedAddrs(advertised).withKeepAlive(KEEP_ALIVE);
            Scheduler tasks = (task, delay) -> delay.equals(KEEP_ALIVE.checkEvery())
                    ? livenessChecks.schedule(task, delay) : scheduler.schedule(task, delay);
            LinkEnvironment env = new LinkEnvironment(LocalNode.create(identity, random, settings), settings, trust,
                    random, Clock.systemUTC(), tasks, executor);
            manager = new LinkManager(env, new LinkAdmission(limits, env, new ManualClock().nanoTime()), hears, network.dialer(), LinkManager.parseBootstrap(bootstrap));
            network.listen(url, manager);
        }

        NodeId id() {
            return identity.nodeId();
        }
    }

    @AfterEach
    void tearDown() throws Exception {
        network.close();
        executor.shutdownNow();
    }

    private static Link await(CompletionStage<Link> stage) throws Exception {
        return stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    private static int closeCodeOf(CompletionStage<Link> stage) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> stage.toCompletableFuture().get(30, TimeUnit.SECONDS));
        return assertInstanceOf(LinkProtocolException.class, e.getCause()).closeCode();
    }

    /**
     * The code a dialed link ended with: the dial fails with it when this end closed during the
     * handshake; when the peer refuses after message 3, this end saw the link up first and then closed.
     */
    private static int finalCloseCode(CompletionStage<Link> stage) throws Exception {
        Link link;
        try {
            link = stage.toCompletableFuture().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            return assertInstanceOf(LinkProtocolException.class, e.getCause()).closeCode();
        }
        LinkSession session = (LinkSession) link;
        Eventually.until(Duration.ofSeconds(30), "the link closed", () -> session.state() == LinkSession.State.CLOSED);
        return session.closeCode();
    }

    @Test
    void linksOverTheCapsAreRefusedAtEitherEndAndGiveTheirPlaceBack() throws Exception {
        Node a = new Node("ws://a/mesh", new AdmissionLimits(4, 4, 4, 4, 4, 1));
        Node b = new Node("ws://b/mesh", List.of());
        Node c = new Node("ws://c/mesh", new AdmissionLimits(4, 4, 4, 1, 4, 4));
        Link first = await(a.manager.dial("ws://b/mesh", b.id()));
        assertEquals(CloseCodes.REFUSED, closeCodeOf(a.manager.dial("ws://b/mesh", b.id())), "a second link a dials to b");
        assertEquals(List.of(first), a.manager.links());
        Link toC = await(b.manager.dial("ws://c/mesh", c.id()));
        Eventually.until(Duration.ofSeconds(30), "c admitted b's link", () -> c.manager.links().size() == 1);
        ExecutionException refused = assertThrows(ExecutionException.class,
                () -> a.manager.dial("ws://c/mesh", c.id()).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertTrue(refused.getCause().getMessage().contains("HTTP 429"), "a second link into c from its one address: "
                + refused.getCause());
        toC.close(CloseCodes.NORMAL, "done");
        // the session leaves the links first, then its ticket gives the place back as the socket closes
        Eventually.until(Duration.ofSeconds(30), "c's link closed and its place given back",
                () -> c.manager.links().isEmpty() && c.manager.admission().usage().links() == 0);
        assertEquals(c.id(), await(a.manager.dial("ws://c/mesh", c.id())).peer(), "the closed link's place taken");
        Eventually.until(Duration.ofSeconds(30), "c's admission holds one link",
                () -> c.manager.admission().usage().equals(new LinkAdmission.Usage(0, 0, 1, 1, 1)));
    }

    @Test
    void dialEstablishesALinkBothNodesSee() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        Link link = await(a.manager.dial("ws://b/mesh", b.id()));
        assertEquals(b.id(), link.peer());
        assertTrue(link.outbound());
        assertEquals("ws://b/mesh", link.remoteUrl());
        b.hears.awaitCount("up", 1);
        assertEquals(a.id(), b.manager.link(a.id()).orElseThrow().peer());
        assertTrue(link.binaryBoxes() && b.manager.link(a.id()).orElseThrow().binaryBoxes(),
                "two nodes' payloads both list binary-box");
        assertEquals(List.of(link), a.manager.links());
        PeerInfo peer = a.manager.peers().get(0);
        assertEquals(b.id(), peer.nodeId());
        assertTrue(peer.connected());
        assertTrue(peer.lastSeenMillis() > 0);

        link.close(CloseCodes.NORMAL, "done");
        b.hears.awaitCount("down", 1);
        a.hears.awaitCount("down", 1);
        assertTrue(a.manager.link(b.id()).isEmpty());
        assertFalse(a.manager.peers().get(0).connected(), "a peer once linked is remembered");
    }

    @Test
    void aClientThatAcceptsNoConnectionsIsForgottenOnceGone() throws Exception {
        Node node = new Node("ws://node/mesh", List.of());
        Node client = new Node("ws://client/mesh", List.of(), List.of());
        Link link = await(client.manager.dial("ws://node/mesh", node.id()));
        node.hears.awaitCount("up", 1);
        assertEquals(1, node.manager.peers().size());
        link.close(CloseCodes.NORMAL, "done");
        node.hears.awaitCount("down", 1);
        assertTrue(node.manager.peers().isEmpty(), "a client with no addrs is not kept in the peer view");
    }

    @Test
    void dialWithAPinnedIdThatDoesNotMatchFailsWith4001() throws Exception {
        new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        Node c = new Node("ws://c/mesh", List.of());
        assertEquals(CloseCodes.HANDSHAKE_FAILED, closeCodeOf(c.manager.dial("ws://b/mesh#" + "0".repeat(40), null)));
        assertEquals(CloseCodes.HANDSHAKE_FAILED, closeCodeOf(c.manager.dial("ws://b/mesh", NodeId.of("1".repeat(40)))));
        assertTrue(c.manager.links().isEmpty());
        assertTrue(b.manager.links().isEmpty());
    }

    @Test
    void dialToNothingFailsWithTheConnectError() {
        Node a = new Node("ws://a/mesh", List.of());
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> a.manager.dial("ws://nowhere/mesh", null).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, e.getCause());
        assertInstanceOf(IllegalArgumentException.class, assertThrows(ExecutionException.class,
                () -> a.manager.dial("http://x/mesh", null).toCompletableFuture().get()).getCause());
    }

    @Test
    void dialAnyTriesEachAddressInTurnUntilOneGivesALinkToTheNode() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        Node c = new Node("ws://c/mesh", List.of());
        Link link = await(a.manager.dialAny(b.id(), List.of("http://x/mesh", "ws://nowhere/mesh", c.url, b.url)));
        assertEquals(b.id(), link.peer());
        assertEquals(b.url, link.remoteUrl());
        assertEquals(List.of(link), a.manager.links(), "the link to the wrong node (4001) was not kept");
    }

    @Test
    void dialAnyFailsWithTheLastAddressErrorOrWhenThereIsNoAddress() {
        Node a = new Node("ws://a/mesh", List.of());
        NodeId somewhere = NodeId.of("1".repeat(40));
        ExecutionException last = assertThrows(ExecutionException.class, () -> a.manager
                .dialAny(somewhere, List.of("http://x/mesh", "ws://nowhere/mesh")).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(ConnectException.class, last.getCause());
        ExecutionException none = assertThrows(ExecutionException.class,
                () -> a.manager.dialAny(somewhere, List.of()).toCompletableFuture().get(30, TimeUnit.SECONDS));
        assertInstanceOf(IllegalArgumentException.class, none.getCause());
        assertTrue(none.getCause().getMessage().contains(somewhere.value()), none.getCause().getMessage());
    }

    @Test
    void aSecondLinkInitiatedByTheOtherEndIsResolvedBySmallerInitiator() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        Node small = a.id().compareTo(b.id()) < 0 ? a : b;
        Node large = small == a ? b : a;

        // the large node dials first; then the small node dials: the small node's link wins
        Link first = await(large.manager.dial(small.url, null));
        Link second = await(small.manager.dial(large.url, null));
        large.hears.awaitCount("down", 1);
        assertFalse(first.isOpen());
        assertTrue(second.isOpen());
        assertEquals(CloseCodes.DUPLICATE_LINK, ((LinkSession) first).closeCode());
        large.hears.await(() -> large.manager.links().size() == 1 && small.manager.links().size() == 1, "one link each");
        assertEquals(small.id(), ((LinkSession) large.manager.links().get(0)).initiatorId());

        // now the large node dials again: its new link loses at once, 4005 once the handshake ends
        assertEquals(CloseCodes.DUPLICATE_LINK, closeCodeOf(large.manager.dial(small.url, null)));
        assertTrue(second.isOpen());
        assertEquals(1, large.manager.links().size());
    }

    @Test
    void severalLinksInitiatedByTheSameEndAreAllowed() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        Link one = await(a.manager.dial(b.url, null));
        Link two = await(a.manager.dial(b.url, null));
        assertTrue(one.isOpen());
        assertTrue(two.isOpen());
        assertEquals(2, a.manager.links().size());
    }

    @Test
    void simultaneousDialsConvergeOnOneLink() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        NodeId smaller = a.id().compareTo(b.id()) < 0 ? a.id() : b.id();
        for (int round = 0; round < 20; round++) {
            CompletionStage<Link> ab = a.manager.dial(b.url, null);
            CompletionStage<Link> ba = b.manager.dial(a.url, null);
            ab.toCompletableFuture().handle((l, e) -> null).get(30, TimeUnit.SECONDS);
            ba.toCompletableFuture().handle((l, e) -> null).get(30, TimeUnit.SECONDS);
            a.hears.await(() -> a.manager.links().size() == 1 && b.manager.links().size() == 1, "one link each");
            Link kept = a.manager.links().get(0);
            assertEquals(smaller, ((LinkSession) kept).initiatorId());
            kept.close(CloseCodes.NORMAL, "next round");
            a.hears.await(() -> a.manager.links().isEmpty() && b.manager.links().isEmpty(), "no links");
        }
    }

    @Test
    void twoNodesThatBootstrapFromEachOtherKeepOneLinkAndStopDialing() throws Exception {
        Node a = new Node("ws://a/mesh", List.of("ws://b/mesh"));
        Node b = new Node("ws://b/mesh", List.of("ws://a/mesh"));
        NodeId smaller = a.id().compareTo(b.id()) < 0 ? a.id() : b.id();
        a.manager.start();
        b.manager.start();
        a.hears.await(() -> keptOneLinkBy(a, smaller) && keptOneLinkBy(b, smaller), "the link of the smaller id kept");
        // a redial of the entry whose link lost (4005) finds the other link and stops
        for (int i = 0; i < 20 && a.scheduler.pending() + b.scheduler.pending() > 0; i++) {
            a.scheduler.runPending();
            b.scheduler.runPending();
            a.hears.await(() -> keptOneLinkBy(a, smaller) && keptOneLinkBy(b, smaller), "one link each again");
            Thread.sleep(50);   // quiet time: a redial that dialed again would schedule the next one meanwhile
        }
        assertEquals(0, a.scheduler.pending() + b.scheduler.pending(), "no redial waiting");
        assertTrue(keptOneLinkBy(a, smaller) && keptOneLinkBy(b, smaller));
    }

    private static boolean keptOneLinkBy(Node node, NodeId initiator) {
        List<Link> links = node.manager.links();
        return links.size() == 1 && ((LinkSession) links.get(0)).initiatorId().equals(initiator);
    }

    @Test
    void linkToSelfIsRefused() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        assertEquals(CloseCodes.REFUSED, closeCodeOf(a.manager.dial(a.url, null)));
    }

    @Test
    void badBootstrapEntryNamesIt() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> LinkManager.parseBootstrap(List.of("ws://ok/mesh", "tcp://bad:1/mesh")));
        assertTrue(e.getMessage().contains("tcp://bad:1/mesh"), e.getMessage());
    }

    @Test
    void bootstrapRedialsWithCappedExponentialBackoff() throws Exception {
        Node a = new Node("ws://a/mesh", List.of("ws://b/mesh"));
        a.manager.start();
        // b does not exist yet: 1 s, 2 s, 4 s, 8 s, 8 s (each × jitter in [0.75, 1])
        long[] bases = {1, 2, 4, 8, 8};
        int scheduled = 0;
        for (long base : bases) {
            // each failed dial schedules its redial from the dial thread: wait for that one
            int expected = scheduled + 1;
            a.hears.await(() -> a.scheduler.entries().size() >= expected, "redial " + expected);
            scheduled = a.scheduler.entries().size();
            ManualScheduler.Entry redial = a.scheduler.entries().get(scheduled - 1);
            assertTrue(redial.delay.compareTo(Duration.ofMillis(base * 750)) >= 0, redial.delay.toString());
            assertTrue(redial.delay.compareTo(Duration.ofSeconds(base)) <= 0, redial.delay.toString());
            a.scheduler.runPending();
        }
        PeerInfo unknown = a.manager.peers().get(0);
        assertNull(unknown.nodeId());
        assertEquals(List.of("ws://b/mesh"), unknown.addrs());
        assertFalse(unknown.connected());

        Node b = new Node("ws://b/mesh", List.of());
        int before = a.scheduler.entries().size();
        a.scheduler.runPending();
        a.hears.awaitCount("up", 1);
        assertEquals(b.id(), a.manager.links().get(0).peer());
        assertEquals(b.id(), a.manager.peers().get(0).nodeId());

        // the link drops: redialed after the initial delay again
        int beforeDrop = a.scheduler.entries().size();
        a.manager.links().get(0).close(CloseCodes.NORMAL, "drop");
        a.hears.awaitCount("down", 1);
        a.hears.await(() -> a.scheduler.entries().size() > beforeDrop, "a redial");
        ManualScheduler.Entry redial = a.scheduler.entries().get(a.scheduler.entries().size() - 1);
        assertTrue(a.scheduler.entries().size() > before);
        assertTrue(redial.delay.compareTo(Duration.ofSeconds(1)) <= 0, redial.delay.toString());
        a.scheduler.runPending();
        a.hears.awaitCount("up", 2);
    }

    @Test
    void aFailedBootstrapDialIsLoggedOnceAMinutePerOutcome() throws Exception {
        NodeId pinned = NodeIdentity.generate(random).nodeId();
        try (LogLines lines = new LogLines(LinkManager.class.getName(), Level.INFO)) {
            Node a = new Node("ws://a/mesh", List.of("ws://b/mesh#" + pinned));
            a.manager.start();
            a.hears.await(() -> a.scheduler.entries().size() >= 1, "redial 1");
            a.scheduler.runPending();   // nothing at b again: the same outcome, not logged
            a.hears.await(() -> a.scheduler.entries().size() >= 2, "redial 2");
            new Node("ws://b/mesh", List.of());   // not the pinned node: 4001, a new outcome
            a.scheduler.runPending();
            a.hears.await(() -> a.scheduler.entries().size() >= 3, "redial 3");
            a.scheduler.runPending();   // 4001 again: not logged
            a.hears.await(() -> a.scheduler.entries().size() >= 4, "redial 4");
            List<String> failed = lines.lines().stream().filter(l -> l.contains("bootstrap dial to")).toList();
            // two refused connections, one line; then the link to the wrong node closes (4001, or 4004 when
            // the scheduler ran its handshake deadline first): a new outcome, logged at once
            assertEquals(1, failed.stream().filter(l -> l.contains("ConnectException")).count(), failed.toString());
            assertTrue(failed.stream().anyMatch(l -> l.contains("failed: closed 400")), failed.toString());
            Pattern outcome = Pattern.compile("failed: (closed \\d+|\\w+)");
            assertEquals(failed.size(), failed.stream().map(l -> {
                Matcher m = outcome.matcher(l);
                return m.find() ? m.group(1) : l;
            }).distinct().count(), "each outcome once a minute: " + failed);
        }
    }

    @Test
    void bootstrapEntryPointingAtThisNodeIsDroppedAfterOneDial() throws Exception {
        Node a = new Node("ws://a/mesh", List.of("ws://a/mesh"));
        a.manager.start();
        a.hears.await(() -> a.manager.peers().isEmpty(), "self entry dropped from the peer view");
        a.scheduler.runPending();
        assertEquals(0, a.scheduler.pending());
    }

    @Test
    void bootstrapStatusTellsLinkedUnreachableAndSelfEntries() throws Exception {
        Node b = new Node("ws://b/mesh", List.of());
        Node a = new Node("ws://a/mesh", List.of("ws://a/mesh", "ws://b/mesh", "ws://c/mesh"));
        List<LinkManager.BootstrapStatus> before = a.manager.bootstrapStatus();
        assertEquals(3, before.size());
        assertTrue(before.stream().noneMatch(LinkManager.BootstrapStatus::linked), "nothing dialed yet");

        a.manager.start();
        a.hears.awaitCount("up", 1);
        a.hears.await(() -> a.manager.bootstrapStatus().get(0).self(), "the entry of this node marked self");
        a.hears.await(() -> a.manager.bootstrapStatus().get(1).nodeId() != null, "the bootstrap dial completed");
        List<LinkManager.BootstrapStatus> now = a.manager.bootstrapStatus();
        assertEquals("ws://b/mesh", now.get(1).url().toString());
        assertEquals(b.id(), now.get(1).nodeId(), "the id learned by dialing");
        assertTrue(now.get(1).linked());
        assertFalse(now.get(2).linked());
        assertNull(now.get(2).nodeId());

        a.manager.links().get(0).close(CloseCodes.NORMAL, "drop");
        a.hears.awaitCount("down", 1);
        assertFalse(a.manager.bootstrapStatus().get(1).linked());
        assertEquals(b.id(), a.manager.bootstrapStatus().get(1).nodeId(), "the learned id stays");
    }

    @Test
    void blockingAPeerClosesItsLinksWith4003() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        Link link = await(a.manager.dial(b.url, null));
        b.hears.awaitCount("up", 1);
        b.trust.block(a.id());
        a.hears.awaitCount("down", 1);
        assertEquals(CloseCodes.REFUSED, ((LinkSession) link).closeCode());
        assertEquals(CloseCodes.REFUSED, finalCloseCode(a.manager.dial(b.url, null)));
    }

    @Test
    void shutdownClosesEveryLinkWith1001() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        Link link = await(a.manager.dial(b.url, null));
        b.manager.shutdown();
        a.hears.awaitCount("down", 1);
        assertEquals(CloseCodes.GOING_AWAY, ((LinkSession) link).closeCode());
        assertTrue(b.manager.links().isEmpty());
    }

    @Test
    void aStartedManagerChecksItsLinksLivenessUntilShutdown() throws Exception {
        Node a = new Node("ws://a/mesh", List.of());
        Node b = new Node("ws://b/mesh", List.of());
        assertEquals(0, a.livenessChecks.pending(), "not before start");
        a.manager.start();
        assertEquals(1, a.livenessChecks.pending());
        Link link = await(a.manager.dial(b.url, null));
        a.livenessChecks.runPending();
        assertTrue(link.isOpen(), "a link that just spoke is neither pinged nor closed");
        assertEquals(1, a.livenessChecks.pending(), "the next check is waiting");
        a.manager.shutdown();
        assertEquals(0, a.livenessChecks.pending(), "shutdown stops the checks");
    }
}
