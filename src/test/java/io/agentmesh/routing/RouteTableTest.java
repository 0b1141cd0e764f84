package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The distance-vector table alone: nodes exchange announcements in synchronous rounds. */
class RouteTableTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));

    /** Nodes 1..n with a table each and links between them; {@link #round()} has every node announce once. */
    private final class Net {
        final RoutingSettings.Routes settings;
        final Map<Integer, RouteTable> tables = new HashMap<>();
        /** "i-j" → the link at i toward j. */
        final Map<String, FakeLink> ends = new HashMap<>();
        long seq;

        Net(RoutingSettings.Routes settings) {
            this.settings = settings;
        }

        RouteTable table(int i) {
            return tables.computeIfAbsent(i, k -> new RouteTable(id(k), settings, time.clock()));
        }

        void link(int i, int j) {
            FakeLink atI = new FakeLink(i + "-" + j, id(j), true);
            FakeLink atJ = new FakeLink(j + "-" + i, id(i), false);
            ends.put(i + "-" + j, atI);
            ends.put(j + "-" + i, atJ);
            table(i).linkUp(atI);
            table(j).linkUp(atJ);
        }

        void cut(int i, int j) {
            FakeLink atI = ends.remove(i + "-" + j);
            FakeLink atJ = ends.remove(j + "-" + i);
            atI.close(1006, "cut");
            atJ.close(1006, "cut");
            table(i).linkDown(atI);
            table(j).linkDown(atJ);
        }

        /** Every node announces on every link; true when some table changed. */
        boolean round() throws JsonRpcException {
            List<Runnable> deliveries = new ArrayList<>();
            boolean[] changed = {false};
            for (Map.Entry<String, FakeLink> e : ends.entrySet()) {
                String[] ij = e.getKey().split("-");
                int i = Integer.parseInt(ij[0]);
                int j = Integer.parseInt(ij[1]);
                RouteAnnouncement a = table(i).announcementFor(e.getValue(), ++seq, List.of("ws://127.0.0.1:" + (9100 + i) + "/mesh"));
                FakeLink arrivesOn = ends.get(j + "-" + i);
                deliveries.add(() -> {
                    try {
                        if (table(j).accept(arrivesOn, a) == RouteTable.Outcome.CHANGED) {
                            changed[0] = true;
                        }
                    } catch (JsonRpcException ex) {
                        throw new AssertionError(ex);
                    }
                });
            }
            deliveries.forEach(Runnable::run);
            return changed[0];
        }

        int converge(int maxRounds) throws JsonRpcException {
            for (int r = 1; r <= maxRounds; r++) {
                if (!round()) {
                    return r;
                }
            }
            throw new AssertionError("no convergence in " + maxRounds + " rounds");
        }

        Optional<RouteTable.Route> route(int from, int to) {
            return table(from).route(id(to));
        }
    }

    private static NodeId id(int n) {
        return TestNodes.node(n);
    }

    private static RoutingSettings.Routes settings() {
        return RoutingSettings.Routes.defaults();
    }

    private Net line(int n, RoutingSettings.Routes settings) {
        Net net = new Net(settings);
        for (int i = 1; i < n; i++) {
            net.link(i, i + 1);
        }
        return net;
    }

    @Test
    void aLinkMakesItsPeerOneHopAway() {
        Net net = new Net(settings());
        net.link(1, 2);
        RouteTable.Route r = net.route(1, 2).orElseThrow();
        assertEquals(1, r.hops());
        assertEquals(id(2), r.via());
        assertEquals(net.ends.get("1-2"), net.table(1).nextHop(id(2)).orElseThrow());
    }

    @Test
    void aLineOfFiveConverges() throws JsonRpcException {
        Net net = line(5, settings());
        int rounds = net.converge(10);
        assertTrue(rounds <= 5, "rounds " + rounds);
        for (int i = 1; i <= 5; i++) {
            for (int j = 1; j <= 5; j++) {
                if (i == j) {
                    assertTrue(net.route(i, j).isEmpty(), "no route to itself");
                    continue;
                }
                RouteTable.Route r = net.route(i, j).orElseThrow(() -> new AssertionError("no route"));
                assertEquals(Math.abs(i - j), r.hops(), i + " to " + j);
                int next = j > i ? i + 1 : i - 1;
                assertEquals(id(next), r.via(), i + " to " + j);
                assertEquals(net.ends.get(i + "-" + next), net.table(i).nextHop(id(j)).orElseThrow());
            }
        }
        assertEquals(List.of("ws://127.0.0.1:9105/mesh"), net.table(1).addrs(id(5)), "addrs travel with the routes");
    }

    @Test
    void aLinkThatGoesDownWithdrawsItsRoutesAlongTheLine() throws JsonRpcException {
        Net net = line(5, settings());
        net.converge(10);
        net.cut(3, 4);
        net.converge(10);
        assertTrue(net.route(1, 4).isEmpty());
        assertTrue(net.route(1, 5).isEmpty());
        assertTrue(net.route(2, 5).isEmpty());
        assertEquals(2, net.route(1, 3).orElseThrow().hops());
        assertEquals(1, net.route(4, 5).orElseThrow().hops());
        assertTrue(net.route(5, 1).isEmpty());
    }

    @Test
    void routesBeyondTheHopLimitAreUnreachable() throws JsonRpcException {
        Net net = line(5, settings().withMaxHops(3));
        net.converge(10);
        assertEquals(3, net.route(1, 4).orElseThrow().hops());
        assertTrue(net.route(1, 5).isEmpty(), "4 hops away with a limit of 3");
        assertTrue(net.table(1).nextHop(id(5)).isEmpty());
    }

    @Test
    void splitHorizonLeavesOutRoutesLearnedFromThePeer() throws JsonRpcException {
        Net net = line(3, settings());
        net.converge(10);
        RouteAnnouncement toOne = net.table(2).announcementFor(net.ends.get("2-1"), 99, List.of());
        assertEquals(List.of(id(2), id(3)), toOne.routes().stream().map(RouteAnnouncement.Entry::node).toList(),
                "node 2 tells node 1 of itself and node 3, not of node 1");
        RouteAnnouncement toThree = net.table(2).announcementFor(net.ends.get("2-3"), 100, List.of());
        assertEquals(List.of(id(2), id(1)), toThree.routes().stream().map(RouteAnnouncement.Entry::node).toList());
        assertEquals(0, toOne.routes().get(0).hops());
        assertEquals(1, toOne.routes().get(1).hops());
    }

    @Test
    void aLoopForgetsAVanishedNodeWithinTheHopLimit() throws JsonRpcException {
        // triangle 1-2-3 with node 4 hanging off node 3
        Net net = new Net(settings());
        net.link(1, 2);
        net.link(2, 3);
        net.link(3, 1);
        net.link(3, 4);
        net.converge(10);
        assertEquals(2, net.route(1, 4).orElseThrow().hops());
        net.cut(3, 4);
        net.converge(settings().maxHops() + 2);
        for (int i = 1; i <= 3; i++) {
            assertTrue(net.route(i, 4).isEmpty(), "node " + i + " still routes to 4");
        }
    }

    @Test
    void theShorterOfTwoPathsWinsAndTiesGoToTheSmallerNodeId() throws JsonRpcException {
        // 1-2-4 and 1-3-4: two paths of 2 hops; and 1-5-6-4 a longer one
        Net net = new Net(settings());
        net.link(1, 3);
        net.link(1, 2);
        net.link(2, 4);
        net.link(3, 4);
        net.link(1, 5);
        net.link(5, 6);
        net.link(6, 4);
        net.converge(10);
        RouteTable.Route r = net.route(1, 4).orElseThrow();
        assertEquals(2, r.hops());
        assertEquals(id(2), r.via());
        net.cut(2, 4);
        net.converge(10);
        assertEquals(id(3), net.route(1, 4).orElseThrow().via());
        net.cut(3, 4);
        net.converge(10);
        assertEquals(3, net.route(1, 4).orElseThrow().hops());
        assertEquals(id(5), net.route(1, 4).orElseThrow().via());
    }

    @Test
    void anOlderOrRepeatedSequenceIsIgnored() throws JsonRpcException {
        Net net = new Net(settings());
        net.link(1, 2);
        FakeLink in = net.ends.get("1-2");
        RouteAnnouncement newer = new RouteAnnouncement(5, Duration.ofSeconds(90),
                List.of(new RouteAnnouncement.Entry(id(2), 0, List.of()), new RouteAnnouncement.Entry(id(7), 1, List.of())));
        RouteAnnouncement older = new RouteAnnouncement(4, Duration.ofSeconds(90),
                List.of(new RouteAnnouncement.Entry(id(2), 0, List.of())));
        assertEquals(RouteTable.Outcome.CHANGED, net.table(1).accept(in, newer));
        assertEquals(RouteTable.Outcome.STALE, net.table(1).accept(in, older));
        assertEquals(RouteTable.Outcome.STALE, net.table(1).accept(in, newer));
        assertEquals(2, net.route(1, 7).orElseThrow().hops());
    }

    @Test
    void announcementsExpireAfterTheirHoldTime() throws JsonRpcException {
        Net net = new Net(settings());
        net.link(1, 2);
        FakeLink in = net.ends.get("1-2");
        net.table(1).accept(in, new RouteAnnouncement(1, Duration.ofSeconds(10),
                List.of(new RouteAnnouncement.Entry(id(7), 1, List.of()))));
        time.advance(Duration.ofSeconds(9));
        assertTrue(net.route(1, 7).isPresent());
        time.advance(Duration.ofSeconds(1));
        assertTrue(net.route(1, 7).isEmpty(), "held 10 s");
        assertTrue(net.route(1, 2).isPresent(), "the direct link stays");
        assertFalse(net.table(1).expire(), "already dropped");
    }

    @Test
    void entriesNamingTheReceiverAreIgnoredAndZeroHopsMustBeTheSender() throws JsonRpcException {
        Net net = new Net(settings());
        net.link(1, 2);
        FakeLink in = net.ends.get("1-2");
        net.table(1).accept(in, new RouteAnnouncement(1, Duration.ofSeconds(90),
                List.of(new RouteAnnouncement.Entry(id(1), 1, List.of()))));
        assertTrue(net.route(1, 1).isEmpty());
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> net.table(1).accept(in,
                new RouteAnnouncement(2, Duration.ofSeconds(90), List.of(new RouteAnnouncement.Entry(id(9), 0, List.of())))));
        assertEquals(JsonRpc.INVALID_PARAMS, e.error().code());
        assertTrue(net.route(1, 9).isEmpty());
    }

    @Test
    void anAnnouncementKeepsTheNearestNodesWithinTheEntryLimit() throws JsonRpcException {
        Net net = line(6, settings().withMaxEntries(3));
        net.converge(10);
        RouteAnnouncement a = net.table(2).announcementFor(net.ends.get("2-1"), 1, List.of());
        assertEquals(List.of(id(2), id(3), id(4)), a.routes().stream().map(RouteAnnouncement.Entry::node).toList());
    }

    @Test
    void aClosedLinkTakesNoAnnouncements() throws JsonRpcException {
        Net net = new Net(settings());
        net.link(1, 2);
        FakeLink in = net.ends.get("1-2");
        in.close(1000, "bye");
        assertEquals(RouteTable.Outcome.STALE, net.table(1).accept(in, new RouteAnnouncement(1, Duration.ofSeconds(90),
                List.of(new RouteAnnouncement.Entry(id(7), 1, List.of())))));
        assertTrue(net.table(1).nextHop(id(7)).isEmpty());
        assertTrue(net.table(1).nextHop(id(2)).isEmpty(), "the closed link is not a next hop");
    }
}
