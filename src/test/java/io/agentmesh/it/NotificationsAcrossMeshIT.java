package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.ChainMesh;
import io.agentmesh.testsupport.Eventually;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Notifications across the chain of three real nodes (docs/protocol.md, "Request-scoped notifications and
 * long-lived requests"): a client of node 1 at {@code /mcp/{node 3}/notes} hears of a resource update on
 * node 3 on its GET stream after {@code resources/subscribe} (MCP 2025-11-25) and on the stream of its
 * {@code subscriptions/listen} (2026-07-28), which outlives the forwarding deadline; and gets the notes
 * agent's log messages at the level it set, none without one.
 */
class NotificationsAcrossMeshIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final String ACCEPT_BOTH = "application/json, text/event-stream";

    private static ChainMesh chain;
    private static String path;

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();   // no h2c upgrade: Liberty may answer it with GOAWAY under load
    private final List<InputStream> streams = new CopyOnWriteArrayList<>();
    private String session;

    @BeforeAll
    static void chain() {
        chain = ChainMesh.get();
        assertTrue(chain.awaitRoute(1, 3, 2, WAIT), "node 1 learns a 2-hop route to node 3");
        path = "/mcp/" + chain.nodeId(3) + "/notes";
    }

    @AfterEach
    void closeStreams() throws IOException {
        for (InputStream s : streams) {
            s.close();
        }
    }

    private HttpRequest.Builder request() {
        var b = HttpRequest.newBuilder(URI.create(chain.node(1).httpUrl() + path));
        if (session != null) {
            b.header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
        }
        return b;
    }

    private HttpResponse<String> post(String body) throws Exception {
        return http.send(request().timeout(Duration.ofSeconds(60)).header("Accept", ACCEPT_BOTH)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** Opens a stream (a GET, or a POST answered as SSE) whose lines are collected as they come. */
    private List<String> stream(HttpRequest request) throws Exception {
        HttpResponse<InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, response.statusCode());
        assertTrue(response.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"));
        InputStream body = response.body();
        streams.add(body);
        List<String> lines = new CopyOnWriteArrayList<>();
        Thread reader = new Thread(() -> {
            try (Stream<String> all = new java.io.BufferedReader(new java.io.InputStreamReader(body,
                    StandardCharsets.UTF_8)).lines()) {
                all.forEach(lines::add);
            } catch (RuntimeException e) {
                // the stream closed
            }
        }, "sse-reader");
        reader.setDaemon(true);
        reader.start();
        return lines;
    }

    private static boolean has(List<String> lines, String... parts) {
        return lines.stream().anyMatch(l -> Stream.of(parts).allMatch(l::contains));
    }

    private void initialize() throws Exception {
        HttpResponse<String> init = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"it\",\"version\":\"1\"}}}");
        assertEquals(200, init.statusCode(), init.body());
        assertTrue(init.body().contains("\"logging\":{}"), "the logging capability: " + init.body());
        session = init.headers().firstValue("Mcp-Session-Id").orElseThrow();
        assertEquals(202, post("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}").statusCode());
    }

    /** A stateless 2026-07-28 request: no session; the version, method and name in the headers. */
    private HttpRequest.Builder modernRequest(String method, String name) {
        var b = HttpRequest.newBuilder(URI.create(chain.node(1).httpUrl() + path)).timeout(Duration.ofSeconds(60))
                .header("Accept", ACCEPT_BOTH).header("Content-Type", "application/json")
                .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", method);
        return name == null ? b : b.header("Mcp-Name", name);
    }

    private HttpResponse<String> addNoteModern(Object id, String meta) throws Exception {
        return http.send(modernRequest("tools/call", "add_note").POST(HttpRequest.BodyPublishers.ofString(
                "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"add_note\","
                + "\"arguments\":{\"title\":\"t\",\"text\":\"across the mesh\"}" + meta + "}}")).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> addNote(Object id, String meta) throws Exception {
        return post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\",\"params\":{\"name\":\"add_note\","
                + "\"arguments\":{\"title\":\"t\",\"text\":\"across the mesh\"}" + meta + "}}");
    }

    @Test
    void aLegacyClientHearsOfAnUpdateOnNodeThreeOnItsGetStreamAndGetsLogsAtTheLevelItSet() throws Exception {
        initialize();
        List<String> get = stream(request().header("Accept", "text/event-stream").GET().build());
        HttpResponse<String> subscribe = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"notes://all\"}}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", subscribe.body());

        HttpResponse<String> quiet = addNote(3, "");
        assertFalse(quiet.body().contains("notifications/message"), "no level set, no log messages: " + quiet.body());
        assertTrue(Eventually.within(WAIT, () -> has(get, "notifications/resources/updated", "notes://all")),
                "the update from node 3 on the GET stream: " + get);

        HttpResponse<String> set = post("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"logging/setLevel\","
                + "\"params\":{\"level\":\"info\"}}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":4,\"result\":{}}", set.body());
        HttpResponse<String> logged = addNote(5, "");
        assertTrue(logged.body().contains("\"method\":\"notifications/message\",\"params\":{\"level\":\"info\","
                + "\"data\":\"added note"), logged.body());
        assertFalse(logged.body().contains("characters"), "debug is below the level set: " + logged.body());
    }

    @Test
    void aModernListenOutlivesTheForwardingDeadlineAndGetsTheUpdateUnderItsOwnId() throws Exception {
        List<String> listen = stream(modernRequest("subscriptions/listen", null)
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":\"L1\","
                        + "\"method\":\"subscriptions/listen\",\"params\":{\"_meta\":{"
                        + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                        + "\"io.modelcontextprotocol/clientCapabilities\":{}},"
                        + "\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]}}}")).build());
        assertTrue(Eventually.within(WAIT, () -> has(listen, "notifications/subscriptions/acknowledged",
                "\"resourceSubscriptions\":[\"notes://all\"]", "\"io.modelcontextprotocol/subscriptionId\":\"L1\"")),
                "acknowledged first: " + listen);

        // let the deadline of every forwarding node pass: a long-lived request has none
        Thread.sleep(ChainMesh.FORWARD_TIMEOUT.plusSeconds(3).toMillis());
        assertFalse(has(listen, "\"error\""), "not cut: " + listen);

        String modern = ",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{}";
        HttpResponse<String> logged = addNoteModern(2, modern + ",\"io.modelcontextprotocol/logLevel\":\"debug\"}");
        assertTrue(logged.body().contains("\"level\":\"info\"") && logged.body().contains("\"level\":\"debug\""),
                logged.body());
        HttpResponse<String> quiet = addNoteModern(3, modern + "}");
        assertFalse(quiet.body().contains("notifications/message"), "no level, no log messages: " + quiet.body());
        assertTrue(Eventually.within(WAIT, () -> has(listen, "notifications/resources/updated", "notes://all",
                "\"io.modelcontextprotocol/subscriptionId\":\"L1\"")), "the update under the client's id: " + listen);
        assertFalse(has(listen, "notifications/message"), "log messages are request-scoped, never on a listen");
    }
}
