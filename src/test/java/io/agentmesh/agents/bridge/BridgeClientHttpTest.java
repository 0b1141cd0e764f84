package io.agentmesh.agents.bridge;

import static io.agentmesh.agents.bridge.ScriptedServer.event;
import static io.agentmesh.agents.bridge.ScriptedServer.json;
import static io.agentmesh.agents.bridge.ScriptedServer.result;
import static io.agentmesh.agents.bridge.ScriptedServer.sse;
import static io.agentmesh.agents.bridge.ScriptedServer.standard;
import static io.agentmesh.agents.bridge.ScriptedServer.status;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpExchange;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.Eventually;
import jakarta.json.JsonObject;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** {@link BridgeClient} over {@link StreamableHttpTransport} against a scripted HTTP server (MCP 2025-11-25 Streamable HTTP). */
class BridgeClientHttpTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<String> notifications = new CopyOnWriteArrayList<>();
    private final List<TransportException> lost = new CopyOnWriteArrayList<>();
    private final List<AutoCloseable> closing = new CopyOnWriteArrayList<>();

    @AfterEach
    void tearDown() throws Exception {
        for (AutoCloseable c : closing) {
            c.close();
        }
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private ScriptedServer server(ScriptedServer.Handler handler) {
        ScriptedServer server = new ScriptedServer(handler);
        closing.add(server);
        return server;
    }

    private BridgeClient client(BridgeSettings settings) {
        var transport = new StreamableHttpTransport(settings, StreamableHttpTransport.httpClient(settings, pool), timer);
        BridgeClient client = new BridgeClient(settings.id(), transport, settings.timeout(), timer, new ServerListener() {
            @Override
            public void notification(String method, JsonObject params) {
                notifications.add(method);
            }

            @Override
            public void lost(TransportException cause) {
                lost.add(cause);
            }
        });
        closing.add(0, client);
        return client;
    }

    private BridgeClient client(ScriptedServer server) {
        return client(BridgeSettings.http("t", server.url()).withBackoff(Duration.ofMillis(50), Duration.ofMillis(200)));
    }

    private static Throwable failure(CompletableFuture<?> f) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> f.get(10, TimeUnit.SECONDS));
        return e.getCause();
    }

    static void await(String what, BooleanSupplier condition) {
        Eventually.until(Duration.ofSeconds(10), what, condition::getAsBoolean);
    }

    @Test
    void initializeNegotiatesThenEveryRequestCarriesTheSessionAndVersion() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (!standard(r, ex)) {
                json(ex, 200, result(r.json(), "{\"tools\":[]}"));
            }
        });
        BridgeClient client = client(BridgeSettings.http("t", server.url())
                .withHeaders(Map.of("Authorization", "Bearer secret-token", "X-Tenant", "blue")));
        RemoteServer remote = client.connect().get(10, TimeUnit.SECONDS);
        assertEquals("2025-11-25", remote.protocolVersion());
        assertEquals("scripted", remote.name());
        assertTrue(remote.hasTools());
        JsonObject tools = client.request("tools/list", null).get(10, TimeUnit.SECONDS);
        assertEquals(0, tools.getJsonArray("tools").size());

        ScriptedServer.Recorded init = server.posts("initialize").get(0);
        assertFalse(init.header("Mcp-Session-Id").isPresent());
        assertEquals("2025-11-25", init.json().getJsonObject("params").getString("protocolVersion"));
        assertEquals(BridgeClient.CLIENT_NAME, init.json().getJsonObject("params").getJsonObject("clientInfo").getString("name"));
        for (ScriptedServer.Recorded r : List.of(server.posts("notifications/initialized").get(0), server.posts("tools/list").get(0))) {
            assertEquals(ScriptedServer.SESSION, r.header("Mcp-Session-Id").orElseThrow());
            assertEquals("2025-11-25", r.header("MCP-Protocol-Version").orElseThrow());
        }
        for (ScriptedServer.Recorded r : server.requests) {
            assertEquals("Bearer secret-token", r.header("Authorization").orElseThrow());
            assertEquals("blue", r.header("X-Tenant").orElseThrow());
            if (r.method().equals("POST")) {
                assertTrue(r.header("Accept").orElseThrow().contains("application/json"));
                assertTrue(r.header("Accept").orElseThrow().contains("text/event-stream"));
                assertEquals("application/json", r.header("Content-Type").orElseThrow());
            }
        }
        await("the GET stream attempt", () -> server.requests.stream().anyMatch(r -> r.method().equals("GET")));
        assertTrue(lost.isEmpty(), "405 on GET means no stream, not a lost server");
    }

    @Test
    void aReplyStreamCarriesProgressAndLogNotificationsBeforeTheResponse() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (standard(r, ex)) {
                return;
            }
            JsonObject request = r.json();
            String token = request.getJsonObject("params").getJsonObject("_meta").get("progressToken").toString();
            try (OutputStream out = sse(ex)) {
                event(out, ": a comment\n\n");
                event(out, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\",\"params\":"
                        + "{\"progressToken\":" + token + ",\"progress\":1,\"total\":2}}\n\n");
                event(out, "event: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/message\",\r\n"
                        + "data: \"params\":{\"level\":\"info\",\"data\":\"halfway\"}}\r\n\r\n");
                event(out, "data: " + result(request, "{\"content\":[{\"type\":\"text\",\"text\":\"done\"}]}") + "\n\n");
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        List<JsonObject> progress = new CopyOnWriteArrayList<>();
        List<String> logs = new CopyOnWriteArrayList<>();
        JsonObject result = client.request("tools/call", jakarta.json.Json.createObjectBuilder().add("name", "slow").build(),
                new RequestHooks(progress::add, (m, p) -> logs.add(m + " " + p.getString("data")))).get(10, TimeUnit.SECONDS);
        assertEquals("done", result.getJsonArray("content").getJsonObject(0).getString("text"));
        assertEquals(1, progress.size());
        assertEquals(2, progress.get(0).getInt("total"));
        assertEquals(List.of("notifications/message halfway"), logs);
        assertTrue(notifications.isEmpty(), "notifications of a request go to its hooks only");
    }

    @Test
    void requestsOfTheServerAreAnsweredPingWithAResultOthersWithMethodNotFound() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (standard(r, ex)) {
                return;
            }
            try (OutputStream out = sse(ex)) {
                event(out, "data: {\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"method\":\"ping\"}\n\n");
                event(out, "data: {\"jsonrpc\":\"2.0\",\"id\":\"s2\",\"method\":\"sampling/createMessage\",\"params\":{}}\n\n");
                event(out, "data: " + result(r.json(), "{}") + "\n\n");
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        client.request("ping", null).get(10, TimeUnit.SECONDS);
        await("both answers", () -> server.requests.stream().filter(r -> r.method().equals("POST"))
                .filter(r -> r.json().containsKey("result") || r.json().containsKey("error")).count() == 2);
        JsonObject pong = server.requests.stream().filter(r -> r.method().equals("POST")).map(ScriptedServer.Recorded::json)
                .filter(o -> o.get("id") != null && o.get("id").toString().equals("\"s1\"")).findFirst().orElseThrow();
        assertEquals(0, pong.getJsonObject("result").size());
        JsonObject refused = server.requests.stream().filter(r -> r.method().equals("POST")).map(ScriptedServer.Recorded::json)
                .filter(o -> o.get("id") != null && o.get("id").toString().equals("\"s2\"")).findFirst().orElseThrow();
        assertEquals(-32601, refused.getJsonObject("error").getInt("code"));
    }

    @Test
    void aSessionTheServerForgotIsReplacedAndTheRequestSentAgain() throws Exception {
        AtomicInteger sessions = new AtomicInteger();
        ScriptedServer server = server((r, ex) -> {
            if (r.isRequest("initialize")) {
                ex.getResponseHeaders().set("Mcp-Session-Id", "s-" + sessions.incrementAndGet());
                json(ex, 200, result(r.json(), ScriptedServer.initializeResult("2025-06-18")));
            } else if (r.isRequest("tools/list")) {
                if (r.header("Mcp-Session-Id").orElse("").equals("s-1")) {
                    json(ex, 404, "{\"jsonrpc\":\"2.0\",\"id\":null,\"error\":{\"code\":-32600,\"message\":\"session not found\"}}");
                } else {
                    json(ex, 200, result(r.json(), "{\"tools\":[{\"name\":\"x\",\"inputSchema\":{\"type\":\"object\"}}]}"));
                }
            } else {
                standard(r, ex);
            }
        });
        BridgeClient client = client(server);
        assertEquals("2025-06-18", client.connect().get(10, TimeUnit.SECONDS).protocolVersion());
        JsonObject tools = client.request("tools/list", null).get(10, TimeUnit.SECONDS);
        assertEquals("x", tools.getJsonArray("tools").getJsonObject(0).getString("name"));
        assertEquals(2, server.posts("initialize").size());
        List<ScriptedServer.Recorded> lists = server.posts("tools/list");
        assertEquals("s-2", lists.get(lists.size() - 1).header("Mcp-Session-Id").orElseThrow());
        assertEquals("2025-06-18", lists.get(lists.size() - 1).header("MCP-Protocol-Version").orElseThrow());
    }

    @Test
    void aReplyStreamThatEndsEarlyIsResumedWithLastEventId() throws Exception {
        CompletableFuture<JsonObject> call = new CompletableFuture<>();
        ScriptedServer server = server((r, ex) -> {
            if (r.method().equals("GET") && r.header("Last-Event-ID").isPresent()) {
                try (OutputStream out = sse(ex)) {
                    event(out, "id: e2\ndata: " + result(call.join(), "{\"ok\":true}") + "\n\n");
                }
            } else if (r.isRequest("tools/call")) {
                call.complete(r.json());
                try (OutputStream out = sse(ex)) {
                    event(out, "id: e1\ndata:\n\nretry: 20\n\n");
                }
            } else {
                standard(r, ex);
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        JsonObject result = client.request("tools/call", jakarta.json.Json.createObjectBuilder().add("name", "x").build())
                .get(10, TimeUnit.SECONDS);
        assertTrue(result.getBoolean("ok"));
        ScriptedServer.Recorded resume = server.requests.stream()
                .filter(r -> r.header("Last-Event-ID").isPresent()).findFirst().orElseThrow();
        assertEquals("e1", resume.header("Last-Event-ID").orElseThrow());
        assertEquals(ScriptedServer.SESSION, resume.header("Mcp-Session-Id").orElseThrow());
    }

    @Test
    void theNotificationStreamDeliversTheServersNotificationsAndIsReopened() throws Exception {
        AtomicInteger gets = new AtomicInteger();
        ScriptedServer server = server((r, ex) -> {
            if (r.method().equals("GET")) {
                int n = gets.incrementAndGet();
                try (OutputStream out = sse(ex)) {
                    event(out, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\"}\n\n");
                    if (n == 1) {
                        event(out, "data: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\",\"params\":{\"uri\":\"a:b\"}}\n\n");
                    }
                }
            } else {
                standard(r, ex);
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        await("two streams", () -> gets.get() >= 2 && notifications.size() >= 3);
        assertEquals(List.of("notifications/tools/list_changed", "notifications/resources/updated",
                "notifications/tools/list_changed"), List.copyOf(notifications).subList(0, 3),
                "the stream goes on reopening, so the test reads a snapshot");
        assertTrue(lost.isEmpty());
    }

    @Test
    void aNotificationStreamThatCannotBeReopenedLosesTheServer() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (r.method().equals("GET")) {
                status(ex, 500);
            } else {
                standard(r, ex);
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        await("the server lost", () -> !lost.isEmpty());
        assertTrue(lost.get(0).getMessage().contains("HTTP 500"), lost.get(0).getMessage());
        assertEquals(NotificationStream.MAX_FAILURES,
                server.requests.stream().filter(r -> r.method().equals("GET")).count());
    }

    @Test
    void httpErrorsAreReportedWithTheirStatusAndBody() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (r.isRequest("tools/list")) {
                json(ex, 500, "{\"error\":\"database on fire\"}");
            } else if (r.isRequest("prompts/list")) {
                status(ex, 401);
            } else {
                standard(r, ex);
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        TransportException e = assertInstanceOf(TransportException.class, failure(client.request("tools/list", null)));
        assertFalse(e.unreachable());
        assertTrue(e.getMessage().contains("HTTP 500") && e.getMessage().contains("database on fire"), e.getMessage());
        TransportException auth = assertInstanceOf(TransportException.class, failure(client.request("prompts/list", null)));
        assertTrue(auth.getMessage().contains("HTTP 401") && auth.getMessage().contains("mesh.bridge.t.headers"), auth.getMessage());
    }

    @Test
    void aServerThatIsNotThereIsUnreachable() throws Exception {
        int port;
        try (ServerSocket socket = new ServerSocket(0)) {
            port = socket.getLocalPort();
        }
        URI url = URI.create("http://127.0.0.1:" + port + "/mcp");
        BridgeClient client = client(BridgeSettings.http("t", url));
        TransportException e = assertInstanceOf(TransportException.class, failure(client.connect()));
        assertTrue(e.unreachable());
        assertTrue(e.getMessage().contains(url.toString()), e.getMessage());
        assertInstanceOf(TransportException.class, failure(client.request("ping", null)));
    }

    @Test
    void aRequestWithoutAnswerTimesOutAndIsCancelledAtTheServer() throws Exception {
        List<HttpExchange> held = new CopyOnWriteArrayList<>();
        ScriptedServer server = server((r, ex) -> {
            if (r.isRequest("tools/call")) {
                held.add(ex);
            } else {
                standard(r, ex);
            }
        });
        BridgeClient client = client(BridgeSettings.http("t", server.url()).withTimeout(Duration.ofMillis(300)));
        client.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<JsonObject> call = client.request("tools/call", jakarta.json.Json.createObjectBuilder().add("name", "x").build());
        RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failure(call));
        assertTrue(e.getMessage().contains("tools/call") && e.getMessage().contains("300 ms"), e.getMessage());
        await("the cancellation", () -> !server.posts("notifications/cancelled").isEmpty());
        JsonObject cancelled = server.posts("notifications/cancelled").get(0).json().getJsonObject("params");
        assertEquals(server.posts("tools/call").get(0).json().get("id"), cancelled.get("requestId"));
        assertEquals(0, client.pendingRequests());
        held.forEach(HttpExchange::close);
    }

    @Test
    void cancellingARequestCancelsItAtTheServer() throws Exception {
        List<HttpExchange> held = new CopyOnWriteArrayList<>();
        ScriptedServer server = server((r, ex) -> {
            if (r.isRequest("tools/call")) {
                held.add(ex);
            } else {
                standard(r, ex);
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        CompletableFuture<JsonObject> call = client.request("tools/call", jakarta.json.Json.createObjectBuilder().add("name", "x").build());
        await("the call to arrive", () -> !held.isEmpty());
        call.cancel(true);
        await("the cancellation", () -> !server.posts("notifications/cancelled").isEmpty());
        JsonObject params = server.posts("notifications/cancelled").get(0).json().getJsonObject("params");
        assertEquals(server.posts("tools/call").get(0).json().get("id"), params.get("requestId"));
        assertEquals("cancelled by the client", params.getString("reason"));
        held.forEach(HttpExchange::close);
    }

    @Test
    void aJsonRpcErrorOfTheServerPassesThroughUnchanged() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (!standard(r, ex)) {
                json(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + r.json().get("id")
                        + ",\"error\":{\"code\":-32602,\"message\":\"unknown tool: nope\",\"data\":{\"tool\":\"nope\"}}}");
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        JsonRpcException e = assertInstanceOf(JsonRpcException.class, failure(client.request("tools/call", null)));
        assertEquals(-32602, e.code());
        assertEquals("unknown tool: nope", e.getMessage());
        assertEquals("nope", ((JsonObject) e.error().data()).getString("tool"));
    }

    @Test
    void aServerOfAnotherProtocolVersionIsRefused() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (r.isRequest("initialize")) {
                json(ex, 200, result(r.json(), ScriptedServer.initializeResult("2024-11-05")));
            } else {
                standard(r, ex);
            }
        });
        TransportException e = assertInstanceOf(TransportException.class, failure(client(server).connect()));
        assertTrue(e.getMessage().contains("2024-11-05") && e.getMessage().contains("2025-11-25"), e.getMessage());
        assertTrue(server.posts("notifications/initialized").isEmpty());
    }

    @Test
    void aRequestAcceptedWithoutAResponseFails() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (!standard(r, ex)) {
                status(ex, 202);
            }
        });
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        TransportException e = assertInstanceOf(TransportException.class, failure(client.request("tools/list", null)));
        assertTrue(e.getMessage().contains("without a response"), e.getMessage());
    }

    @Test
    void aBodyOverTheLimitIsRefusedWithoutCountingTheServerDown() throws Exception {
        ScriptedServer server = server((r, ex) -> {
            if (!standard(r, ex)) {
                json(ex, 200, result(r.json(), "{\"pad\":\"" + "x".repeat(3000) + "\"}"));
            }
        });
        BridgeClient client = client(BridgeSettings.http("t", server.url()).withMaxMessageBytes(1024));
        client.connect().get(10, TimeUnit.SECONDS);
        TransportException e = assertInstanceOf(TransportException.class, failure(client.request("tools/list", null)));
        assertFalse(e.unreachable());
        assertTrue(e.getMessage().contains("1024"), e.getMessage());
    }

    @Test
    void closingEndsTheSessionWithDelete() throws Exception {
        ScriptedServer server = server((r, ex) -> standard(r, ex));
        BridgeClient client = client(server);
        client.connect().get(10, TimeUnit.SECONDS);
        client.close();
        ScriptedServer.Recorded delete = server.requests.stream().filter(r -> r.method().equals("DELETE")).findFirst().orElseThrow();
        assertEquals(ScriptedServer.SESSION, delete.header("Mcp-Session-Id").orElseThrow());
        assertInstanceOf(TransportException.class, failure(client.request("ping", null)));
    }
}
