package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.ChainMesh;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.OtlpReceiver;
import io.agentmesh.testsupport.OtlpReceiver.ReceivedSpan;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Tracing on a chain of three real nodes (docs/operations.md, "Tracing"): each exports its spans over OTLP
 * (http/protobuf) to a receiver in the test; a call made at node 1 with a client's {@code traceparent} in
 * {@code _meta} for the echo agent of node 3 (sealed end to end, through node 2) is one trace with the
 * client's trace id, its spans linked entry (node 1) → forward (node 1) → forward (node 2, the relay) →
 * delivery (node 3). A forged {@code traceparent} is ignored: the call is served in a trace of its own.
 * Ports {@code mesh.it.node.base-port} + 240…242.
 */
class TracingIT {

    private static final Duration CONVERGE = Duration.ofSeconds(90);
    /** Spans are exported in batches every 200 ms; a loaded machine may take much longer. */
    private static final Duration EXPORTED = Duration.ofSeconds(90);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static OtlpReceiver receiver;
    private static ChainMesh chain;

    @BeforeAll
    static void startTracedChain() {
        receiver = OtlpReceiver.start();
        chain = ChainMesh.start("traced", 240, k -> Map.of(
                "OTEL_SDK_DISABLED", "false",
                "OTEL_TRACES_EXPORTER", "otlp",
                "OTEL_METRICS_EXPORTER", "none",
                "OTEL_LOGS_EXPORTER", "none",
                "OTEL_EXPORTER_OTLP_PROTOCOL", "http/protobuf",
                "OTEL_EXPORTER_OTLP_ENDPOINT", receiver.endpoint(),
                "OTEL_BSP_SCHEDULE_DELAY", "200",
                "OTEL_SERVICE_NAME", "agentmesh-node-" + k));
        assertTrue(chain.awaitRoute(1, 3, 2, CONVERGE), "node 1 learns a 2-hop route to node 3");
    }

    @AfterAll
    static void stop() {
        if (chain != null) {
            chain.close();
        }
        if (receiver != null) {
            receiver.close();
        }
    }

    private static String hex(int bytes) {
        byte[] b = new byte[bytes];
        RANDOM.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static String callEcho(String text, String traceparent) {
        String body = chain.post(1, "{\"target\":\"" + chain.nodeId(3) + ":echo\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"},"
                + "\"_meta\":{\"traceparent\":\"" + traceparent + "\"}}}");
        assertTrue(body != null && body.contains("\"text\":\"" + text + "\""), () -> "echoed: " + body);
        return body;
    }

    /**
     * The span and its ancestors among the spans received, nearest first, up to the entry span (whose parent
     * is the client's span, or the HTTP request's span that the runtime made, or none).
     */
    private static List<ReceivedSpan> ancestry(ReceivedSpan span) {
        Map<String, ReceivedSpan> byId = receiver.spans().stream()
                .collect(Collectors.toMap(ReceivedSpan::spanId, Function.identity(), (a, b) -> a));
        List<ReceivedSpan> path = new ArrayList<>();
        for (ReceivedSpan s = span; s != null && path.size() < 16; s = byId.get(s.parentSpanId())) {
            path.add(s);
            if ("entry".equals(s.attribute("agentmesh.hop"))) {
                break;
            }
        }
        return path;
    }

    private static List<String> hops(List<ReceivedSpan> path) {
        return path.stream().map(s -> s.attribute("agentmesh.hop") + "@" + s.service()).toList();
    }

    private static final List<String> ENTRY_TO_AGENT = List.of("delivery@agentmesh-node-3", "forward@agentmesh-node-2",
            "forward@agentmesh-node-1", "entry@agentmesh-node-1");

    private static List<ReceivedSpan> deliveriesAtNodeThree() {
        return receiver.spans().stream().filter(s -> "delivery".equals(s.attribute("agentmesh.hop"))
                && s.service().equals("agentmesh-node-3")).toList();
    }

    @Test
    void oneTraceShowsTheEntryNodeTheRelayAndTheAgent() {
        String traceId = hex(16);
        String clientSpan = hex(8);
        callEcho("traced across the mesh", "00-" + traceId + "-" + clientSpan + "-01");

        assertTrue(Eventually.within(EXPORTED, () -> receiver.trace(traceId).stream()
                        .filter(s -> "delivery".equals(s.attribute("agentmesh.hop")))
                        .anyMatch(d -> hops(ancestry(d)).equals(ENTRY_TO_AGENT))),
                () -> "spans of the trace: " + receiver.trace(traceId));
        ReceivedSpan delivery = receiver.trace(traceId).stream()
                .filter(s -> "delivery".equals(s.attribute("agentmesh.hop"))).findFirst().orElseThrow();
        List<ReceivedSpan> path = ancestry(delivery);
        ReceivedSpan entry = path.get(3);
        assertEquals(clientSpan, entry.parentSpanId(), "the entry is the child of the client's span");
        assertEquals("SPAN_KIND_SERVER", entry.kind());
        assertEquals("SPAN_KIND_CLIENT", path.get(2).kind());
        assertEquals("SPAN_KIND_CLIENT", path.get(1).kind());
        assertEquals("SPAN_KIND_SERVER", delivery.kind());
        assertEquals("tools/call echo", delivery.name());
        assertEquals(chain.nodeId(3), delivery.attribute("agentmesh.node.id"));
        assertEquals(chain.nodeId(2), path.get(2).attribute("agentmesh.next_hop"), "node 1 forwards to node 2");
        assertEquals(chain.nodeId(3), path.get(1).attribute("agentmesh.next_hop"), "node 2 relays to node 3");
        assertTrue(path.stream().allMatch(s -> s.traceId().equals(traceId)), "all in the client's trace");
    }

    @Test
    void aForgedTraceparentIsIgnoredAndTheNodeKeepsServing() {
        String clientSpan = hex(8);
        for (String forged : List.of("ff-" + hex(16) + "-" + clientSpan + "-01",
                "00-00000000000000000000000000000000-" + clientSpan + "-01",
                "00-" + hex(16).toUpperCase() + "-" + clientSpan + "-01",
                "00-" + hex(16) + "-" + clientSpan + "-01-extra")) {
            Set<String> before = deliveriesAtNodeThree().stream().map(ReceivedSpan::spanId).collect(Collectors.toSet());
            callEcho("forged", forged);
            assertTrue(Eventually.within(EXPORTED, () -> deliveriesAtNodeThree().stream()
                    .anyMatch(d -> !before.contains(d.spanId()) && ancestry(d).size() == 4)),
                    () -> "a new delivery at node 3 with its whole way: " + receiver.spans());
            ReceivedSpan delivery = deliveriesAtNodeThree().stream()
                    .filter(d -> !before.contains(d.spanId()) && ancestry(d).size() == 4).findFirst().orElseThrow();
            List<ReceivedSpan> path = ancestry(delivery);
            assertEquals(ENTRY_TO_AGENT, hops(path), forged);
            assertNotEquals(forged.substring(3, 35).toLowerCase(), delivery.traceId(), "not the forged trace: " + forged);
            assertNotEquals(clientSpan, path.get(3).parentSpanId(), "not the forged parent: " + forged);
        }
        callEcho("still serving", "00-" + hex(16) + "-" + hex(8) + "-01");
    }
}
