package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Eventually;
import io.modelcontextprotocol.spec.McpError;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.JsonValue;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Standard MCP clients against the node: the official MCP Java SDK (2.1.0) with its Streamable HTTP
 * transport on the JDK HttpClient, at {@code /mcp/echo}, {@code /mcp/calculator} and {@code /mcp/notes}.
 */
class McpSdkClientIT {

    private final McpHttp raw = McpHttp.fromSystemProperty();
    private final String base = raw.base();

    private static String text(McpSchema.CallToolResult result) {
        return ((McpSchema.TextContent) result.content().get(0)).text();
    }

    private static McpSchema.CallToolResult call(SdkClients.Client c, String tool, Map<String, Object> args) {
        return c.client.callTool(new McpSchema.CallToolRequest(tool, args));
    }

    @Test
    void initializeNegotiatesTheLatestVersionAndNamesTheAgent() {
        try (var c = SdkClients.at(base, "/mcp/echo")) {
            McpSchema.InitializeResult init = c.client.initialize();
            assertEquals("2025-11-25", init.protocolVersion());
            assertEquals("echo", init.serverInfo().name());
            assertNotNull(init.capabilities().tools());
            assertNotNull(c.sessionId, "the server assigned a session");
            c.client.ping();
        }
    }

    @Test
    void echoListsAndCallsItsTool() {
        try (var c = SdkClients.at(base, "/mcp/echo")) {
            c.client.initialize();
            McpSchema.Tool echo = c.client.listTools().tools().stream().filter(t -> t.name().equals("echo"))
                    .findFirst().orElseThrow();
            assertEquals(Boolean.TRUE, echo.annotations().readOnlyHint());
            assertEquals(Boolean.TRUE, echo.annotations().idempotentHint());
            assertTrue(((List<?>) echo.inputSchema().get("required")).contains("text"));
            McpSchema.CallToolResult r = call(c, "echo", Map.of("text", "through the SDK"));
            assertEquals("through the SDK", text(r));
            assertFalse(Boolean.TRUE.equals(r.isError()));
        }
    }

