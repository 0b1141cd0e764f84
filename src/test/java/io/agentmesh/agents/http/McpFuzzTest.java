package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualTime;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz target for the {@code /mcp} request path without Liberty: {@link McpHttpHandler} on in-memory
 * exchanges whose method, path, headers and body the fuzzer writes, after an {@code initialize} that
 * begins a session the exchange may name. Every exchange is answered with a status of MCP Streamable
 * HTTP (wire-v1 §7), or kept open; nothing escapes as an exception (a servlet would answer 500). Inputs
 * replayed by every test run are under
 * {@code src/test/resources/io/agentmesh/agents/http/McpFuzzTestInputs/}; docs/benchmarks.md ("Fuzzing").
 */
@Timeout(10)
class McpFuzzTest {

    private static final String SELF = "1111111111111111111111111111111111111111";
    private static final List<String> METHODS = List.of("POST", "GET", "DELETE", "OPTIONS", "PUT");
    private static final List<String> PATHS = List.of("/echo", "/" + SELF + "/echo", "/missing", "/", "");
    private static final List<String> VERSIONS = List.of("2025-11-25", "2025-06-18", "2025-03-26", "1999-01-01");
    private static final Set<Integer> STATUSES = Set.of(200, 202, 204, 400, 401, 403, 404, 405, 406, 409, 413, 415);

    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void request(FuzzedDataProvider data) throws Exception {
        ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
        TestAgents agents = new TestAgents();
        Router router = Router.builder()
                .node(new NodeInfo(NodeId.of(SELF), "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(agents).executor(Runnable::run).scheduler(time).clock(time.clock())
                .traceIds(() -> "trace").build();
        McpHttpHandler handler = new McpHttpHandler(McpHttpSettings.defaults(), agents,
                new MeshEntry(router, time, Runnable::run), () -> Optional.of(NodeId.of(SELF)),
                Optional.empty(), new CountingRandom(1), new ManualClock());
        TestExchange init = TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"fuzz\",\"version\":\"1\"}}}");
        handler.handle(init);
        assertEquals(200, init.status);
        String session = init.responseHeaders.get(McpHttpHandler.SESSION_ID);

        TestExchange ex = new TestExchange(data.pickValue(METHODS),
                data.consumeBoolean() ? data.pickValue(PATHS) : data.consumeString(80));
        if (data.consumeBoolean()) {
            ex.header("Accept", data.consumeBoolean() ? "application/json, text/event-stream" : data.consumeString(60));
        }
        if (data.consumeBoolean()) {
            ex.header("Content-Type", data.consumeBoolean() ? "application/json" : data.consumeString(60));
        }
        if (data.consumeBoolean()) {
            ex.header(McpHttpHandler.PROTOCOL_VERSION, data.consumeBoolean() ? data.pickValue(VERSIONS)
                    : data.consumeString(40));
        }
        if (data.consumeBoolean()) {
            ex.header(McpHttpHandler.SESSION_ID, data.consumeBoolean() ? session : data.consumeString(80));
        }
        if (data.consumeBoolean()) {
            ex.header("Origin", data.consumeString(60));
        }
        ex.body(data.consumeRemainingAsBytes());
        handler.handle(ex);
        assertTrue(ex.keptOpen || STATUSES.contains(ex.status), "status " + ex.status);
    }
}
