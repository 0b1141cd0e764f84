package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The announcements of a {@link RouteTable} shared by all its links ({@link AnnouncedRoutes}): one per
 * change of the best routes, in order after any changes, and the same per link as a table that derives
 * every route again.
 */
class AnnouncedRoutesTest {

    private static final List<String> OWN = List.of("ws://127.0.0.1:9100/mesh");

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final RouteTable table = new RouteTable(TestNodes.node(1), RoutingSettings.Routes.defaults(), time.clock());
    private final List<FakeLink> links = new ArrayList<>();
    private final Map<FakeLink, int[]> taught = new HashMap<>();
    private long seq;

    private FakeLink up(int peer) {
        FakeLink link = new FakeLink("1-" + peer + "#" + links.size(), TestNodes.node(peer), true);
        table.linkUp(link);
        links.add(link);
        return link;
    }

    /** {@code link}'s peer announces itself at {@code addr} and {@code nodes} at {@code hops}. */
    private RouteTable.Outcome announce(FakeLink link, int hops, int... nodes) throws JsonRpcException {
        List<RouteAnnouncement.Entry> entries = new ArrayList<>();
        entries.add(new RouteAnnouncement.Entry(link.peer(), 0, List.of("ws://10.0.0."
                + Integer.parseInt(link.peer().value(), 16) + ":9100/mesh")));
        for (int n : nodes) {
            entries.add(new RouteAnnouncement.Entry(TestNodes.node(n), hops, List.of()));
        }
        int[] last = new int[nodes.length + 1];
        last[0] = hops;
        System.arraycopy(nodes, 0, last, 1, nodes.length);
        taught.put(link, last);
        return table.accept(link, new RouteAnnouncement(++seq, Duration.ofSeconds(90), entries));
    }

    @Test
    void everyLinkSharesOneAnnouncementUntilTheRoutesChange() throws JsonRpcException {
        for (int p = 2; p <= 50; p++) {
            up(p);
        }
        AnnouncedRoutes first = table.announced(OWN);
        for (FakeLink link : links) {
            assertSame(first, table.announced(OWN), "no new sort for link " + link.id());
            table.announcementFor(link, ++seq, OWN);
        }
        assertEquals(50, first.size(), "this node and its 49 peers");
        assertEquals(RouteTable.Outcome.CHANGED, announce(links.get(0), 1), "node 2's addrs");
        AnnouncedRoutes second = table.announced(OWN);
        assertNotSame(first, second);
        assertEquals(RouteTable.Outcome.UNCHANGED, announce(links.get(0), 1));
        assertSame(second, table.announced(OWN), "an announcement that changes no route changes nothing");
        assertEquals(RouteTable.Outcome.CHANGED, announce(links.get(0), 1, 90));
        AnnouncedRoutes third = table.announced(OWN);
        assertNotSame(second, third);
        assertEquals(51, third.size());
        up(91);
        assertNotSame(third, table.announced(OWN));
    }

    @Test
    void theRoutesStayNearestFirstAndAsAFullDerivationMakesThemThroughAnyChanges() throws JsonRpcException {
        Random random = new Random(7);
        for (int step = 0; step < 400; step++) {
            int op = random.nextInt(10);
            if (op < 4 || links.isEmpty()) {
                up(2 + random.nextInt(40));
            } else if (op < 6) {
                FakeLink gone = links.remove(random.nextInt(links.size()));
                gone.close(1006, "cut");
                table.linkDown(gone);
            } else {
                FakeLink link = links.get(random.nextInt(links.size()));
                int[] nodes = random.ints(random.nextInt(6), 30, 80).distinct().toArray();
                announce(link, 1 + random.nextInt(3), nodes);
            }
            List<RouteTable.Route> routes = table.routes();
            List<RouteTable.Route> sorted = new ArrayList<>(routes);
            sorted.sort(Comparator.comparingInt(RouteTable.Route::hops).thenComparing(r -> r.node().value()));
            assertEquals(sorted, routes, "step " + step);
            if (step % 20 == 19 && !links.isEmpty()) {
                assertDerivedAgainTheSame();
            }
        }
    }

    /**
     * Links coming and going change routes in place; an announcement received derives every route again.
     * Re-sending a link's last announcement must then change nothing, and no link's announcement.
     */
    private void assertDerivedAgainTheSame() throws JsonRpcException {
        List<RouteAnnouncement> before = new ArrayList<>();
        for (FakeLink link : links) {
            before.add(table.announcementFor(link, 1, OWN));
        }
        FakeLink link = links.stream().filter(taught::containsKey).findFirst().orElse(null);
        if (link == null) {
            return;
        }
        int[] last = taught.get(link);
        assertEquals(RouteTable.Outcome.UNCHANGED, announce(link, last[0], Arrays.copyOfRange(last, 1, last.length)));
        for (int i = 0; i < links.size(); i++) {
            assertEquals(before.get(i).routes(), table.announcementFor(links.get(i), 1, OWN).routes(),
                    "link " + links.get(i).id());
        }
    }

    @Test
    void aLinkThatTaughtNothingChangesOnlyItsPeersRoute() throws JsonRpcException {
        FakeLink two = up(2);
        FakeLink three = up(3);
        announce(three, 1, 2);             // node 3 reaches node 2 too
        FakeLink twoAgain = up(2);
        assertSame(two, table.nextHop(TestNodes.node(2)).orElseThrow(), "the older link stays the route");
        two.close(1006, "cut");
        table.linkDown(two);
        assertSame(twoAgain, table.nextHop(TestNodes.node(2)).orElseThrow(), "then the other direct link");
        twoAgain.close(1006, "cut");
        table.linkDown(twoAgain);
        RouteTable.Route viaThree = table.route(TestNodes.node(2)).orElseThrow();
        assertEquals(2, viaThree.hops(), "then the route node 3 announced");
        assertEquals(TestNodes.node(3), viaThree.via());
        NodeId gone = TestNodes.node(3);
        three.close(1006, "cut");
        table.linkDown(three);
        assertEquals(List.of(), table.routes(), "no route left after " + gone);
    }
}
