package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.ChainMesh;
import io.modelcontextprotocol.spec.McpSchema;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Multi round-trip requests two hops away on real nodes: clients at node 1 delete notes of the {@code notes}
 * agent of node 3, reached only through node 2, which asks the user to confirm (form-mode elicitation). A
 * modern client gets the InputRequiredResult and retries; a 2025-11-25 client (the official MCP Java SDK)
 * answers node 1's {@code elicitation/create} request. The result and the retry cross node 2 unchanged.
 * {@code POST /api/v1/call} of node 1 does the same for a modern request (its client answers and retries),
 * and streams the progress and log messages of a call to node 3 as events before its answer.
 */
class InputRoundTripIT {

    private static final String MODERN = "2026-07-28";
    private static ChainMesh chain;
    private static McpHttp raw;
    private static String path;

    @BeforeAll
    static void startChain() {
        chain = ChainMesh.get();
        assertTrue(chain.awaitRoute(1, 3, 2, Duration.ofSeconds(90)), "node 1 learns a 2-hop route to node 3");
        raw = new McpHttp(chain.node(1).httpPort());
        path = "/mcp/" + chain.nodeId(3) + "/notes";
    }

    private static String addNote(String session, String title) throws Exception {
        HttpResponse<String> r = raw.post(path, McpHttp.request(2, "tools/call",
                "{\"name\":\"add_note\",\"arguments\":{\"title\":\"" + title + "\",\"text\":\"x\"}}"), McpHttp.inSession(session));
        assertEquals(200, r.statusCode(), r.body());
        return McpHttp.json(r.body()).getJsonObject("result").getJsonObject("structuredContent").getString("id");
    }

    private static String deleteParams(String id, String extra) {
        return "{\"name\":\"delete_note\",\"arguments\":{\"id\":\"" + id + "\"},\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{\"elicitation\":{}}}" + extra + "}";
    }

    /** A stateless 2026-07-28 tools/call of delete_note: no session, the version and names in the headers. */
    private static JsonObject delete(int rpcId, String id, String extra) throws Exception {
        HttpResponse<String> r = raw.post(path, McpHttp.request(rpcId, "tools/call", deleteParams(id, extra)),
                Map.of("MCP-Protocol-Version", MODERN, "Mcp-Method", "tools/call", "Mcp-Name", "delete_note"));
        assertEquals(200, r.statusCode(), r.body());
        return McpHttp.json(r.body());
    }

