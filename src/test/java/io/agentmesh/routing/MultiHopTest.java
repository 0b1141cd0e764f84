package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.assertError;
import static io.agentmesh.routing.RouterHarness.done;
import static io.agentmesh.routing.RouterHarness.obj;
import static io.agentmesh.routing.RouterHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.PeerInfo;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

/**
 * Routers that announce their routes ({@code node/routes}) over in-memory links: requests cross several
 * hops and come back, the hop limit, unreachable nodes, links that drop, and direct dials (wire-v1 §5.3).
 */
class MultiHopTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final Map<Integer, Node> nodes = new HashMap<>();

    private final class Node {
        final int n;
        final NodeId id;
        final FakeAgents agents = new FakeAgents().add("echo", "Echo", "", "echo");
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final Router router;

        Node(int n, RoutingSettings.Routes routes) {
            this.n = n;
            this.id = TestNodes.node(n);
            this.router = Router.builder()
                    .node(new NodeInfo(id, "key" + n, List.of(addr(n)), "agentmesh-java/test", Instant.EPOCH))
                    .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                    .settings(RoutingSettings.defaults().withRoutes(routes)).announceRoutes(true)
                    .traceIds(() -> "trace-of-" + n).build();
            router.start();
        }
    }

    private static String addr(int n) {
        return "ws://127.0.0.1:" + (9100 + n) + "/mesh";
    }

    private Node node(int n) {
        return nodes.get(n);
    }

    private void nodes(int count, RoutingSettings.Routes routes) {
        for (int i = 1; i <= count; i++) {
            nodes.put(i, new Node(i, routes));
        }
    }

    private FakeLink[] link(int i, int j) {
        Node a = node(i);
        Node b = node(j);
        FakeLink[] ends = FakeLink.connect(a.id, a.router, b.id, b.router);
        a.links.add(ends[0]);
        b.links.add(ends[1]);
        return ends;
    }

    /** A line 1-2-…-count, converged. */
    private Map<String, FakeLink[]> line(int count, RoutingSettings.Routes routes) {
        nodes(count, routes);
        Map<String, FakeLink[]> links = new HashMap<>();
        for (int i = 1; i < count; i++) {
            links.put(i + "-" + (i + 1), link(i, i + 1));
        }
        settle();
        return links;
    }

    private void settle() {
        time.advance(Duration.ofSeconds(1));
    }

    private static RoutingSettings.Routes noDials() {
        return RoutingSettings.Routes.defaults().withDialDirect(false);
    }

    private CompletionStage<JsonRpc.Response> call(int from, int to, String op, JsonObject params) {
        return node(from).router.route(request("c-1", node(to).id + ":" + op, params), Origin.detached("test"));
    }

    @Test
    void aRequestCrossesALineOfFiveAndItsAnswerComesBack() {
        line(5, noDials());
        JsonObject params = obj("{\"name\":\"echo\",\"arguments\":{\"text\":\"hi\"}}");
        JsonRpc.Response r = done(call(1, 5, "echo/tools/call", params));
        assertFalse(r.isError(), r::toString);
        assertEquals(Json.createValue("c-1"), r.id(), "the original id comes back");
        FakeAgents.Call delivered = node(5).agents.onlyRequest();
        assertEquals(params, delivered.params(), "route metadata removed at delivery");
        assertEquals(node(1).id.value(), delivered.context().originNode());
        assertEquals(Optional.of(node(4).id), delivered.context().linkPeer(), "the last hop, not the origin");
        for (int i = 2; i <= 4; i++) {
            assertTrue(node(i).agents.requests().isEmpty(), "node " + i + " only forwards");
        }
    }

    @Test
    void eachForwarderUsesOneHopOfTheTtl() throws JsonRpcException {
        Map<String, FakeLink[]> links = line(4, noDials());
        done(call(1, 4, "node/ping", null));
        List<JsonRpc.Request> atFour = links.get("3-4")[0].sent().stream()
                .filter(m -> m instanceof JsonRpc.Request).map(m -> (JsonRpc.Request) m).toList();
        JsonObject route = atFour.get(0).paramsObject().getJsonObject("_meta").getJsonObject(RouteMetadata.KEY);
        assertEquals(RoutingSettings.DEFAULT_TTL - 3, route.getInt("ttl"), "three forwards");
        assertEquals(node(1).id.value(), route.getString("origin"));
    }

    @Test
    void aTtlOfOneAcrossTwoHopsIsAHopLimitError() {
        line(3, noDials());
        JsonObject params = obj("{\"_meta\":{\"agentmesh/route\":{\"ttl\":1,\"origin\":\"" + node(1).id
                + "\",\"trace\":\"t-1\"}}}");
        JsonRpc.Response r = done(call(1, 3, "node/get_info", params));
        assertError(r, JsonRpc.HOP_LIMIT_EXCEEDED);
        assertEquals(Json.createValue("c-1"), r.id());
    }

    @Test
    void anUnknownNodeIsUnreachableAtOnce() {
        line(3, noDials());
        JsonRpc.Response r = done(node(1).router.route(request(7, TestNodes.node(0x99) + ":echo/tools/list", null),
                Origin.detached("test")));
        assertError(r, JsonRpc.NODE_UNREACHABLE);
        assertEquals(TestNodes.node(0x99).value(), r.error().data().asJsonObject().getString("node"));
    }

    @Test
    void aLinkThatDropsUnderAPendingRequestAnswersItAtOnce() {
        Map<String, FakeLink[]> links = line(3, noDials());
        node(3).agents.hold();
        CompletionStage<JsonRpc.Response> pending = call(1, 3, "echo/tools/call", null);
        assertFalse(pending.toCompletableFuture().isDone());
        links.get("2-3")[0].drop();
        JsonRpc.Response r = done(pending);
        assertError(r, JsonRpc.NODE_UNREACHABLE);
        settle();
        assertError(done(call(1, 3, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
        assertTrue(node(1).router.routeTable().orElseThrow().route(node(3).id).isEmpty(), "the route is withdrawn");
    }

    @Test
    void aForwardedRequestWithoutAnswerTimesOut() {
        line(3, noDials());
        node(3).agents.hold();
        CompletionStage<JsonRpc.Response> pending = call(1, 3, "echo/tools/call", null);
        time.advance(RoutingSettings.DEFAULT_FORWARDING_DEADLINE);
        assertError(done(pending), JsonRpc.TIMEOUT);
    }

    @Test
    void whenTheLinkComesBackCallsSucceedAgain() {
        Map<String, FakeLink[]> links = line(3, noDials());
        links.get("2-3")[0].drop();
        settle();
        assertError(done(call(1, 3, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
        link(3, 2);
        settle();
        JsonRpc.Response r = done(call(1, 3, "node/ping", null));
        assertFalse(r.isError(), r::toString);
    }

    @Test
    void notificationsCrossHopsToo() {
        line(3, noDials());
        node(1).router.routeNotification(new JsonRpc.Notification(node(3).id + ":echo/notifications/hello",
                obj("{\"x\":1}")), Origin.detached("test"));
        assertEquals(1, node(3).agents.notifications().size());
        assertEquals(obj("{\"x\":1}"), node(3).agents.notifications().get(0).params());
    }

    @Test
    void listRoutesShowsTheTable() {
        line(3, noDials());
        JsonRpc.Response r = done(node(1).router.route(request(1, "node/list_routes", null), Origin.detached("t")));
        JsonObject far = r.result().asJsonObject().getJsonArray("routes").getJsonObject(1);
        assertEquals(node(3).id.value(), far.getString("node"));
        assertEquals(2, far.getInt("hops"));
        assertEquals(node(2).id.value(), far.getString("via"));
        assertEquals(addr(3), far.getJsonArray("addrs").getString(0));
    }

    @Test
    void anAnnouncementIsNeverForwardedOrHandedToAnAgent() {
        Map<String, FakeLink[]> links = line(3, noDials());
        FakeLink atTwo = links.get("1-2")[1];
        node(2).router.message(atTwo, new JsonRpcCodec().encode(new JsonRpc.Notification(RouteAnnouncement.METHOD,
                obj("{\"seq\":-1}"))));
        assertTrue(node(2).agents.notifications().isEmpty());
        assertTrue(node(2).router.routeTable().orElseThrow().route(node(1).id).isPresent(), "a bad one changes nothing");
    }

    @Test
    void aNodeReachedThroughAPeerIsDialedDirectlyForLaterRequests() {
        line(3, RoutingSettings.Routes.defaults());
        Node one = node(1);
        one.links.dialWith((target, addrs) -> {
            assertEquals(node(3).id, target);
            return CompletableFuture.completedFuture(link(1, 3)[0]);
        });
        assertFalse(done(call(1, 3, "node/ping", null)).isError(), "the first goes through node 2");
        assertEquals(List.of(new FakeLinkDirectory.Dial(node(3).id, List.of(addr(3)))), one.links.dials());
        Link direct = one.links.link(node(3).id).orElseThrow();
        long before = direct.stats().messagesOut();
        assertFalse(done(call(1, 3, "node/ping", null)).isError());
        assertTrue(direct.stats().messagesOut() > before, "the second goes on the direct link");
        assertEquals(1, one.links.dials().size());
    }

    @Test
    void aNodeWithoutRouteButWithKnownAddrsIsDialedFirst() {
        nodes(2, RoutingSettings.Routes.defaults());
        Node one = node(1);
        one.links.addPeer(new PeerInfo(node(2).id, List.of(addr(2)), false, 0));
        one.links.dialWith((target, addrs) -> CompletableFuture.completedFuture(link(1, 2)[0]));
        JsonRpc.Response r = done(call(1, 2, "echo/tools/call", null));
        assertFalse(r.isError(), r::toString);
        assertEquals(1, node(2).agents.requests().size());
    }

    @Test
    void requestsWhileADialRunsWaitForItAndShareIt() {
        nodes(2, RoutingSettings.Routes.defaults());
        Node one = node(1);
        one.links.addPeer(new PeerInfo(node(2).id, List.of(addr(2)), false, 0));
        CompletableFuture<Link> dialed = new CompletableFuture<>();
        one.links.dialWith((target, addrs) -> dialed);
        CompletionStage<JsonRpc.Response> first = call(1, 2, "node/ping", null);
        CompletionStage<JsonRpc.Response> second = call(1, 2, "node/ping", null);
        assertFalse(first.toCompletableFuture().isDone());
        assertEquals(1, one.links.dials().size(), "one dial for both");
        dialed.complete(link(1, 2)[0]);
        assertFalse(done(first).isError());
        assertFalse(done(second).isError());
    }

    @Test
    void aFailedDialIsUnreachableAndNotRetriedBeforeTheRetryDelay() {
        nodes(2, RoutingSettings.Routes.defaults());
        Node one = node(1);
        one.links.addPeer(new PeerInfo(node(2).id, List.of(addr(2)), false, 0));
        assertError(done(call(1, 2, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
        assertError(done(call(1, 2, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
        assertEquals(1, one.links.dials().size());
        time.advance(RoutingSettings.Routes.DEFAULT_DIAL_RETRY);
        assertError(done(call(1, 2, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
        assertEquals(2, one.links.dials().size());
    }

    @Test
    void aNodeWhoseLinkWentSilentIsRedialedInTheBackgroundWhileRequestsFailAtOnce() {
        Map<String, FakeLink[]> links = line(2, RoutingSettings.Routes.defaults());
        Node one = node(1);
        one.links.addPeer(new PeerInfo(node(2).id, List.of(addr(2)), false, 0));
        CompletableFuture<Link> dialed = new CompletableFuture<>();
        one.links.dialWith((target, addrs) -> dialed);
        links.get("1-2")[0].goSilent();
        CompletionStage<JsonRpc.Response> first = call(1, 2, "node/ping", null);
        assertTrue(first.toCompletableFuture().isDone(), "not waiting for a dial of a host that may be gone");
        assertError(done(first), JsonRpc.NODE_UNREACHABLE);
        assertError(done(call(1, 2, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
        assertEquals(1, one.links.dials().size(), "one dial, in the background");
        dialed.complete(link(1, 2)[0]);
        assertFalse(done(call(1, 2, "node/ping", null)).isError(), "the redialed link serves");
    }

    @Test
    void aLinkThatClosedWithoutGoingSilentIsRedialedForTheRequest() {
        Map<String, FakeLink[]> links = line(2, RoutingSettings.Routes.defaults());
        Node one = node(1);
        one.links.addPeer(new PeerInfo(node(2).id, List.of(addr(2)), false, 0));
        one.links.dialWith((target, addrs) -> CompletableFuture.completedFuture(link(1, 2)[0]));
        links.get("1-2")[0].drop();
        assertFalse(done(call(1, 2, "node/ping", null)).isError(), "a dropped link is redialed at once");
    }

    @Test
    void withDialingOffKnownAddrsAreNotDialed() {
        nodes(2, noDials());
        node(1).links.addPeer(new PeerInfo(node(2).id, List.of(addr(2)), false, 0));
        assertError(done(call(1, 2, "node/ping", null)), JsonRpc.NODE_UNREACHABLE);
        assertTrue(node(1).links.dials().isEmpty());
    }

    @Test
    void routesAreAnnouncedPeriodicallyAndHeldNoLongerThanTheirHoldTime() {
        RoutingSettings.Routes routes = noDials().withTiming(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(50));
        Map<String, FakeLink[]> links = line(3, routes);
        FakeLink oneToTwo = links.get("1-2")[0];
        long announcedBefore = countAnnouncements(links.get("1-2")[1]);
        time.advance(Duration.ofSeconds(10));
        assertTrue(countAnnouncements(links.get("1-2")[1]) > announcedBefore, "node 2 announces every 10 s");
        assertTrue(oneToTwo.isOpen());
        JsonRpc.Request any = request(1, "node/ping", null);
        assertInstanceOf(JsonRpc.Response.class, done(node(1).router.route(any, Origin.detached("t"))));
    }

    private static long countAnnouncements(FakeLink sentBy) {
        return sentBy.sent().stream().filter(m -> m instanceof JsonRpc.Notification n
                && RouteAnnouncement.METHOD.equals(n.method())).count();
    }

    @Test
    void aSilentNeighboursRoutesExpire() {
        RoutingSettings.Routes routes = noDials().withTiming(Duration.ofSeconds(10), Duration.ofSeconds(30), Duration.ofMillis(50));
        nodes(1, routes);
        Node one = node(1);
        FakeLink fromPeer = new FakeLink("in", TestNodes.node(0x2), false).ownedBy(one.router);
        one.router.linkUp(fromPeer);
        one.router.message(fromPeer, new JsonRpcCodec().encode(new JsonRpc.Notification(RouteAnnouncement.METHOD,
                obj("{\"seq\":1,\"hold_ms\":30000,\"routes\":[{\"node\":\"" + TestNodes.node(0x2) + "\",\"hops\":0},"
                        + "{\"node\":\"" + TestNodes.node(0x7) + "\",\"hops\":1,\"addrs\":[]}]}"))));
        RouteTable table = one.router.routeTable().orElseThrow();
        assertEquals(2, table.route(TestNodes.node(0x7)).orElseThrow().hops());
        time.advance(Duration.ofSeconds(30));
        assertTrue(table.route(TestNodes.node(0x7)).isEmpty());
        assertEquals(JsonValue.ValueType.OBJECT, fromPeer.lastSent() instanceof JsonRpc.Notification n
                ? n.params().getValueType() : JsonValue.ValueType.NULL, "node 1 kept announcing on the link");
    }
}
