package io.agentmesh.agents.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The conformance fixtures on a host, each compared with the result its scenario in
 * {@code @modelcontextprotocol/conformance} 0.1.16 describes.
 */
class ConformanceAgentTest {

    private static final String PNG = ConformanceContent.IMAGE_BASE64;
    private static final String WAV = ConformanceContent.AUDIO_BASE64;

    private final AgentHost host = new AgentHost(AgentSettings.defaults());

    ConformanceAgentTest() {
        host.register(ConformanceAgent.definition(Duration.ZERO));
    }

    private static JsonObject json(String text) {
        try (var reader = Json.createReader(new StringReader(text))) {
            return reader.readObject();
        }
    }

    private JsonObject request(String method, String params, TestCallContext ctx) throws Exception {
        return host.request(ConformanceAgent.ID, method, json(params), ctx).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).asJsonObject();
    }

    private JsonObject request(String method, String params) throws Exception {
        return request(method, params, TestCallContext.of(1));
    }

    private JsonObject callTool(String name) throws Exception {
        return request("tools/call", "{\"name\":\"" + name + "\",\"arguments\":{}}");
    }

    /** The {@code messages} of {@code prompts/get} with {@code params}, wrapped as {@code {"messages": [...]}}. */
    private JsonObject messages(String params) throws Exception {
        return Json.createObjectBuilder().add("messages", request("prompts/get", params).getJsonArray("messages")).build();
    }

    private static JsonObject success(String content) {
        return json("{\"content\":" + content + ",\"isError\":false}");
    }

    @Test
    void contentToolsReturnExactlyWhatTheirScenariosDescribe() throws Exception {
        assertEquals(success("[{\"type\":\"text\",\"text\":\"This is a simple text response for testing.\"}]"),
                callTool("test_simple_text"));
        assertEquals(success("[{\"type\":\"image\",\"data\":\"" + PNG + "\",\"mimeType\":\"image/png\"}]"),
                callTool("test_image_content"));
        assertEquals(success("[{\"type\":\"audio\",\"data\":\"" + WAV + "\",\"mimeType\":\"audio/wav\"}]"),
                callTool("test_audio_content"));
        assertEquals(success("[{\"type\":\"resource\",\"resource\":{\"uri\":\"test://embedded-resource\","
                + "\"mimeType\":\"text/plain\",\"text\":\"This is an embedded resource content.\"}}]"),
                callTool("test_embedded_resource"));
        assertEquals(success("[{\"type\":\"text\",\"text\":\"Multiple content types test:\"},"
                + "{\"type\":\"image\",\"data\":\"" + PNG + "\",\"mimeType\":\"image/png\"},"
                + "{\"type\":\"resource\",\"resource\":{\"uri\":\"test://mixed-content-resource\","
                + "\"mimeType\":\"application/json\",\"text\":\"{\\\"test\\\":\\\"data\\\",\\\"value\\\":123}\"}}]"),
                callTool("test_multiple_content_types"));
    }

    @Test
    void theErrorToolAnswersAToolErrorNotAProtocolError() throws Exception {
        assertEquals(json("{\"content\":[{\"type\":\"text\",\"text\":\"This tool intentionally returns an error for "
                + "testing\"}],\"isError\":true}"), callTool("test_error_handling"));
    }

    @Test
    void theLoggingToolSendsThreeInfoMessagesBeforeItsResult() throws Exception {
        var ctx = TestCallContext.of(3);
        JsonObject result = request("tools/call", "{\"name\":\"test_tool_with_logging\","
                + "\"_meta\":{\"io.modelcontextprotocol/logLevel\":\"debug\"}}", ctx);
        assertEquals(success("[{\"type\":\"text\",\"text\":\"Tool with logging executed successfully\"}]"), result);
        assertEquals(List.of(
                new RecordingSession.Sent("notifications/message", json("{\"level\":\"info\",\"data\":\"Tool execution started\"}")),
                new RecordingSession.Sent("notifications/message", json("{\"level\":\"info\",\"data\":\"Tool processing data\"}")),
                new RecordingSession.Sent("notifications/message", json("{\"level\":\"info\",\"data\":\"Tool execution completed\"}"))),
                ctx.sent());
        var warningsOnly = TestCallContext.of(6);
        request("tools/call", "{\"name\":\"test_tool_with_logging\","
                + "\"_meta\":{\"io.modelcontextprotocol/logLevel\":\"warning\"}}", warningsOnly);
        assertEquals(List.of(), warningsOnly.sent(), "info is below the level the request named");
        var silent = TestCallContext.of(7);
        assertEquals(result, request("tools/call", "{\"name\":\"test_tool_with_logging\"}", silent));
        assertEquals(List.of(), silent.sent(), "no level named, no log messages");
    }

    @Test
    void theProgressToolReportsZeroFiftyAndOneHundredOfOneHundred() throws Exception {
        var ctx = TestCallContext.of(4);
        request("tools/call", "{\"name\":\"test_tool_with_progress\",\"arguments\":{},"
                + "\"_meta\":{\"progressToken\":\"progress-test-1\"}}", ctx);
        assertEquals(List.of(0.0, 50.0, 100.0), ctx.sent().stream()
                .map(s -> s.params().getJsonNumber("progress").doubleValue()).toList());
        for (var sent : ctx.sent()) {
            assertEquals("notifications/progress", sent.method());
            assertEquals("progress-test-1", sent.params().getString("progressToken"));
            assertEquals(100.0, sent.params().getJsonNumber("total").doubleValue());
        }
        var silent = TestCallContext.of(5);
        request("tools/call", "{\"name\":\"test_tool_with_progress\"}", silent);
        assertEquals(List.of(), silent.sent(), "no progress token, no progress");
    }

    @Test
    void theJsonSchemaToolIsListedWithItsSchemaAsWrittenAndEchoesItsArguments() throws Exception {
        JsonObject tool = request("tools/list", "{}").getJsonArray("tools").stream().map(JsonValue::asJsonObject)
                .filter(t -> t.getString("name").equals("json_schema_2020_12_tool")).findFirst().orElseThrow();
        assertEquals(json("""
                {"$schema":"https://json-schema.org/draft/2020-12/schema","type":"object",
                 "$defs":{"address":{"type":"object","properties":{"street":{"type":"string"},"city":{"type":"string"}}}},
                 "properties":{"name":{"type":"string"},"address":{"$ref":"#/$defs/address"}},
                 "additionalProperties":false}"""), tool.getJsonObject("inputSchema"));
        assertEquals(success("[{\"type\":\"text\",\"text\":\"JSON Schema 2020-12 tool called with: "
                        + "{\\\"name\\\":\\\"x\\\"}\"}]"),
                request("tools/call", "{\"name\":\"json_schema_2020_12_tool\",\"arguments\":{\"name\":\"x\"}}"));
    }

    @Test
    void everyListedToolHasADescriptionAndAnObjectSchema() throws Exception {
        var tools = request("tools/list", "{}").getJsonArray("tools").stream().map(JsonValue::asJsonObject).toList();
        assertEquals(List.of("test_simple_text", "test_image_content", "test_audio_content", "test_embedded_resource",
                "test_multiple_content_types", "test_tool_with_logging", "test_logging_tool", "test_tool_with_progress",
                "test_error_handling", "test_reconnection", "json_schema_2020_12_tool", "test_sampling",
                "test_elicitation", "test_elicitation_sep1034_defaults", "test_elicitation_sep1330_enums",
                "test_input_required_result_elicitation", "test_input_required_result_sampling",
                "test_input_required_result_list_roots", "test_input_required_result_request_state",
                "test_input_required_result_multiple_inputs", "test_input_required_result_multi_round",
                "test_input_required_result_tampered_state", "test_input_required_result_capabilities",
                "test_missing_capability", "test_streaming_elicitation"),
                tools.stream().map(t -> t.getString("name")).toList());
        for (JsonObject t : tools) {
            assertTrue(!t.getString("description").isBlank(), t::toString);
            assertEquals("object", t.getJsonObject("inputSchema").getString("type"), t::toString);
        }
    }

    @Test
    void resourcesReadAsTheirScenariosDescribe() throws Exception {
        assertEquals(json("{\"contents\":[{\"uri\":\"test://static-text\",\"mimeType\":\"text/plain\","
                + "\"text\":\"This is the content of the static text resource.\"}]}"),
                request("resources/read", "{\"uri\":\"test://static-text\"}"));
        assertEquals(json("{\"contents\":[{\"uri\":\"test://static-binary\",\"mimeType\":\"image/png\","
                + "\"blob\":\"" + PNG + "\"}]}"), request("resources/read", "{\"uri\":\"test://static-binary\"}"));
        assertEquals(json("{\"contents\":[{\"uri\":\"test://template/123/data\",\"mimeType\":\"application/json\","
                + "\"text\":\"{\\\"id\\\":\\\"123\\\",\\\"templateTest\\\":true,\\\"data\\\":\\\"Data for ID: 123\\\"}\"}]}"),
                request("resources/read", "{\"uri\":\"test://template/123/data\"}"));
        assertEquals(json("{\"contents\":[{\"uri\":\"test://watched-resource\",\"mimeType\":\"text/plain\","
                + "\"text\":\"Watched resource content\"}]}"), request("resources/read", "{\"uri\":\"test://watched-resource\"}"));
        var listed = request("resources/list", "{}").getJsonArray("resources").stream()
                .map(r -> r.asJsonObject().getString("uri")).toList();
        assertEquals(List.of("test://static-text", "test://static-binary", "test://watched-resource"), listed);
        assertEquals(json("{}"), request("resources/subscribe", "{\"uri\":\"test://watched-resource\"}"));
        assertEquals(json("{}"), request("resources/unsubscribe", "{\"uri\":\"test://watched-resource\"}"));
    }

    @Test
    void promptsRenderAsTheirScenariosDescribe() throws Exception {
        assertEquals(json("{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\","
                + "\"text\":\"This is a simple prompt for testing.\"}}]}"),
                messages("{\"name\":\"test_simple_prompt\"}"));
        assertEquals(json("{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"text\","
                + "\"text\":\"Prompt with arguments: arg1='hello', arg2='world'\"}}]}"),
                messages("{\"name\":\"test_prompt_with_arguments\","
                        + "\"arguments\":{\"arg1\":\"hello\",\"arg2\":\"world\"}}"));
        assertEquals(json("{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"resource\",\"resource\":"
                + "{\"uri\":\"test://example-resource\",\"mimeType\":\"text/plain\","
                + "\"text\":\"Embedded resource content for testing.\"}}},"
                + "{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"Please process the embedded resource above.\"}}]}"),
                messages("{\"name\":\"test_prompt_with_embedded_resource\","
                        + "\"arguments\":{\"resourceUri\":\"test://example-resource\"}}"));
        assertEquals(json("{\"messages\":[{\"role\":\"user\",\"content\":{\"type\":\"image\",\"data\":\"" + PNG
                + "\",\"mimeType\":\"image/png\"}},"
                + "{\"role\":\"user\",\"content\":{\"type\":\"text\",\"text\":\"Please analyze the image above.\"}}]}"),
                messages("{\"name\":\"test_prompt_with_image\"}"));
    }

    @Test
    void completionOfAPromptArgumentAnswersAnEmptyList() throws Exception {
        assertEquals(json("{\"completion\":{\"values\":[],\"total\":0,\"hasMore\":false}}"),
                request("completion/complete", "{\"ref\":{\"type\":\"ref/prompt\",\"name\":\"test_prompt_with_arguments\"},"
                        + "\"argument\":{\"name\":\"arg1\",\"value\":\"test\"}}"));
    }
}
