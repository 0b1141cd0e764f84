package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.testsupport.ChainMesh;
import io.agentmesh.testsupport.MeshPeer;
import io.agentmesh.transport.Link;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Requests across a chain of three real nodes (wire-v1 §5.2–5.6): a mesh peer linked to node 1, the
 * REST API and the MCP endpoint of node 1 reach node 3 through node 2; the hop limit, unreachable
 * nodes, deadlines, duplicate links, and node 3 stopping under load and coming back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MeshChainIT {

    private static final Duration CONVERGE = Duration.ofSeconds(60);

    private static ChainMesh chain;
    private static MeshPeer peer;
    private static Link link;
    private static String node3;

    @BeforeAll
    static void linkToNodeOne() throws Exception {
        chain = ChainMesh.get();
        node3 = chain.nodeId(3);
        assertTrue(chain.awaitRoute(1, 3, 2, CONVERGE), "node 1 learns a 2-hop route to node 3");
        peer = MeshPeer.create(Duration.ofSeconds(60));
        link = peer.dial(chain.node(1).meshUrl(), NodeId.of(chain.nodeId(1)));
    }

    @AfterAll
    static void close() {
        if (peer != null) {
            peer.close();
        }
    }

    private static JsonObject obj(String json) {
        return Json.createReader(new StringReader(json)).readObject();
    }

    private static JsonObject echoParams(String text) {
        return obj("{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}");
    }

    private static String text(JsonValue toolResult) {
        return toolResult.asJsonObject().getJsonArray("content").getJsonObject(0).getString("text");
    }

    private static void assertError(JsonRpc.Response r, int... codes) {
        assertTrue(r.isError(), () -> "expected an error, got " + r);
        for (int code : codes) {
            if (r.error().code() == code) {
                return;
            }
        }
        throw new AssertionError("expected one of " + java.util.Arrays.toString(codes) + ", got " + r.error());
    }

    @Test
    @Order(1)
    void aPeerOnNodeOneCallsEchoOnNodeThree() throws Exception {
        JsonRpc.Response r = peer.call(link, node3 + ":echo/tools/call", echoParams("across two hops"));
        assertFalse(r.isError(), r::toString);
        assertEquals("across two hops", text(r.result()));
    }

    @Test
    @Order(2)
    void getInfoOfNodeThreeComesBackThroughNodeTwo() throws Exception {
        JsonRpc.Response r = peer.call(link, node3 + ":node/get_info", null);
        assertFalse(r.isError(), r::toString);
        assertEquals(node3, r.result().asJsonObject().getString("node_id"));
        assertTrue(r.result().asJsonObject().getJsonArray("agents").contains(Json.createValue("echo")));
    }

    @Test
    @Order(3)
    void theRoutesOfNodeOneGoThroughNodeTwo() throws Exception {
        JsonRpc.Response r = peer.call(link, "node/list_routes", null);
        JsonObject toThree = r.result().asJsonObject().getJsonArray("routes").stream().map(JsonValue::asJsonObject)
                .filter(e -> e.getString("node").equals(node3)).findFirst().orElseThrow();
        assertEquals(2, toThree.getInt("hops"));
        assertEquals(chain.nodeId(2), toThree.getString("via"));
    }

    @Test
    @Order(4)
    void anUnknownNodeIsUnreachable() throws Exception {
        JsonRpc.Response r = peer.call(link, "0123456789abcdef0123456789abcdef01234567:echo/tools/list", null);
        assertError(r, JsonRpc.NODE_UNREACHABLE);
    }

    @Test
    @Order(5)
    void aTtlOfOneAcrossTwoHopsExceedsTheHopLimit() throws Exception {
        JsonObject params = obj("{\"_meta\":{\"agentmesh/route\":{\"ttl\":1,\"origin\":\"" + peer.nodeId()
                + "\",\"trace\":\"ttl-test\"}}}");
        JsonRpc.Response r = peer.call(link, node3 + ":node/get_info", params);
        assertError(r, JsonRpc.HOP_LIMIT_EXCEEDED);
        JsonObject two = obj("{\"_meta\":{\"agentmesh/route\":{\"ttl\":2,\"origin\":\"" + peer.nodeId()
                + "\",\"trace\":\"ttl-test-2\"}}}");
        assertFalse(peer.call(link, node3 + ":node/get_info", two).isError(), "two forwards need a ttl of 2");
    }

    @Test
    @Order(6)
    void aForwardedRequestWithoutAnswerTimesOut() throws Exception {
        // counting 40 steps of 1 s outlasts the forwarding deadline of node 1 (ChainMesh.FORWARD_TIMEOUT)
        JsonRpc.Response r = peer.call(link, node3 + ":calculator/tools/call",
                obj("{\"name\":\"count\",\"arguments\":{\"n\":40,\"delayMs\":1000}}"));
        assertError(r, JsonRpc.TIMEOUT);
    }

    @Test
    @Order(7)
    void nodesOneAndTwoDialedEachOtherAndKeptOneLink() {
        boolean logged = chain.node(1).awaitLog("duplicate link to", CONVERGE)
                || chain.node(2).awaitLog("duplicate link to", Duration.ofSeconds(1));
        assertTrue(logged, "one of them closed a duplicate link with 4005");
        String peers = chain.post(1, "{\"target\":\"local\",\"method\":\"list_peers\"}");
        assertTrue(peers.contains("\"node_id\":\"" + chain.nodeId(2) + "\""), peers);
        assertTrue(peers.contains("\"connected\":true"), peers);
    }

    @Test
    @Order(8)
    void theRestApiOfNodeOneReachesNodeThree() throws Exception {
        HttpResponse<String> ok = post(1, "{\"target\":\"" + node3 + ":echo\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"over REST\"}}}");
        assertEquals(200, ok.statusCode(), ok.body());
        assertEquals("over REST", text(obj(ok.body()).get("result")));

        HttpResponse<String> info = post(1, "{\"target\":\"" + node3 + "\",\"method\":\"get_info\"}");
        assertEquals(node3, obj(info.body()).getJsonObject("result").getString("node_id"));

        HttpResponse<String> unreachable = post(1, "{\"target\":\"0123456789abcdef0123456789abcdef01234567:echo\","
                + "\"method\":\"tools/list\"}");
        assertEquals(502, unreachable.statusCode());
        assertEquals(JsonRpc.NODE_UNREACHABLE, obj(unreachable.body()).getJsonObject("error").getInt("code"));

        HttpResponse<String> noAgent = post(1, "{\"target\":\"" + node3 + ":nobody\",\"method\":\"tools/list\"}");
        assertEquals(404, noAgent.statusCode());
        assertEquals(JsonRpc.AGENT_NOT_FOUND, obj(noAgent.body()).getJsonObject("error").getInt("code"));

        HttpResponse<String> bad = post(1, "{\"target\":\"a b\",\"method\":\"tools/list\"}");
        assertEquals(400, bad.statusCode());
        assertEquals(JsonRpc.INVALID_REQUEST, obj(bad.body()).getJsonObject("error").getInt("code"));

        HttpResponse<String> notJson = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create(chain.node(1).httpUrl() + "/api/v1/call")).header("Content-Type", "text/plain")
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(415, notJson.statusCode(), "only application/json is taken");

        HttpResponse<String> openapi = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(chain.node(1).httpUrl() + "/openapi")).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, openapi.statusCode());
        assertTrue(openapi.body().contains("/api/v1/call:"), openapi.body());
        assertFalse(openapi.body().contains("bench"), "the benchmark endpoint is not part of the API");
    }

    @Test
    @Order(9)
    void theMcpEndpointOfNodeOneServesEchoOfNodeThree() {
        try (var c = SdkClients.at(chain.node(1).httpUrl(), "/mcp/" + node3 + "/echo")) {
            McpSchema.InitializeResult init = c.client.initialize();
            assertEquals("echo", init.serverInfo().name());
            assertTrue(c.client.listTools().tools().stream().anyMatch(t -> t.name().equals("echo")));
            McpSchema.CallToolResult r = c.client.callTool(new McpSchema.CallToolRequest("echo",
                    Map.of("text", "MCP through the mesh")));
            assertEquals("MCP through the mesh", ((McpSchema.TextContent) r.content().get(0)).text());
        }
    }

    @Test
    @Order(10)
    void stoppingNodeThreeEndsPendingCallsAndARestartBringsItBack() throws Exception {
        List<CompletableFuture<JsonRpc.Response>> pending = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            pending.add(peer.request(link, node3 + ":calculator/tools/call",
                    obj("{\"name\":\"count\",\"arguments\":{\"n\":1000,\"delayMs\":100}}")));
        }
        CompletableFuture<HttpResponse<String>> overRest = HttpClient.newHttpClient().sendAsync(HttpRequest.newBuilder(
                        URI.create(chain.node(1).httpUrl() + "/api/v1/call")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"" + node3 + ":calculator\",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"count\",\"arguments\":{\"n\":1000,\"delayMs\":100}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        Thread.sleep(1000);   // nothing to poll: a node shows no calls in flight, and these show no progress
        assertTrue(pending.stream().noneMatch(CompletableFuture::isDone), "the calls are running on node 3");

        long sent = System.nanoTime() - TimeUnit.SECONDS.toNanos(1);
        chain.node(3).stop();
        boolean stoppedWellBeforeTheDeadline = System.nanoTime() - sent
                < ChainMesh.FORWARD_TIMEOUT.minusSeconds(3).toNanos();
        long bound = ChainMesh.FORWARD_TIMEOUT.toMillis() + 15_000;
        for (CompletableFuture<JsonRpc.Response> call : pending) {
            JsonRpc.Response r = call.get(bound, TimeUnit.MILLISECONDS);
            if (stoppedWellBeforeTheDeadline) {
                assertError(r, JsonRpc.NODE_UNREACHABLE);   // the link to node 3 dropped: answered at once
            } else {
                assertError(r, JsonRpc.NODE_UNREACHABLE, JsonRpc.TIMEOUT);
            }
        }
        HttpResponse<String> rest = overRest.get(bound, TimeUnit.MILLISECONDS);
        int code = obj(rest.body()).getJsonObject("error").getInt("code");
        assertTrue(code == JsonRpc.NODE_UNREACHABLE || code == JsonRpc.TIMEOUT, rest.body());
        assertTrue(chain.awaitNoRoute(1, 3, CONVERGE), "node 1 forgets node 3");
        assertError(peer.call(link, node3 + ":node/ping", null), JsonRpc.NODE_UNREACHABLE);

        chain.node(3).start();
        assertTrue(chain.awaitRoute(1, 3, 2, CONVERGE), "node 1 learns the route to node 3 again");
        JsonRpc.Response again = peer.call(link, node3 + ":echo/tools/call", echoParams("back again"));
        assertFalse(again.isError(), again::toString);
        assertEquals("back again", text(again.result()));
    }

    private static HttpResponse<String> post(int node, String body) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(chain.node(node).httpUrl() + "/api/v1/call"))
                .header("Content-Type", "application/json").timeout(Duration.ofSeconds(60))
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
