package io.agentmesh.admin.tracing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.HopTracing;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.TraceContext;
import io.agentmesh.testsupport.TestNodes;
import io.opentelemetry.api.OpenTelemetry;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.sdk.testing.exporter.InMemorySpanExporter;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.data.SpanData;
import io.opentelemetry.sdk.trace.export.SimpleSpanProcessor;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The hops of requests as spans of the real OpenTelemetry SDK, exported to memory. */
class OpenTelemetryTracingTest {

    private static final String EXAMPLE = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";
    private static final String SELF = TestNodes.node(1).value();
    private static final String NEXT = TestNodes.node(2).value();
    private static final String TARGET = TestNodes.node(3).value();

    private final InMemorySpanExporter exported = InMemorySpanExporter.create();
    private final SdkTracerProvider provider = SdkTracerProvider.builder()
            .addSpanProcessor(SimpleSpanProcessor.create(exported)).build();
    private final OpenTelemetryTracing tracing = new OpenTelemetryTracing(provider.get(OpenTelemetryTracing.SCOPE), SELF);

    @AfterEach
    void close() {
        provider.close();
    }

    private static TraceContext parent() {
        TraceContext p = TraceContext.parse(EXAMPLE);
        return new TraceContext(p.traceId(), p.parentId(), p.flags(), "congo=t61rcWkgMzE");
    }

    private SpanData only() {
        assertEquals(1, exported.getFinishedSpanItems().size(), () -> "spans: " + exported.getFinishedSpanItems());
        return exported.getFinishedSpanItems().get(0);
    }

    @Test
    void aForwardIsAClientSpanThatTheNextHopContinues() {
        HopTracing.HopSpan span = tracing.open(new HopTracing.Hop(HopTracing.Kind.FORWARD, TARGET + ":echo/tools/call",
                true, NEXT, "0af7651916cd43dd8448eb211c80319c"), parent());
        TraceContext next = span.context();
        assertEquals("0af7651916cd43dd8448eb211c80319c", next.traceId(), "the client's trace");
        assertEquals(1, next.flags(), "sampled");
        assertEquals("congo=t61rcWkgMzE", next.tracestate(), "handed on unchanged");
        span.end(JsonRpc.Response.result(JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT));

        SpanData d = only();
        assertEquals(SpanKind.CLIENT, d.getKind());
        assertEquals("tools/call echo", d.getName());
        assertEquals("00f067aa0ba902b7", d.getParentSpanId());
        assertEquals(next.parentId(), d.getSpanId(), "the next hop's parent is this span");
        assertEquals("tools/call", d.getAttributes().get(AttributeKey.stringKey("mcp.method.name")));
        assertEquals("forward", d.getAttributes().get(AttributeKey.stringKey("agentmesh.hop")));
        assertEquals(SELF, d.getAttributes().get(AttributeKey.stringKey("agentmesh.node.id")));
        assertEquals(NEXT, d.getAttributes().get(AttributeKey.stringKey("agentmesh.next_hop")));
        assertEquals("0af7651916cd43dd8448eb211c80319c", d.getAttributes().get(AttributeKey.stringKey("agentmesh.route.trace")));
        assertEquals(StatusCode.UNSET, d.getStatus().getStatusCode());
    }

    @Test
    void anEntryWithoutContextStartsATraceAsAServerSpan() {
        HopTracing.HopSpan span = tracing.open(new HopTracing.Hop(HopTracing.Kind.ENTRY, "local:echo/tools/list",
                false, null, null), null);
        span.end(JsonRpc.Response.result(JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT));
        SpanData d = only();
        assertEquals(SpanKind.SERVER, d.getKind());
        assertFalse(d.getParentSpanContext().isValid(), "a root span");
        assertEquals(d.getTraceId(), span.context().traceId());
        assertNull(span.context().tracestate());
    }

    @Test
    void aDeliveryIsAServerSpanFromALinkAndInternalAtItsEntry() {
        tracing.open(new HopTracing.Hop(HopTracing.Kind.DELIVERY, SELF + ":echo/tools/call", true, null, null), parent())
                .end(JsonRpc.Response.error(JsonValue.NULL, -32061, "agent not found"));
        tracing.open(new HopTracing.Hop(HopTracing.Kind.DELIVERY, "echo/tools/call", false, null, null), parent())
                .end(null);
        SpanData fromLink = exported.getFinishedSpanItems().get(0);
        assertEquals(SpanKind.SERVER, fromLink.getKind());
        assertEquals(StatusCode.ERROR, fromLink.getStatus().getStatusCode());
        assertEquals(-32061L, fromLink.getAttributes().get(AttributeKey.longKey("rpc.jsonrpc.error_code")));
        SpanData local = exported.getFinishedSpanItems().get(1);
        assertEquals(SpanKind.INTERNAL, local.getKind());
        assertEquals(StatusCode.ERROR, local.getStatus().getStatusCode(), "no answer: internal error");
    }

    @Test
    void nodeOperationsAreNamedByTheirOperation() {
        tracing.open(new HopTracing.Hop(HopTracing.Kind.FORWARD, TARGET + ":node/sealed", true, NEXT, "t"), parent())
                .end(JsonRpc.Response.result(JsonValue.NULL, JsonValue.EMPTY_JSON_OBJECT));
        assertEquals("node/sealed", only().getName());
    }

    @Test
    void onlyTheSdkRecords() {
        assertTrue(TracingWiring.recording(provider.get("probe")));
        assertFalse(TracingWiring.recording(OpenTelemetry.noop().getTracer("probe")));
        assertTrue(exported.getFinishedSpanItems().isEmpty(), "the probe is never exported");
    }
}