    private static String text(JsonObject result) {
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    @Test
    void aModernClientGetsTheQuestionAndRetriesWithItsAnswer() throws Exception {
        String session = raw.session(path);
        String id = addNote(session, "modern");
        JsonObject first = delete(3, id, "").getJsonObject("result");
        assertEquals("input_required", first.getString("resultType"));
        JsonObject question = first.getJsonObject("inputRequests").getJsonObject("confirm");
        assertEquals("elicitation/create", question.getString("method"));
        assertEquals("Delete note " + id + " (modern)?", question.getJsonObject("params").getString("message"));
        String state = Json.createValue(first.getString("requestState")).toString();

        JsonObject forged = delete(4, id, ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\","
                + "\"content\":{\"confirm\":true}}},\"requestState\":\"" + first.getString("requestState") + "x\"");
        assertEquals(-32602, forged.getJsonObject("error").getInt("code"), forged::toString);
        JsonObject unfit = delete(5, id, ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\","
                + "\"content\":{\"confirm\":\"yes\"}}},\"requestState\":" + state);
        assertEquals(-32602, unfit.getJsonObject("error").getInt("code"), unfit::toString);

        JsonObject done = delete(6, id, ",\"inputResponses\":{\"confirm\":{\"action\":\"accept\","
                + "\"content\":{\"confirm\":true}}},\"requestState\":" + state).getJsonObject("result");
        assertEquals("deleted " + id, text(done));
    }

    @Test
    void aLegacyClientAnswersTheNodesElicitationRequest() throws Exception {
        List<McpSchema.ElicitFormRequest> asked = new CopyOnWriteArrayList<>();
        String session = raw.session(path);
        String kept = addNote(session, "kept");
        String gone = addNote(session, "gone");
        try (var c = SdkClients.with(raw.base(), path, spec -> spec
                .capabilities(McpSchema.ClientCapabilities.builder().elicitation().build())
                .elicitation(request -> {
                    asked.add(request);
                    boolean yes = request.message().contains("(gone)");
                    return new McpSchema.ElicitResult(McpSchema.ElicitResult.Action.ACCEPT, Map.of("confirm", yes));
                }))) {
            c.client.initialize();
            McpSchema.CallToolResult no = c.client.callTool(new McpSchema.CallToolRequest("delete_note", Map.of("id", kept)));
            assertEquals("kept " + kept, ((McpSchema.TextContent) no.content().get(0)).text());
            McpSchema.CallToolResult yes = c.client.callTool(new McpSchema.CallToolRequest("delete_note", Map.of("id", gone)));
            assertFalse(Boolean.TRUE.equals(yes.isError()), yes::toString);
            assertEquals("deleted " + gone, ((McpSchema.TextContent) yes.content().get(0)).text());
        }
        assertEquals(2, asked.size());
        assertEquals("Delete note " + kept + " (kept)?", asked.get(0).message());
    }

    /** POSTs {@code body} to {@code /api/v1/call} of node 1, accepting {@code accept}. */
    private static HttpResponse<String> restCall(String body, String accept) throws Exception {
        return java.net.http.HttpClient.newBuilder().version(java.net.http.HttpClient.Version.HTTP_1_1).build().send(
                java.net.http.HttpRequest.newBuilder(java.net.URI.create(chain.node(1).httpUrl() + "/api/v1/call"))
                        .timeout(Duration.ofSeconds(60)).header("Content-Type", "application/json").header("Accept", accept)
                        .POST(java.net.http.HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    private static String restBody(String agent, String params) {
        return "{\"target\":\"" + chain.nodeId(3) + ":" + agent + "\",\"method\":\"tools/call\",\"params\":" + params + "}";
    }

    /** The data of the events of an SSE body, as {@code event name → JSON}, in order. */
    private static List<Map.Entry<String, JsonObject>> events(String body) {
        List<Map.Entry<String, JsonObject>> events = new java.util.ArrayList<>();
        String name = null;
        for (String line : body.split("\n")) {
            if (line.startsWith("event: ")) {
                name = line.substring(7);
            } else if (line.startsWith("data: ")) {
                events.add(Map.entry(name, McpHttp.json(line.substring(6))));
            }
        }
        return events;
    }

    @Test
    void aRestClientGetsTheQuestionAndRetriesWithItsAnswer() throws Exception {
        String id = addNote(raw.session(path), "rest");
        HttpResponse<String> asked = restCall(restBody("notes", deleteParams(id, "")), "application/json");
        assertEquals(200, asked.statusCode(), asked.body());
        JsonObject first = McpHttp.json(asked.body()).getJsonObject("result");
        assertEquals("input_required", first.getString("resultType"), first::toString);
        assertEquals("Delete note " + id + " (rest)?", first.getJsonObject("inputRequests").getJsonObject("confirm")
                .getJsonObject("params").getString("message"));
        HttpResponse<String> retried = restCall(restBody("notes", deleteParams(id, ",\"inputResponses\":{\"confirm\":"
                + "{\"action\":\"accept\",\"content\":{\"confirm\":true}}},\"requestState\":"
                + Json.createValue(first.getString("requestState")))), "application/json");
        assertEquals(200, retried.statusCode(), retried.body());
        JsonObject done = McpHttp.json(retried.body()).getJsonObject("result");
        assertEquals("complete", done.getString("resultType"));
        assertEquals("deleted " + id, text(done));
    }

    @Test
    void aRestClientThatAcceptsEventsGetsProgressAndLogMessagesFromTwoHopsAway() throws Exception {
        String meta = "\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"" + MODERN + "\","
                + "\"io.modelcontextprotocol/clientCapabilities\":{},\"progressToken\":\"rest-p\","
                + "\"io.modelcontextprotocol/logLevel\":\"info\"}";
        HttpResponse<String> counted = restCall(restBody("calculator",
                "{\"name\":\"count\",\"arguments\":{\"n\":3,\"delayMs\":10}," + meta + "}"), "text/event-stream");
        assertEquals(200, counted.statusCode(), counted.body());
        assertTrue(counted.headers().firstValue("Content-Type").orElse("").startsWith("text/event-stream"), counted::toString);
        List<Map.Entry<String, JsonObject>> events = events(counted.body());
        assertEquals(4, events.size(), counted.body());
        for (int i = 0; i < 3; i++) {
            assertEquals("notification", events.get(i).getKey());
            JsonObject progress = events.get(i).getValue();
            assertEquals("notifications/progress", progress.getString("method"));
            assertEquals("rest-p", progress.getJsonObject("params").getString("progressToken"));
            assertEquals(i + 1, progress.getJsonObject("params").getJsonNumber("progress").intValue());
        }
        assertEquals("answer", events.get(3).getKey());
        assertEquals("counted to 3", text(events.get(3).getValue().getJsonObject("result")));

        HttpResponse<String> added = restCall(restBody("notes",
                "{\"name\":\"add_note\",\"arguments\":{\"title\":\"logged\",\"text\":\"x\"}," + meta + "}"),
                "text/event-stream");
        List<Map.Entry<String, JsonObject>> logged = events(added.body());
        assertEquals(2, logged.size(), added.body());
        JsonObject message = logged.get(0).getValue();
        assertEquals("notifications/message", message.getString("method"));
        assertEquals("info", message.getJsonObject("params").getString("level"));
        assertEquals("answer", logged.get(1).getKey());
    }
}
