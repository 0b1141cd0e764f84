package io.agentmesh.agents.http;

import io.agentmesh.agents.AgentDefinitions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.InputSettings;
import io.agentmesh.agents.samples.EchoAgent;
import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.transport.LogLimiter;
import java.lang.management.ManagementFactory;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * What one {@code tools/call} of the echo sample costs this node's MCP handler in each era, in process: CPU
 * time and bytes allocated per call on the calling thread, for a 2025-11-25 session's call and the same call
 * as 2026-07-28 has it (stateless, with its headers and {@code _meta}), in alternating rounds. The HTTP
 * server is left out (the in-memory exchange of the unit tests), so the figures are the handler's own. Bytes
 * allocated do not depend on what else the machine runs; CPU time does a little.
 *
 * <pre>java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.agentmesh.agents.http.EraCostBench [calls per round]</pre>
 */
public final class EraCostBench {

    private static final String SELF = "1111111111111111111111111111111111111111";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\"hello\"}}}";
    private static final String MODERN = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
            + "\"arguments\":{\"text\":\"hello\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
            + "\"io.modelcontextprotocol/clientInfo\":{\"name\":\"wrk-mcp\",\"version\":\"1\"},"
            + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";

    private final McpHttpHandler handler;
    private final String session;

    private EraCostBench() throws Exception {
        AgentHost host = new AgentHost(AgentSettings.defaults());
        host.register(AgentDefinitions.of(new EchoAgent()));
        ManualTime time = new ManualTime(Instant.now());
        Router router = Router.builder()
                .node(new NodeInfo(NodeId.of(SELF), "key", List.of(), "agentmesh-java/bench", Instant.EPOCH))
                .agents(host).executor(Runnable::run).scheduler(time).clock(Clock.systemUTC()).traceIds(() -> "trace")
                .build();
        handler = new McpHttpHandler(McpHttpSettings.defaults(), InputSettings.defaults(), host,
                new MeshEntry(router, time, Runnable::run), () -> Optional.of(NodeId.of(SELF)), Optional.empty(),
                new SecureRandom(), Clock.systemUTC(), code -> { }, new LogLimiter(LogLimiter.DEFAULT_INTERVAL, System::nanoTime));
        TestExchange init = TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":{"
                + "\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"wrk-mcp\",\"version\":\"1\"}}}");
        handler.handle(init);
        session = init.responseHeaders.get("Mcp-Session-Id");
        handler.handle(TestExchange.post("/echo", "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25"));
    }

    private TestExchange legacy() {
        return TestExchange.post("/echo", CALL).header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25");
    }

    private static TestExchange modern() {
        return TestExchange.post("/echo", MODERN).header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", "tools/call").header("Mcp-Name", "echo");
    }

    private interface Exchanges {
        TestExchange next();
    }

    /** CPU nanoseconds and bytes allocated per call over {@code calls} calls. */
    private double[] round(Exchanges exchanges, int calls) throws Exception {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long cpu = threads.getCurrentThreadCpuTime();
        long bytes = threads.getThreadAllocatedBytes(id);
        for (int i = 0; i < calls; i++) {
            TestExchange ex = exchanges.next();
            handler.handle(ex);
            if (ex.status != 200) {
                throw new IllegalStateException(ex.status + " " + ex.text());
            }
        }
        return new double[] {(threads.getCurrentThreadCpuTime() - cpu) / (double) calls,
                (threads.getThreadAllocatedBytes(id) - bytes) / (double) calls};
    }

    private static double median(double[] values) {
        double[] sorted = values.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    public static void main(String[] args) throws Exception {
        int calls = args.length > 0 ? Integer.parseInt(args[0]) : 20_000;
        int rounds = 11;
        EraCostBench bench = new EraCostBench();
        Exchanges legacy = bench::legacy;
        Exchanges modern = EraCostBench::modern;
        if (args.length > 1) {                  // one era alone, for a profiler: legacy or modern, for args[1] seconds
            Exchanges only = args[1].equals("modern") ? modern : legacy;
            long end = System.nanoTime() + Long.parseLong(args[2]) * 1_000_000_000L;
            while (System.nanoTime() < end) {
                bench.round(only, calls);
            }
            return;
        }
        for (int i = 0; i < 5; i++) {
            bench.round(legacy, calls);
            bench.round(modern, calls);
        }
        double[][] l = new double[2][rounds];
        double[][] m = new double[2][rounds];
        for (int r = 0; r < rounds; r++) {
            double[] a = bench.round(legacy, calls);
            double[] b = bench.round(modern, calls);
            l[0][r] = a[0];
            l[1][r] = a[1];
            m[0][r] = b[0];
            m[1][r] = b[1];
        }
        System.out.printf("legacy (2025-11-25 session): %.1f µs CPU, %.0f bytes allocated per call%n", median(l[0]) / 1000, median(l[1]));
        System.out.printf("modern (2026-07-28):         %.1f µs CPU, %.0f bytes allocated per call%n", median(m[0]) / 1000, median(m[1]));
        System.out.printf("modern / legacy: CPU %.3f, bytes %.3f%n", median(m[0]) / median(l[0]), median(m[1]) / median(l[1]));
    }
}
