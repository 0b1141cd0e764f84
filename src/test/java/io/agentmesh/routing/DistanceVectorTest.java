package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import io.agentmesh.transport.Link;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * When a node announces its routes and to whom ({@link DistanceVector}), on manual time: new links at
 * once and first, changes only where they change a link's announcement, periodic ones in each link's own
 * phase, passes for changes no more than half the time, and none of it on the deadline scheduler.
 */
class DistanceVectorTest {

    private static final List<String> OWN = List.of("ws://127.0.0.1:9101/mesh");
    private static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final Duration TRIGGER = Duration.ofMillis(50);

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final RoutingSettings.Routes settings = RoutingSettings.Routes.defaults()
            .withTiming(INTERVAL, Duration.ofSeconds(30), TRIGGER);
    private final RouteTable table = new RouteTable(TestNodes.node(1), settings, time.clock());

    /** One announcement sent, decoded. */
    private record Sent(Instant at, Link link, RouteAnnouncement announcement) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private Consumer<Link> onSend = link -> { };
    private final DistanceVector vector = new DistanceVector(table, settings, OWN, time, time.clock(), codec,
            (link, message) -> {
                try {
                    JsonRpc.Notification n = (JsonRpc.Notification) codec.decode(message);
                    sent.add(new Sent(time.clock().instant(), link, RouteAnnouncement.read(n.params(), 1024)));
                } catch (JsonRpcException e) {
                    throw new AssertionError(e);
                }
                onSend.accept(link);
                return true;
            });

    private FakeLink up(int peer) {
        FakeLink link = new FakeLink("1-" + peer, TestNodes.node(peer), true);
        vector.linkUp(link);
        return link;
    }

    private List<Sent> sentOn(Link link) {
        return sent.stream().filter(s -> s.link() == link).toList();
    }

    private static List<NodeId> nodes(Sent s) {
        return s.announcement().routes().stream().map(RouteAnnouncement.Entry::node).toList();
    }

    /** {@code link}'s peer says it reaches {@code node} in one hop. */
    private void teach(FakeLink link, int node, long seq) {
        RouteAnnouncement a = new RouteAnnouncement(seq, Duration.ofSeconds(30), List.of(
                new RouteAnnouncement.Entry(link.peer(), 0, List.of()),
                new RouteAnnouncement.Entry(TestNodes.node(node), 1, List.of())));
        vector.receive(link, new JsonRpc.Notification(RouteAnnouncement.METHOD, a.toJson()));
    }

    @Test
    void aNewLinkIsAnnouncedToAtOnceWithWhatTheTableAnnouncesOnIt() {
        vector.start();
        FakeLink two = up(2);
        time.advance(Duration.ZERO);
        assertEquals(1, sent.size());
        Sent first = sent.get(0);
        assertEquals(two, first.link());
        assertEquals(table.announcementFor(two, first.announcement().seq(), OWN), first.announcement());
    }

    @Test
    void aLinkThatGoesDownBeforeItsTurnIsPassedOverAndALinkUpTwiceIsAnnouncedToOnce() {
        vector.start();
        FakeLink two = up(2);
        FakeLink three = up(3);
        vector.linkUp(three);
        two.close(1001, "gone");
        vector.linkDown(two);
        time.advance(Duration.ZERO);
        assertEquals(List.of(), sentOn(two));
        assertEquals(1, sentOn(three).size());
    }

