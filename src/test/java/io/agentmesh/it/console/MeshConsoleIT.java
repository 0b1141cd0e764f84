package io.agentmesh.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LibertyNode;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A 3-node mesh on real Liberty servers, seen and steered through the build node's admin API: every node
 * and its agents, the topology, a tool call on another node, closing and dialing a link, blocking and
 * allowing a node; and the node's metrics scraped from {@code /metrics}.
 */
class MeshConsoleIT {

    private static final int HTTP_PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final int HTTPS_PORT = Integer.getInteger("mesh.it.https.port", 9443);
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));
    private static final Duration PATIENCE = Duration.ofSeconds(120);

    private static LibertyNode second;
    private static LibertyNode third;
    private static AdminApi api;
    private static String self;

    @BeforeAll
    static void startTwoMoreNodes() throws Exception {
        String bootstrap = "ws://127.0.0.1:" + HTTP_PORT + "/mesh";
        second = LibertyNode.create("it-console-2", LibertyNode.basePort() + 10, Map.of("MESH_BOOTSTRAP", bootstrap));
        third = LibertyNode.create("it-console-3", LibertyNode.basePort() + 11, Map.of("MESH_BOOTSTRAP", bootstrap));
        LibertyNode.startAll(second, third);
        api = new AdminApi(HTTPS_PORT);
        self = Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim();
    }

    @AfterAll
    static void stopThem() {
        LibertyNode.stopAll(second, third);
    }

    private static Set<String> upNodes(AdminApi.Answer mesh) {
        if (mesh.status() != 200) {
            return Set.of();
        }
        return mesh.json().asJsonObject().getJsonArray("nodes").getValuesAs(JsonObject.class).stream()
                .filter(n -> n.getString("health").equals("UP")).map(n -> n.getString("nodeId"))
                .collect(Collectors.toSet());
    }

    @Test
    void theMeshWithItsAgentsAndTopology() {
        Set<String> all = Set.of(self, second.nodeId(), third.nodeId());
        Set<String> links = Set.of(pair(self, second.nodeId()), pair(self, third.nodeId()));
        // health and links settle apart: a link may be replaced meanwhile (duplicate links, 4005)
        AdminApi.Answer mesh = api.await("/api/v1/admin/mesh",
                a -> upNodes(a).equals(all) && edges(a).containsAll(links), PATIENCE);
        assertEquals(all, upNodes(mesh), mesh.body());
        JsonObject view = mesh.json().asJsonObject();
        assertEquals(self, view.getString("self"));
        for (JsonObject node : view.getJsonArray("nodes").getValuesAs(JsonObject.class)) {
            if (!all.contains(node.getString("nodeId"))) {
                continue; // nodes of other tests that this node remembers as peers
            }
            List<String> agents = node.getJsonArray("agents").getValuesAs(JsonObject.class).stream()
                    .map(a -> a.getString("id")).toList();
            // the build's node also serves the bridged agents configured for BridgeIT
            assertTrue(agents.containsAll(List.of("calculator", "echo", "notes")), node.toString());
        }
        Set<String> edges = edges(mesh);
        assertTrue(edges.containsAll(links), edges::toString);

        AdminApi.Answer agents = api.get("/api/v1/admin/agents?node=" + third.nodeId());
        assertEquals(200, agents.status(), agents.body());
        JsonObject echo = agents.json().asJsonArray().getValuesAs(JsonObject.class).stream()
                .filter(a -> a.getString("id").equals("echo")).findFirst().orElseThrow();
        JsonObject tool = echo.getJsonArray("tools").getJsonObject(0);
        assertEquals("object", tool.getJsonObject("inputSchema").getString("type"), "input schemas for the call form");
    }

    @Test
    void callAToolOnAnotherNode() {
        api.await("/api/v1/admin/mesh", a -> upNodes(a).contains(second.nodeId()), PATIENCE);
        AdminApi.Answer call = api.post("/api/v1/admin/call", "{\"node\":\"" + second.nodeId()
                + "\",\"agent\":\"echo\",\"tool\":\"echo\",\"arguments\":{\"text\":\"across the mesh\"}}");
        assertEquals(200, call.status(), call.body());
        JsonObject result = call.json().asJsonObject();
        assertEquals(second.nodeId() + ":echo/tools/call", result.getString("address"));
        assertEquals("across the mesh", result.getJsonObject("result").getJsonArray("content").getJsonObject(0)
                .getString("text"));

        AdminApi.Answer missing = api.post("/api/v1/admin/call",
                "{\"agent\":\"nobody\",\"tool\":\"x\",\"arguments\":{}}");
        assertEquals(-32061, missing.json().asJsonObject().getJsonObject("error").getInt("code"), missing.body());
        assertEquals(400, api.post("/api/v1/admin/call", "{\"node\":\"bad\",\"agent\":\"echo\",\"tool\":\"echo\"}").status());

        AdminApi.Answer traffic = api.get("/api/v1/admin/traffic");
        assertTrue(traffic.json().asJsonObject().getJsonArray("links").size() >= 1, traffic.body());
        assertTrue(traffic.json().asJsonObject().getJsonArray("recentErrors").getValuesAs(JsonObject.class).stream()
                .anyMatch(e -> e.getInt("code") == -32061), traffic.body());
    }

    @Test
    void closeDialBlockAndAllow() {
        String peer = third.nodeId();
        AdminApi.Answer links = api.await("/api/v1/admin/links", a -> a.body().contains(peer), PATIENCE);
        JsonObject link = links.json().asJsonArray().getValuesAs(JsonObject.class).stream()
                .filter(l -> l.getString("peer").equals(peer)).findFirst().orElseThrow();
        assertEquals("in", link.getString("direction"), "the third node dialed this one");
        assertTrue(link.getBoolean("binaryBoxes"), "two nodes of this build carry sealed boxes in binary");
        assertEquals(200, api.delete("/api/v1/admin/links/" + link.getString("id")).status());
        assertEquals(404, api.delete("/api/v1/admin/links/" + link.getString("id")).status());

        AdminApi.Answer dialed = api.post("/api/v1/admin/links", "{\"url\":\"" + third.meshUrl() + "\",\"nodeId\":\"" + peer + "\"}");
        if (dialed.status() == 200) {
            assertEquals("out", dialed.json().asJsonObject().getString("direction"));
        } else {
            // the third node redialed its bootstrap entry at the same time: one of the two links is the
            // duplicate of wire-v1 §5.6 and closes with 4005
            assertEquals(502, dialed.status(), dialed.body());
            assertTrue(dialed.body().contains("4005"), dialed.body());
        }
        assertTrue(api.await("/api/v1/admin/links", a -> a.body().contains(peer), PATIENCE).body().contains(peer),
                "linked to the third node again");
        assertEquals(400, api.post("/api/v1/admin/links", "{\"url\":\"http://127.0.0.1:1/\"}").status());

        AdminApi.Answer blocked = api.post("/api/v1/admin/trust/block", "{\"nodeId\":\"" + peer + "\"}");
        assertEquals(200, blocked.status(), blocked.body());
        assertEquals(List.of(peer), strings(blocked.json().asJsonObject().getJsonArray("blocked")));
        AdminApi.Answer after = api.await("/api/v1/admin/links", a -> !a.body().contains(peer), PATIENCE);
        assertTrue(!after.body().contains(peer), "a blocked node's links close: " + after.body());
        AdminApi.Answer allowed = api.post("/api/v1/admin/trust/allow", "{\"nodeId\":\"" + peer + "\"}");
        assertEquals(List.of(), strings(allowed.json().asJsonObject().getJsonArray("blocked")));
        assertEquals(200, api.delete("/api/v1/admin/trust/" + peer).status());
        assertEquals("open", api.get("/api/v1/admin/trust").json().asJsonObject().getString("mode"));
    }

    @Test
    void theAdminApiNeedsTheAdministrator() {
        assertEquals(401, api.anonymous("/api/v1/admin/node").status());
        assertEquals(401, api.anonymous("/api/v1/admin/mesh").status());
        assertEquals(401, api.anonymous("/metrics").status());
    }

    @Test
    void aCrossSiteStateChangeIsRefusedAndASameOriginOneRuns() {
        String peer = second.nodeId();
        String block = "{\"nodeId\":\"" + peer + "\"}";
        String json = "application/json";
        AdminApi.Answer foreign = api.asBrowser("POST", "/api/v1/admin/trust/block", block, json,
                "Origin", "https://evil.example", "Sec-Fetch-Site", "cross-site");
        assertEquals(403, foreign.status(), foreign.body());
        assertTrue(foreign.body().contains("own origin"), foreign.body());
        assertEquals(403, api.asBrowser("PUT", "/api/v1/admin/trust/mode", "{\"mode\":\"allowlist\"}", json,
                "Sec-Fetch-Site", "cross-site").status());
        assertEquals(403, api.asBrowser("DELETE", "/api/v1/admin/links/none", null, null,
                "Origin", "http://127.0.0.1:" + HTTP_PORT).status());
        AdminApi.Answer form = api.asBrowser("POST", "/api/v1/admin/trust/block", "nodeId=" + peer,
                "application/x-www-form-urlencoded");
        assertEquals(415, form.status(), form.body());
        AdminApi.Answer trust = api.get("/api/v1/admin/trust");
        assertEquals(List.of(), strings(trust.json().asJsonObject().getJsonArray("blocked")), trust.body());
        assertEquals("open", trust.json().asJsonObject().getString("mode"));
        // the dashboard's own requests: its origin and same-origin fetches, JSON bodies
        AdminApi.Answer own = api.asBrowser("POST", "/api/v1/admin/call",
                "{\"agent\":\"echo\",\"tool\":\"echo\",\"arguments\":{\"text\":\"same\"}}", json,
                "Origin", api.base(), "Sec-Fetch-Site", "same-origin");
        assertEquals(200, own.status(), own.body());
        assertTrue(own.body().contains("same"), own.body());
    }

    @Test
    void metricsAreScrapedInPrometheusFormat() {
        api.post("/api/v1/admin/call", "{\"agent\":\"echo\",\"tool\":\"echo\",\"arguments\":{\"text\":\"m\"}}");
        api.await("/api/v1/admin/mesh", a -> upNodes(a).size() >= 2, PATIENCE);
        AdminApi.Answer metrics = api.get("/metrics?scope=application");
        assertEquals(200, metrics.status(), metrics.body());
        String text = metrics.body();
        assertTrue(value(text, "agentmesh_links_open\\{[^}]*\\}") >= 1, text);
        assertTrue(value(text, "agentmesh_links_handshakes_total\\{code=\"none\",[^}]*outcome=\"ok\"[^}]*\\}") >= 2, text);
        assertTrue(value(text, "agentmesh_links_messages_total\\{direction=\"in\"[^}]*\\}") >= 1, text);
        assertTrue(value(text, "agentmesh_links_bytes_total\\{direction=\"out\"[^}]*\\}") >= 1, text);
        assertTrue(value(text, "agentmesh_calls_total\\{agent=\"echo\"[^}]*outcome=\"ok\"[^}]*\\}") >= 1, text);
        assertTrue(value(text, "agentmesh_calls_duration_seconds_count\\{agent=\"echo\"[^}]*\\}") >= 1, text);
        assertTrue(text.contains("# TYPE agentmesh_calls_duration_seconds"), text);
        assertTrue(value(text, "agentmesh_requests_total\\{code=\"none\"[^}]*\\}") >= 1, text);
    }

    private static double value(String metrics, String nameAndLabels) {
        Matcher m = Pattern.compile("(?m)^" + nameAndLabels + " ([0-9.Ee+-]+)$").matcher(metrics);
        return m.find() ? Double.parseDouble(m.group(1)) : -1;
    }

    private static List<String> strings(JsonArray array) {
        return array.getValuesAs(JsonValue.class).stream().map(v -> ((JsonString) v).getString()).toList();
    }

    /** The topology's edges as {@code a-b} pairs (a before b). */
    private static Set<String> edges(AdminApi.Answer mesh) {
        if (mesh.status() != 200) {
            return Set.of();
        }
        return mesh.json().asJsonObject().getJsonArray("edges").getValuesAs(JsonObject.class).stream()
                .map(e -> e.getString("a") + "-" + e.getString("b")).collect(Collectors.toSet());
    }

    private static String pair(String a, String b) {
        return a.compareTo(b) < 0 ? a + "-" + b : b + "-" + a;
    }
}
