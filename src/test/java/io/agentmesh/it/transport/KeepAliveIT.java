package io.agentmesh.it.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoopbackHttps;
import io.agentmesh.testsupport.MeshSocket;
import io.agentmesh.testsupport.NodeMetrics;
import io.agentmesh.testsupport.RawLink;
import io.agentmesh.testsupport.SocketMeshClient;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Idle links on real nodes (docs/protocol.md, "Idle links"), with a keep-alive interval of 1 s and a
 * liveness timeout of 5 s, and route announcements and gossip rounds half an hour apart, so that a link
 * between the two nodes carries nothing else: it stays up on Pings and Pongs alone, in both directions
 * (Liberty's server endpoint and its client endpoint each hand their Pongs to the link); a peer that
 * answers no Ping is closed with 1001 once silent for the timeout, and a raw peer that answers them stays.
 */
class KeepAliveIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final Map<String, String> ENV = Map.of(
            "MESH_LINK_KEEPALIVE_INTERVAL", "1s",
            "MESH_LINK_LIVENESS_TIMEOUT", "5s",
            "MESH_ROUTE_ANNOUNCE_INTERVAL", "30m",
            "MESH_ROUTE_HOLD_TIME", "1h",
            "MESH_REGISTRY_ROUND_INTERVAL", "30m");

    private static LibertyNode a;
    private static LibertyNode b;

    @BeforeAll
    static void setUp() {
        a = LibertyNode.create("it-keepalive-a", LibertyNode.basePort() + 290, ENV);
        Map<String, String> bootstrapped = new java.util.HashMap<>(ENV);
        bootstrapped.put("MESH_BOOTSTRAP", a.meshUrl());
        b = LibertyNode.create("it-keepalive-b", LibertyNode.basePort() + 291, bootstrapped);
        LibertyNode.startAll(a, b);
    }

    @AfterAll
    static void tearDown() {
        LibertyNode.stopAll(a, b);
    }

    /** The node's one link to {@code peer}, as its admin API shows it. */
    private static JsonObject linkTo(LibertyNode node, LibertyNode peer) {
        HttpResponse<String> r = new LoopbackHttps().get(node.httpsUrl() + "/api/v1/admin/links", "admin", node.adminPassword());
        if (r == null || r.statusCode() != 200) {
            return null;
        }
        List<JsonObject> links = Json.createReader(new StringReader(r.body())).readArray().getValuesAs(JsonObject.class)
                .stream().filter(l -> peer.nodeId().equals(l.getString("peer"))).toList();
        return links.size() == 1 ? links.get(0) : null;
    }

    private static double silentLinks(LibertyNode node) {
        String text = NodeMetrics.scrape(node.httpsUrl(), node.adminPassword(), WAIT);
        return text.lines().filter(l -> l.startsWith("agentmesh_links_silent_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void anIdleLinkBetweenTwoNodesStaysUpOnPingsAlone() throws Exception {
        JsonObject atB = Eventually.until(WAIT, () -> linkTo(b, a), l -> l != null, l -> "b's link to a");
        JsonObject atA = Eventually.until(WAIT, () -> linkTo(a, b), l -> l != null, l -> "a's link to b");
        // settle: what a new link exchanges (routes, adverts, peers) is over once a few seconds pass unchanged
        Eventually.until(WAIT, () -> {
            JsonObject before = linkTo(b, a);
            Thread.sleep(3000);
            JsonObject after = linkTo(b, a);
            return before != null && after != null && before.getJsonNumber("messagesIn").longValue()
                    == after.getJsonNumber("messagesIn").longValue();
        }, quiet -> quiet, quiet -> "the link between b and a never went quiet");

        JsonObject before = linkTo(b, a);
        Thread.sleep(12_000);       // more than twice the liveness timeout, with nothing to say but Pings
        JsonObject after = linkTo(b, a);
        JsonObject afterAtA = linkTo(a, b);
        assertEquals(atB.getString("id"), after.getString("id"), "b's link to a is the same link: " + after);
        assertEquals(atA.getString("id"), afterAtA.getString("id"), "a's link to b is the same link: " + afterAtA);
        assertEquals(before.getJsonNumber("messagesIn").longValue(), after.getJsonNumber("messagesIn").longValue(),
                "no message came over the link meanwhile: Pongs alone kept it: " + after);
        assertEquals(0.0, silentLinks(a));
        assertEquals(0.0, silentLinks(b));
    }

    @Test
    void aPeerThatAnswersNoPingIsClosedWith1001AndOneThatDoesStays() throws Exception {
        NodeId id = NodeId.of(a.nodeId());
        double silentBefore = silentLinks(a);
        try (RawLink answering = RawLink.open("127.0.0.1", a.httpPort(), id);
             RawLink silent = RawLink.open("127.0.0.1", a.httpPort(), id)) {
            ((SocketMeshClient) silent.socket()).answerPings(false);
            MeshSocket.Close close = silent.socket().awaitClose();
            assertEquals(1001, close.code(), "close " + close);
            assertTrue(close.reason().startsWith("nothing received for "), close.reason());
            Thread.sleep(6_000);    // the answering link, as idle, outlives another timeout
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", answering.ping(1));
        }
        Eventually.until(WAIT, "a counted the silent link", () -> silentLinks(a) >= silentBefore + 1);
    }
}