    @Test
    void aChangeGoesAfterTheTriggerDelayToTheLinksWhoseAnnouncementItChangesAlone() {
        vector.start();
        FakeLink two = up(2);
        FakeLink three = up(3);
        FakeLink four = up(4);
        time.advance(Duration.ofSeconds(1));
        sent.clear();
        teach(two, 9, 1);
        time.advance(TRIGGER.minusMillis(1));
        assertEquals(List.of(), sent, "not before the trigger delay");
        time.advance(Duration.ofMillis(1));
        assertEquals(List.of(three, four), sent.stream().map(Sent::link).toList(),
                "node 9 goes through node 2: node 2's announcement stays as it was");
        assertTrue(nodes(sentOn(three).get(0)).contains(TestNodes.node(9)));
        long seqOnThree = sentOn(three).get(0).announcement().seq();
        sent.clear();
        teach(two, 9, 2);
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of(), sent, "the same announcement again changes nothing");
        teach(three, 8, 1);
        time.advance(Duration.ofSeconds(1));
        assertEquals(List.of(two, four), sent.stream().map(Sent::link).toList());
        assertTrue(sentOn(four).get(0).announcement().seq() > seqOnThree, "seq grows with every announcement");
    }

    @Test
    void eachLinkIsAnnouncedToEveryIntervalInItsOwnPhase() {
        vector.start();
        FakeLink two = up(2);
        time.advance(Duration.ofSeconds(4));
        FakeLink three = new FakeLink("1-2b", TestNodes.node(2), true);   // to node 2 again: no change of routes
        vector.linkUp(three);
        for (int s = 0; s < 120; s++) {
            time.advance(Duration.ofMillis(500));
        }
        for (FakeLink link : List.of(two, three)) {
            List<Instant> at = sentOn(link).stream().map(Sent::at).toList();
            assertTrue(at.size() >= 6, link + ": " + at);
            for (int i = 1; i < at.size(); i++) {
                Duration gap = Duration.between(at.get(i - 1), at.get(i));
                assertTrue(gap.compareTo(INTERVAL) <= 0 && gap.compareTo(INTERVAL.minus(INTERVAL.dividedBy(10))) >= 0,
                        link + ": " + at);
            }
        }
        Duration phase = Duration.between(sentOn(two).get(3).at(), sentOn(three).get(3).at());
        assertTrue(phase.compareTo(Duration.ofSeconds(3)) >= 0, "the second link keeps its own phase: " + phase);
    }

    @Test
    void aLinkThatComesUpDuringAPassIsAnnouncedToBeforeTheRestOfThePass() {
        vector.start();
        FakeLink two = up(2);
        up(3);
        up(4);
        time.advance(Duration.ofSeconds(1));
        sent.clear();
        onSend = link -> {
            onSend = l -> { };
            up(5);
        };
        teach(two, 9, 1);
        time.advance(Duration.ofSeconds(1));
        List<String> order = sent.stream().map(s -> s.link().id()).toList();
        assertEquals(List.of("1-3", "1-5", "1-4"), order.subList(0, 3),
                "the new link right after the send during which it came up");
        assertEquals(List.of("1-2", "1-3", "1-4"), order.subList(3, order.size()),
                "then the change it made (node 5 is 1 hop away) to the others");
    }

    @Test
    void aPassForChangesFollowsTheLastOneNoSoonerThanThatOneLasted() {
        vector.start();
        FakeLink two = up(2);
        up(3);
        up(4);
        time.advance(Duration.ofSeconds(1));
        sent.clear();
        onSend = link -> time.clock().advance(Duration.ofMillis(400));   // a slow link: each send takes 400 ms
        teach(two, 9, 1);
        time.advance(TRIGGER);
        assertEquals(2, sent.size(), "links 3 and 4, in 800 ms");
        Instant end = sent.get(1).at().plusMillis(400);
        sent.clear();
        teach(two, 8, 2);
        time.advance(Duration.between(time.clock().instant(), end.plusMillis(799)));
        assertEquals(List.of(), sent, "not within 800 ms of the end of the last pass");
        time.advance(Duration.ofMillis(1));
        assertEquals(2, sent.size());
    }

    @Test
    void theRouterAnnouncesOnItsAnnouncerNotOnTheDeadlineScheduler() {
        ManualTime announcer = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
        Router router = Router.builder()
                .node(new NodeInfo(TestNodes.node(1), "key", OWN, "agentmesh-java/test", Instant.EPOCH))
                .executor(Runnable::run).scheduler(time).announcer(announcer).clock(time.clock())
                .traceIds(() -> "t").announceRoutes(true).build();
        router.start();
        FakeLink two = FakeLink.to(TestNodes.node(2), "1-2");
        router.linkUp(two);
        assertEquals(0, time.scheduledCount(), "nothing of the announcements on the deadline scheduler");
        announcer.advance(Duration.ZERO);
        assertEquals(1, two.sent().size());
        assertEquals(RouteAnnouncement.METHOD, ((JsonRpc.Notification) two.sent().get(0)).method());
    }
}
