package io.agentmesh.it.zerotrust;

import static io.agentmesh.it.McpHttp.inSession;
import static io.agentmesh.it.McpHttp.json;
import static io.agentmesh.it.McpHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.it.McpHttp;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoggingRelay;
import io.agentmesh.testsupport.NodeMetrics;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * End-to-end sessions on the wire (docs/protocol.md, "End-to-end sessions"), against a relay that logs
 * what it forwards and misbehaves when told: two real nodes, A and C, have no link to each other and dial
 * no one ({@code mesh.discovery.auto-dial=false}, no bootstrap); a {@link LoggingRelay} played by the test
 * links to both and announces to each a route to the other through itself. An MCP client calls C's echo
 * agent through A's {@code /mcp/{C}/echo}: the calls work, the relay sees the handshake and sealed boxes
 * but never a tool argument or method, one handshake serves every call, and a box the relay tampers with,
 * or a sealed request it sends again, is refused (−32067) without reaching the agent, and one it drops
 * runs out of time (−32062), while the session goes on. Ports: {@code mesh.it.node.base-port} + 150..151.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SealedRelayIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String SESSIONS = "agentmesh_sessions_events_total";
    private static final int REJECTED = -32067;
    /** Shorter than the default, so that a dropped request ends well within the client's 30 s. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(15);

    private static LibertyNode a;
    private static LibertyNode c;
    private static LoggingRelay relay;
    private static McpHttp mcp;
    private static String path;
    private static String mcpSession;
    private static int ids = 1;
    private static final List<String> secrets = new CopyOnWriteArrayList<>();

    @BeforeAll
    static void start() throws Exception {
        a = LibertyNode.create("it-sealed-a", LibertyNode.basePort() + 150, env());
        c = LibertyNode.create("it-sealed-c", LibertyNode.basePort() + 151, env());
        LibertyNode.startAll(a, c);
        relay = LoggingRelay.between(a.meshUrl(), NodeId.of(a.nodeId()), c.meshUrl(), NodeId.of(c.nodeId()));
        Eventually.until(WAIT, "A has a route to C through the relay",
                () -> routesOf(a).contains("\"" + c.nodeId() + "\"") && routesOf(a).contains(relay.nodeId().value()));
        mcp = new McpHttp(a.httpPort());
        path = "/mcp/" + c.nodeId() + "/echo";
        try {
            mcpSession = mcp.session(path);
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "; the relay forwarded " + relay.log() + ", faults " + relay.faults(), e);
        }
    }

    @AfterAll
    static void stop() {
        if (relay != null) {
            relay.close();
        }
        LibertyNode.stopAll(a, c);
    }

    @AfterEach
    void theRelayNeverSawASecretAndKeptItsLinks() {
        relay.mode(LoggingRelay.Mode.FORWARD);
        for (String line : relay.log()) {
            for (String secret : secrets) {
                assertFalse(line.contains(secret), () -> "the relay saw a tool argument in clear: " + line);
            }
            assertFalse(line.contains("tools/call"), () -> "the relay saw a tool call in clear: " + line);
        }
        assertEquals(List.of(), relay.faults());
    }

    private static Map<String, String> env() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_DISCOVERY_AUTO_DIAL", "false");
        env.put("MESH_ROUTE_FORWARD_TIMEOUT", FORWARD_TIMEOUT.toMillis() + "ms");
        return env;
    }

    @Test
    @Order(1)
    void aToolCallThroughTheRelayWorksAndTheRelaySeesOnlyTheHandshakeAndSealedBoxes() throws Exception {
        String secret = secret();
        assertEquals(secret, echoed(call(secret)));
        List<String> log = relay.log();
        for (String op : List.of("node/session_open", "node/session_finish", "node/sealed")) {
            assertTrue(log.stream().anyMatch(line -> line.contains("\"" + c.nodeId() + ":" + op + "\"")),
                    () -> "the relay forwarded no " + op + ": " + log);
        }
        assertEquals(1.0, sessions(a).getOrDefault("handshake_started", 0.0), () -> "A shook hands once: "
                + metrics(a).lines().filter(l -> l.contains("session") || l.contains("calls")).toList());
        assertEquals(1.0, sessions(c).getOrDefault("handshake_answered", 0.0), "C answered one handshake");
    }

    @Test
    @Order(2)
    void fiveMoreCallsShakeNoMoreHands() throws Exception {
        double sent = sessions(a).getOrDefault("sealed_sent", 0.0);
        for (int i = 0; i < 5; i++) {
            String secret = secret();
            assertEquals(secret, echoed(call(secret)));
        }
        Map<String, Double> events = sessions(a);
        assertEquals(1.0, events.getOrDefault("handshake_started", 0.0), "still one handshake: " + events);
        assertTrue(events.getOrDefault("sealed_sent", 0.0) >= sent + 5, "five more sealed requests: " + events);
    }

    @Test
    @Order(3)
    void aTamperedRequestIsRefusedBeforeTheAgentAndTheSessionGoesOn() throws Exception {
        double rejected = sessions(c).getOrDefault("rejected", 0.0);
        double calls = echoCalls(c);
        relay.mode(LoggingRelay.Mode.TAMPER_REQUESTS);
        JsonObject answer = call(secret());
        assertEquals(REJECTED, errorCode(answer), answer.toString());
        assertTrue(relay.tampered() >= 1);
        Eventually.until(WAIT, "C counts the box that failed to open",
                () -> sessions(c).getOrDefault("rejected", 0.0) >= rejected + 1);
        assertEquals(calls, echoCalls(c), "C's agent was not called");

        assertTheSessionGoesOn();
    }

    @Test
    @Order(4)
    void aTamperedResponseIsRefusedByTheOriginAndTheSessionGoesOn() throws Exception {
        double rejected = sessions(a).getOrDefault("rejected", 0.0);
        relay.mode(LoggingRelay.Mode.TAMPER_RESPONSES);
        JsonObject answer = call(secret());
        assertEquals(REJECTED, errorCode(answer), answer.toString());
        assertEquals(rejected + 1, sessions(a).getOrDefault("rejected", 0.0), "A counts the box that failed to open");

        assertTheSessionGoesOn();
    }

    @Test
    @Order(5)
    void aSealedRequestSentAgainByTheRelayIsRefusedAndNotServedTwice() throws Exception {
        String secret = secret();
        assertEquals(secret, echoed(call(secret)));
        Map<String, Double> before = sessions(c);
        double calls = echoCalls(c);

        JsonObject answer = relay.replayLastSealed();
        assertEquals(REJECTED, errorCode(answer), answer.toString());
        Eventually.until(WAIT, "C counts the replayed box",
                () -> sessions(c).getOrDefault("rejected", 0.0) >= before.getOrDefault("rejected", 0.0) + 1);
        assertEquals(before.getOrDefault("sealed_served", 0.0), sessions(c).getOrDefault("sealed_served", 0.0),
                "C served no sealed request more");
        assertEquals(calls, echoCalls(c), "C's agent was not called again");

        String next = secret();
        assertEquals(next, echoed(call(next)));
    }

    @Test
    @Order(6)
    void aRequestTheRelayDropsRunsOutOfTimeAndTheSessionGoesOn() throws Exception {
        relay.mode(LoggingRelay.Mode.DROP);
        JsonObject answer = call(secret());
        assertEquals(-32062, errorCode(answer), answer.toString());

        assertTheSessionGoesOn();
    }

    @Test
    @Order(7)
    void theDestinationSeesTheOriginAsTheCaller() throws Exception {
        HttpResponse<String> tools = mcp.post(path, request(++ids, "tools/list", "{}"), inSession(mcpSession));
        assumeTrue(tools.body().contains("\"whoami\""), "echo has no whoami tool on this build");
        HttpResponse<String> r = mcp.post(path, request(++ids, "tools/call", "{\"name\":\"whoami\",\"arguments\":{}}"),
                inSession(mcpSession));
        assertEquals(200, r.statusCode(), r.body());
        assertTrue(r.body().contains(a.nodeId()), () -> "C sees A as the caller: " + r.body());
        assertFalse(r.body().contains(relay.nodeId().value()), () -> "C does not see the relay: " + r.body());
    }

    /** A fresh tool argument to look for in the relay's log. */
    private static String secret() {
        byte[] bytes = new byte[8];
        new SecureRandom().nextBytes(bytes);
        String secret = "sealed-secret-" + HexFormat.of().formatHex(bytes);
        secrets.add(secret);
        return secret;
    }

    /** Calls C's echo through A's MCP endpoint with {@code text}; the JSON-RPC response. */
    private static JsonObject call(String text) throws Exception {
        HttpResponse<String> r = mcp.post(path, request(++ids, "tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}"), inSession(mcpSession));
        assertEquals(200, r.statusCode(), r.body());
        return json(r.body());
    }

    private static String echoed(JsonObject response) {
        assertTrue(response.containsKey("result"), response::toString);
        return response.getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
    }

    private static int errorCode(JsonObject response) {
        assertTrue(response.containsKey("error"), response::toString);
        return response.getJsonObject("error").getInt("code");
    }

    private static Map<String, Double> sessions(LibertyNode node) {
        return NodeMetrics.byLabel(metrics(node), SESSIONS, "event");
    }

    private static double echoCalls(LibertyNode node) {
        return NodeMetrics.byLabel(metrics(node), "agentmesh_calls_total", "agent").getOrDefault("echo", 0.0);
    }

    private static String metrics(LibertyNode node) {
        return NodeMetrics.scrape(node.httpsUrl(), node.adminPassword(), WAIT);
    }

    /** {@code node/list_routes} of {@code node}, through its REST API; empty when it does not answer. */
    private static String routesOf(LibertyNode node) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/api/v1/call"))
                    .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"local\",\"method\":\"list_routes\"}")).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return "";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "";
        }
    }

    /** With the relay forwarding again, a call works on the same session: nothing the relay did ended it. */
    private void assertTheSessionGoesOn() throws Exception {
        relay.mode(LoggingRelay.Mode.FORWARD);
        String secret = secret();
        assertEquals(secret, echoed(call(secret)));
        assertEquals(1.0, sessions(a).getOrDefault("handshake_started", 0.0), "the same session");
    }
}
