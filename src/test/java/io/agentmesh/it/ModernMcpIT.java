package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * MCP 2026-07-28 beside 2025-11-25 on the {@code /mcp} URLs of real nodes, in raw HTTP: three Liberty servers
 * B – A – C (B and C bootstrap from A; {@code mesh.discovery.auto-dial=false}: B reaches C through A), of
 * which B and C host the sample agents and A none. A modern {@code tools/call} at {@code /mcp/echo} of B, at
 * {@code /mcp/{C}/echo} of B (two hops away), every error the 2026-07-28 versioning and transport pages
 * name, a legacy session on the same URLs, and {@code /mcp/*}{@code /echo} of A balanced over B and C and
 * still answering every call while C stops; the official TypeScript client in both eras at those paths. Ports: {@code mesh.it.node.base-port} + 200..202.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ModernMcpIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    private static final String MODERN = "2026-07-28";
    private static final java.nio.file.Path MCP_CLIENT = java.nio.file.Path.of(System.getProperty("user.dir"),
            "src/test/mcp-client");
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();   // no h2c upgrade: Liberty may answer it with GOAWAY under load

    private static LibertyNode a;
    private static LibertyNode b;
    private static LibertyNode c;

    @BeforeAll
    static void setUp() {
        Map<String, String> envA = env(null);
        envA.put("MESH_SAMPLES_ENABLED", "false");
        a = LibertyNode.create("it-modern-a", LibertyNode.basePort() + 200, envA);
        b = LibertyNode.create("it-modern-b", LibertyNode.basePort() + 201, env(a.meshUrl()));
        c = LibertyNode.create("it-modern-c", LibertyNode.basePort() + 202, env(a.meshUrl()));
        LibertyNode.startAll(a, b, c);
        Eventually.until(WAIT, () -> a.replicasOf("echo"), Set.of(b.nodeId(), c.nodeId())::equals,
                seen -> "A did not list echo on B and C within " + WAIT + "; last " + seen + "\n" + a.messagesLog());
    }

    @AfterAll
    static void tearDown() {
        LibertyNode.stopAll(a, b, c);
    }

    private static Map<String, String> env(String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_REGISTRY_ROUND_INTERVAL", "300ms");
        env.put("MESH_DISCOVERY_AUTO_DIAL", "false");
        env.put("MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms");
        env.put("MESH_BOOTSTRAP_BACKOFF_MAX", "2s");
        env.put("MESH_ROUTE_FORWARD_TIMEOUT", FORWARD_TIMEOUT.toMillis() + "ms");
        if (bootstrap != null) {
            env.put("MESH_BOOTSTRAP", bootstrap);
        }
        return env;
    }

    // ---------------------------------------------------------------- requests

    private static String meta() {
        return "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
                + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"ModernMcpIT\",\"version\":\"1\"},"
                + "\"io.modelcontextprotocol/clientCapabilities\":{}}";
    }

    private static String body(Object id, String method, String members) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":{" + meta()
                + (members.isEmpty() ? "" : "," + members) + "}}";
    }

    private static String echoCall(Object id, String text) {
        return body(id, "tools/call", "\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}");
    }

    /** The headers a conforming modern client sends for {@code method} (and {@code name}, if any). */
    private static Map<String, String> headers(String method, String name) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("MCP-Protocol-Version", MODERN);
        h.put("Mcp-Method", method);
        if (name != null) {
            h.put("Mcp-Name", name);
        }
        return h;
    }

    private static HttpResponse<String> post(LibertyNode node, String path, String body, Map<String, String> headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder r = HttpRequest.newBuilder(URI.create(node.httpUrl() + "/mcp" + path))
                .timeout(FORWARD_TIMEOUT.multipliedBy(4))
                .header("Accept", "application/json, text/event-stream").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(r::header);
        return HTTP.send(r.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static JsonObject json(HttpResponse<String> r) {
        return Json.createReader(new StringReader(r.body())).readObject();
    }

    private static String text(HttpResponse<String> r) {
        return json(r).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text");
    }

    private static void assertError(HttpResponse<String> r, int status, int code, JsonValue id) {
        assertEquals(status, r.statusCode(), r.body());
        JsonObject body = json(r);
        assertEquals(code, body.getJsonObject("error").getInt("code"), r.body());
        assertEquals(id, body.get("id"), "the error carries the request's id: " + r.body());
    }

    // ---------------------------------------------------------------- tests

    @Test
    @Order(1)
    void aModernToolCallAtTheAgentsPathNeedsNoSession() throws Exception {
        HttpResponse<String> r = post(b, "/echo", echoCall(1, "at B"), headers("tools/call", "echo"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("at B", text(r));
        JsonObject result = json(r).getJsonObject("result");
        assertEquals("complete", result.getString("resultType"));
        assertEquals("echo", result.getJsonObject("_meta").getJsonObject("io.modelcontextprotocol/serverInfo")
                .getString("name"));
        assertTrue(r.headers().firstValue("Mcp-Session-Id").isEmpty(), "no session minted");
    }

    @Test
    @Order(2)
    void aModernToolCallTwoHopsAway() throws Exception {
        HttpResponse<String> r = post(b, "/" + c.nodeId() + "/echo", echoCall("\"c\"", "at C"),
                headers("tools/call", "echo"));
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("at C", text(r));
        HttpResponse<String> discover = post(b, "/" + c.nodeId() + "/echo", body(2, "server/discover", ""),
                headers("server/discover", null));
        JsonObject result = json(discover).getJsonObject("result");
        assertEquals(List.of(MODERN, "2025-11-25", "2025-06-18"),
                result.getJsonArray("supportedVersions").getValuesAs(JsonString::getString));
        assertEquals("public", result.getString("cacheScope"));
    }

    @Test
    @Order(3)
    void everyErrorOfTheVersioningAndTransportPages() throws Exception {
        String path = "/" + c.nodeId() + "/echo";
        String call = echoCall(7, "x");
        JsonValue seven = Json.createValue(7);
        Map<String, String> noVersion = headers("tools/call", "echo");
        noVersion.remove("MCP-Protocol-Version");
        assertError(post(b, path, call, noVersion), 400, -32020, seven);
        Map<String, String> otherVersion = headers("tools/call", "echo");
        otherVersion.put("MCP-Protocol-Version", "2025-11-25");
        assertError(post(b, path, call, otherVersion), 400, -32020, seven);
        Map<String, String> noMethod = headers("tools/call", "echo");
        noMethod.remove("Mcp-Method");
        assertError(post(b, path, call, noMethod), 400, -32020, seven);
        assertError(post(b, path, call, headers("tools/list", "echo")), 400, -32020, seven);
        assertError(post(b, path, call, headers("tools/call", null)), 400, -32020, seven);
        assertError(post(b, path, call, headers("tools/call", "echo_blob")), 400, -32020, seven);
        assertEquals(200, post(b, path, call, headers("tools/call", "=?base64?ZWNobw==?=")).statusCode(), "base64 name");

        String old = call.replace(MODERN, "1900-01-01");
        Map<String, String> oldHeaders = headers("tools/call", "echo");
        oldHeaders.put("MCP-Protocol-Version", "1900-01-01");
        HttpResponse<String> unsupported = post(b, path, old, oldHeaders);
        assertError(unsupported, 400, -32022, seven);
        JsonObject data = json(unsupported).getJsonObject("error").getJsonObject("data");
        assertEquals("1900-01-01", data.getString("requested"));
        assertTrue(data.getJsonArray("supported").contains(Json.createValue(MODERN)));

        assertError(post(b, path, body(8, "no/such_method", ""), headers("no/such_method", null)), 404, -32601,
                Json.createValue(8));
        assertError(post(b, path, body(9, "ping", ""), headers("ping", null)), 404, -32601, Json.createValue(9));
        assertError(post(b, path, body(10, "resources/read", "\"uri\":\"echo://none\""),
                headers("resources/read", "echo://none")), 200, -32602, Json.createValue(10));

        for (String method : List.of("GET", "DELETE")) {
            HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(b.httpUrl() + "/mcp" + path))
                    .timeout(Duration.ofSeconds(30)).header("Accept", "text/event-stream")
                    .header("MCP-Protocol-Version", MODERN).method(method, HttpRequest.BodyPublishers.noBody()).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(405, r.statusCode(), method + ": " + r.body());
        }
        Map<String, String> evil = headers("tools/call", "echo");
        evil.put("Origin", "http://evil.example");
        assertEquals(403, post(b, path, call, evil).statusCode(), "Security & Endpoint: a bad Origin");
    }

    @Test
    @Order(4)
    void aLegacySessionKeepsWorkingOnTheSameUrls() throws Exception {
        for (LibertyNode entry : List.of(b, a)) {
            String path = entry == b ? "/" + c.nodeId() + "/echo" : "/*/echo";
            HttpResponse<String> init = post(entry, path, "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                    + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"legacy\","
                    + "\"version\":\"1\"}}}", Map.of());
            assertEquals(200, init.statusCode(), init.body());
            String session = init.headers().firstValue("Mcp-Session-Id").orElse(null);
            assertNotNull(session, path);
            HttpResponse<String> call = post(entry, path, "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                    + "{\"name\":\"echo\",\"arguments\":{\"text\":\"legacy\"}}}",
                    Map.of("Mcp-Session-Id", session, "MCP-Protocol-Version", "2025-11-25"));
            assertEquals(200, call.statusCode(), call.body());
            assertEquals("legacy", text(call));
            assertFalse(json(call).getJsonObject("result").containsKey("resultType"), "answered as 2025-11-25");
        }
    }

    /**
     * The official TypeScript client ({@code @modelcontextprotocol/client} 2.4.0, src/test/mcp-client), its era
     * pinned, against each kind of path: tools/list and a tools/call of {@code echo}.
     */
    @Test
    @Order(5)
    void theOfficialTypeScriptClientInBothEras() throws Exception {
        Assumptions.assumeTrue(Files.isDirectory(MCP_CLIENT.resolve("node_modules/@modelcontextprotocol/client")),
                "npm did not install src/test/mcp-client (no npm on this machine)");
        List<String> urls = List.of(b.httpUrl() + "/mcp/echo", b.httpUrl() + "/mcp/" + c.nodeId() + "/echo",
                a.httpUrl() + "/mcp/*/echo");
        for (String url : urls) {
            for (String era : List.of("modern", "legacy")) {
                String text = era + " at " + url;
                ProcessBuilder pb = new ProcessBuilder("node", "mcp-client.mjs", url, era, text)
                        .directory(MCP_CLIENT.toFile()).redirectErrorStream(true);
                Process p = pb.start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                assertTrue(p.waitFor(2, TimeUnit.MINUTES), "the client ends: " + url + " " + era);
                assertEquals(0, p.exitValue(), era + " client at " + url + ": " + out);
                JsonObject line = Json.createReader(new StringReader(out.strip().lines().reduce((x, y) -> y).orElse("{}")))
                        .readObject();
                assertEquals(text, line.getString("text"), out);
                assertEquals(era.equals("modern") ? MODERN : "2025-11-25", line.getString("version"), out);
                assertTrue(line.getJsonArray("tools").contains(Json.createValue("echo")), out);
            }
        }
    }

    @Test
    @Order(6)
    void theAnyReplicaPathAnswersEveryCallWhileAReplicaStops() throws Exception {
        AtomicBoolean stopNow = new AtomicBoolean();
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        Future<?> stopped = stopper.submit(() -> {
            sleep(1500);
            c.stop();
            sleep(2000);
            stopNow.set(true);
        });
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<List<String>>> parts = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            parts.add(clients.submit(() -> {
                List<String> failures = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < 5_000 && !stopNow.get(); i = next.getAndIncrement()) {
                    String want = "any " + i;
                    long start = System.nanoTime();
                    try {
                        HttpResponse<String> r = post(a, "/*/echo", echoCall(i, want), headers("tools/call", "echo"));
                        if (r.statusCode() != 200 || !r.body().contains("\"text\":\"" + want + "\"")) {
                            failures.add(r.statusCode() + " " + r.body());
                        }
                    } catch (java.net.http.HttpTimeoutException e) {
                        failures.add("no answer within " + (System.nanoTime() - start) / 1_000_000 + " ms to call " + i);
                    }
                }
                return failures;
            }));
        }
        List<String> failures = new ArrayList<>();
        for (Future<List<String>> part : parts) {
            failures.addAll(part.get(5, TimeUnit.MINUTES));
        }
        stopped.get(2, TimeUnit.MINUTES);
        clients.shutdown();
        stopper.shutdown();
        System.out.printf("ModernMcpIT: %d modern calls to /mcp/*/echo while C stopped, %d failed%n", next.get(),
                failures.size());
        assertTrue(next.get() >= 20, "load ran: " + next.get() + " calls");
        assertEquals(List.of(), failures, "every call answered by a replica still running");
        HttpResponse<String> after = post(a, "/*/echo", echoCall(1, "after"), headers("tools/call", "echo"));
        assertEquals("after", text(after));
    }

    // ---------------------------------------------------------------- reading the nodes

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