    @Test
    void calculatorToolsRecordsAndToolErrors() {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            assertEquals(5.0, Double.parseDouble(text(call(c, "add", Map.of("a", 2, "b", 3)))));
            McpSchema.CallToolResult stats = call(c, "stats", Map.of("values", List.of(1, 2, 3)));
            Map<?, ?> structured = assertInstanceOf(Map.class, stats.structuredContent());
            assertEquals(2.0, ((Number) structured.get("mean")).doubleValue());
            McpSchema.CallToolResult divide = call(c, "divide", Map.of("a", 1, "b", 0));
            assertEquals(Boolean.TRUE, divide.isError());
            assertTrue(text(divide).contains("division by zero"));
        }
    }

    /** SEP-1303 (2025-11-25 server/tools, "Error Handling"): invalid arguments are a result the model reads. */
    @Test
    void invalidArgumentsAreAToolErrorResult() {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            McpSchema.CallToolResult badArgs = call(c, "add", Map.of("a", "two", "b", 1));
            assertEquals(Boolean.TRUE, badArgs.isError());
            assertEquals("invalid argument 'a': expected number, got string", text(badArgs));
            McpSchema.CallToolResult missing = call(c, "add", Map.of("a", 1));
            assertEquals(Boolean.TRUE, missing.isError());
            assertEquals("missing required argument 'b'", text(missing));
        }
    }

    @Test
    void protocolErrorsReachTheClientAsMcpErrors() {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            McpError unknown = assertThrows(McpError.class, () -> call(c, "no_such_tool", Map.of()));
            assertEquals(-32602, unknown.getJsonRpcError().code());
            McpError noResource = assertThrows(McpError.class,
                    () -> c.client.readResource(new McpSchema.ReadResourceRequest("calculator://nothing")));
            assertEquals(-32002, noResource.getJsonRpcError().code());
        }
    }

    @Test
    void anUnknownAgentFailsInitialize() {
        try (var c = SdkClients.at(base, "/mcp/no-such-agent")) {
            assertThrows(RuntimeException.class, c.client::initialize);
        }
    }

    @Test
    void resourcesAndTemplates() {
        try (var c = SdkClients.at(base, "/mcp/notes")) {
            c.client.initialize();
            McpSchema.CallToolResult added = call(c, "add_note", Map.of("title", "sdk", "text", "written by the SDK IT"));
            Map<?, ?> note = assertInstanceOf(Map.class, added.structuredContent());
            String id = (String) note.get("id");
            List<McpSchema.ResourceTemplate> templates = c.client.listResourceTemplates().resourceTemplates();
            assertTrue(templates.stream().anyMatch(t -> t.uriTemplate().equals("notes://note/{id}")));
            McpSchema.ReadResourceResult read = c.client.readResource(new McpSchema.ReadResourceRequest("notes://note/" + id));
            String body = ((McpSchema.TextResourceContents) read.contents().get(0)).text();
            assertTrue(body.contains("written by the SDK IT"));
            assertFalse(c.client.listResources().resources().isEmpty());
            McpSchema.CompleteResult ids = c.client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.ResourceReference("notes://note/{id}"), new McpSchema.CompleteRequest.CompleteArgument("id", "")));
            assertTrue(ids.completion().values().contains(id));
            call(c, "delete_note", Map.of("id", id));
        }
    }

    @Test
    void promptsAndCompletions() {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            assertTrue(c.client.listPrompts().prompts().stream().anyMatch(p -> p.name().equals("explain")));
            McpSchema.GetPromptResult prompt = c.client.getPrompt(new McpSchema.GetPromptRequest("explain",
                    Map.of("expression", "6 * 7", "level", "child")));
            String text = ((McpSchema.TextContent) prompt.messages().get(0).content()).text();
            assertTrue(text.contains("6 * 7") && text.contains("child"));
            McpSchema.CompleteResult levels = c.client.completeCompletion(new McpSchema.CompleteRequest(
                    new McpSchema.PromptReference("explain"), new McpSchema.CompleteRequest.CompleteArgument("level", "st")));
            assertEquals(List.of("student"), levels.completion().values());
        }
    }

    @Test
    void paginationWalksEveryPage() {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            McpSchema.ListToolsResult first = c.client.listTools(null);
            int total = first.tools().size();
            String cursor = first.nextCursor();
            while (cursor != null) {
                McpSchema.ListToolsResult page = c.client.listTools(cursor);
                total += page.tools().size();
                cursor = page.nextCursor();
            }
            assertEquals(c.client.listTools().tools().size(), total);
        }
    }

    @Test
    void progressNotificationsReachTheSdkInOrder() {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            McpSchema.CallToolResult r = c.client.callTool(McpSchema.CallToolRequest.builder("count")
                    .arguments(Map.of("n", 3, "delayMs", 1)).progressToken("sdk-progress").build());
            assertEquals("counted to 3", text(r));
            // the node sends them in order before the result on the same stream (McpEndpointIT reads that
            // order); the sync SDK client hands each notification to its consumer on a thread of its own
            // (Reactor's boundedElastic), so they may reach the consumer in any order, after the result
            Eventually.until(Duration.ofSeconds(30), "three progress notifications", () -> c.progress.size() >= 3);
            assertEquals(3, c.progress.size());
            List<McpSchema.ProgressNotification> byProgress = c.progress.stream()
                    .sorted(Comparator.comparingDouble(McpSchema.ProgressNotification::progress)).toList();
            for (int i = 0; i < 3; i++) {
                assertEquals("sdk-progress", byProgress.get(i).progressToken());
                assertEquals(i + 1, byProgress.get(i).progress().intValue());
                assertEquals(3, byProgress.get(i).total().intValue());
            }
        }
    }

    @Test
    void notificationsCancelledStopsARunningCall() throws Exception {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            CompletableFuture<Object> outcome = CompletableFuture.supplyAsync(() -> {
                try {
                    return c.client.callTool(McpSchema.CallToolRequest.builder("count")
                            .arguments(Map.of("n", 1000, "delayMs", 50)).progressToken("long").build());
                } catch (RuntimeException e) {
                    return e;
                }
            });
            Eventually.until(Duration.ofSeconds(30), "progress or an outcome",
                    () -> !c.progress.isEmpty() || outcome.isDone());
            assertFalse(outcome.isDone(), "the call is running");
            JsonValue requestId = c.requestBodies.stream().map(McpHttp::json)
                    .filter(b -> "tools/call".equals(b.getString("method", "")))
                    .map(b -> b.get("id")).reduce((a, b) -> b).orElseThrow();
            Object id = requestId instanceof jakarta.json.JsonString s ? s.getString() : ((jakarta.json.JsonNumber) requestId).longValue();
            c.transport.sendMessage(new McpSchema.JSONRPCNotification("2.0", "notifications/cancelled",
                    Map.of("requestId", id, "reason", "the test cancels it"))).block();
            McpError error = assertInstanceOf(McpError.class, outcome.get(30, TimeUnit.SECONDS));
            assertEquals(-32800, error.getJsonRpcError().code());
            assertTrue(c.progress.size() < 1000);
        }
    }

    @Test
    void subscriptionsDeliverResourceUpdatesOnTheGetStream() throws Exception {
        try (var c = SdkClients.at(base, "/mcp/calculator")) {
            c.client.initialize();
            c.client.subscribeResource(new McpSchema.SubscribeRequest("calculator://history"));
            call(c, "multiply", Map.of("a", 6, "b", 7));
            Eventually.within(Duration.ofSeconds(30), () -> !c.resourceUpdates.isEmpty());
            assertFalse(c.resourceUpdates.isEmpty(), "notifications/resources/updated arrived");
            String history = ((McpSchema.TextResourceContents) c.resourceUpdates.get(0).get(0)).text();
            assertTrue(history.contains("6.0 * 7.0"), history);
        }
    }

    @Test
    void closingTheClientEndsItsSession() throws Exception {
        String session;
        try (var c = SdkClients.at(base, "/mcp/echo")) {
            c.client.initialize();
            session = c.sessionId;
            assertEquals(200, raw.post("/mcp/echo", McpHttp.request(9, "ping", "{}"), McpHttp.inSession(session)).statusCode());
        }
        HttpResponse<String> after = raw.post("/mcp/echo", McpHttp.request(10, "ping", "{}"), McpHttp.inSession(session));
        assertEquals(404, after.statusCode());
    }

    @Test
    void aSessionEndedByTheServerIsReplacedByANewInitialize() throws Exception {
        try (var c = SdkClients.at(base, "/mcp/echo")) {
            c.client.initialize();
            String first = c.sessionId;
            var delete = raw.request("/mcp/echo").DELETE();
            McpHttp.inSession(first).forEach(delete::header);
            assertEquals(204, raw.send(delete.build()).statusCode());
            Optional<String> text = Optional.empty();
            for (int attempt = 0; attempt < 3 && text.isEmpty(); attempt++) {
                try {
                    text = Optional.of(text(call(c, "echo", Map.of("text", "again"))));
                } catch (RuntimeException e) {
                    c.client.initialize();
                }
            }
            assertEquals(Optional.of("again"), text);
            assertFalse(first.equals(c.sessionId), "a new session was begun");
        }
    }
}
