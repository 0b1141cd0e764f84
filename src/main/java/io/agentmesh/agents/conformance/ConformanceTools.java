package io.agentmesh.agents.conformance;

import static io.agentmesh.agents.conformance.ConformanceContent.audio;
import static io.agentmesh.agents.conformance.ConformanceContent.image;
import static io.agentmesh.agents.conformance.ConformanceContent.resource;
import static io.agentmesh.agents.conformance.ConformanceContent.text;

import io.agentmesh.agents.Invocation;
import io.agentmesh.agents.ToolDefinition;
import io.agentmesh.agents.ToolHandler;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;

/**
 * The conformance suite's fixture tools (scenarios {@code tools-*}, {@code json-schema-2020-12} and
 * {@code server-sse-polling} of {@code @modelcontextprotocol/conformance} 0.1.16), each returning exactly
 * the result its scenario describes.
 */
final class ConformanceTools {

    /** The reply of {@code test_error_handling}, always an error (MCP 2025-11-25, server/tools: error handling). */
    static final String ERROR_MESSAGE = "This tool intentionally returns an error for testing";

    static final JsonObject NO_ARGUMENTS = Json.createObjectBuilder().add("type", "object")
            .add("properties", Json.createObjectBuilder()).build();

    /**
     * The input schema of {@code json_schema_2020_12_tool}, sent as written: {@code $schema}, {@code $defs} and
     * {@code additionalProperties} must reach the client unchanged (SEP-1613).
     */
    static final JsonObject JSON_SCHEMA_2020_12 = Json.createObjectBuilder()
            .add("$schema", "https://json-schema.org/draft/2020-12/schema")
            .add("type", "object")
            .add("$defs", Json.createObjectBuilder().add("address", Json.createObjectBuilder()
                    .add("type", "object")
                    .add("properties", Json.createObjectBuilder()
                            .add("street", Json.createObjectBuilder().add("type", "string"))
                            .add("city", Json.createObjectBuilder().add("type", "string")))))
            .add("properties", Json.createObjectBuilder()
                    .add("name", Json.createObjectBuilder().add("type", "string"))
                    .add("address", Json.createObjectBuilder().add("$ref", "#/$defs/address")))
            .add("additionalProperties", false)
            .build();

    private ConformanceTools() {
    }

    static List<ToolDefinition> all(Duration step) {
        return List.of(
                constant("test_simple_text", "Tests simple text content response",
                        text("This is a simple text response for testing.")),
                constant("test_image_content", "Tests image content response", image()),
                constant("test_audio_content", "Tests audio content response", audio()),
                constant("test_embedded_resource", "Tests embedded resource content response",
                        resource("test://embedded-resource", "text/plain", "This is an embedded resource content.")),
                constant("test_multiple_content_types",
                        "Tests response with multiple content types (text, image, resource)",
                        text("Multiple content types test:"), image(),
                        resource("test://mixed-content-resource", "application/json", "{\"test\":\"data\",\"value\":123}")),
                blocking("test_tool_with_logging", "Tests tool that emits log messages during execution",
                        NO_ARGUMENTS, (arguments, invocation) -> logging(invocation, step)),
                blocking("test_logging_tool", "Logs at info while it runs, only when the request names a log level"
                        + " (the 2026-07-28 scenario server-stateless)", NO_ARGUMENTS,
                        (arguments, invocation) -> logging(invocation, step)),
                blocking("test_tool_with_progress", "Tests tool that reports progress notifications",
                        NO_ARGUMENTS, (arguments, invocation) -> progress(invocation, step)),
                new ToolDefinition("test_error_handling", "", "Tests error response handling", NO_ARGUMENTS, null, null,
                        (arguments, invocation) -> {
                            throw new IllegalStateException(ERROR_MESSAGE);
                        }, true),
                blocking("test_reconnection", "Tests SSE stream disconnection and client reconnection (SEP-1699). "
                        + "Server will close the stream mid-call and send the result after client reconnects.",
                        NO_ARGUMENTS, (arguments, invocation) -> {
                            pause(step.multipliedBy(2), invocation);
                            return done(result(text("Reconnection test completed successfully. If you received this, "
                                    + "the client properly reconnected after stream closure.")));
                        }),
                new ToolDefinition("json_schema_2020_12_tool", "",
                        "Tool with JSON Schema 2020-12 features for conformance testing (SEP-1613)",
                        JSON_SCHEMA_2020_12, null, null, (arguments, invocation) -> done(result(
                                text("JSON Schema 2020-12 tool called with: " + arguments))), true));
    }

    /**
     * {@code test_tool_with_logging}: three {@code info} log messages, a step apart, through the request's
     * {@link io.agentmesh.agents.AgentLog}. That log sends only at or above the level the request names
     * (MCP 2025-11-25 server/utilities/logging: the client's {@code logging/setLevel}, which the entry node
     * that holds the session carries in {@code _meta}; 2026-07-28, "Per-request log level"), and nothing when
     * it names none, as the 2026-07-28 rule asks. The scenario {@code tools-call-with-logging} sets
     * {@code debug} before it calls, so it receives all three.
     */
    private static CompletableFuture<JsonObject> logging(Invocation invocation, Duration step) {
        invocation.log().info("Tool execution started");
        pause(step, invocation);
        invocation.log().info("Tool processing data");
        pause(step, invocation);
        invocation.log().info("Tool execution completed");
        return done(result(text("Tool with logging executed successfully")));
    }

    /** {@code test_tool_with_progress}: progress 0, 50 and 100 of 100, a step apart (basic/utilities/progress). */
    private static CompletableFuture<JsonObject> progress(Invocation invocation, Duration step) {
        for (int done = 0; done <= 100; done += 50) {
            if (done > 0) {
                pause(step, invocation);
            }
            invocation.progress().report(done, 100, "Completed step " + done + " of 100");
        }
        return done(result(text("Tool with progress executed successfully")));
    }

    private static void pause(Duration step, Invocation invocation) {
        if (invocation.cancellation().isCancelled()) {
            throw new CancellationException("cancelled");
        }
        if (step.isZero()) {
            return;
        }
        try {
            Thread.sleep(step.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CancellationException("interrupted");
        }
    }

    private static ToolDefinition constant(String name, String description, JsonObject... content) {
        JsonObject result = result(content);
        return new ToolDefinition(name, "", description, NO_ARGUMENTS, null, null,
                (arguments, invocation) -> done(result), true);
    }

    private static ToolDefinition blocking(String name, String description, JsonObject inputSchema, ToolHandler handler) {
        return new ToolDefinition(name, "", description, inputSchema, null, null, handler, false);
    }

    private static JsonObject result(JsonObject... content) {
        var blocks = Json.createArrayBuilder();
        for (JsonObject block : content) {
            blocks.add(block);
        }
        return Json.createObjectBuilder().add("content", blocks).add("isError", false).build();
    }

    private static CompletableFuture<JsonObject> done(JsonObject result) {
        return CompletableFuture.completedFuture(result);
    }
}
