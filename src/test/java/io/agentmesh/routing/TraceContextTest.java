package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/** W3C trace context in {@code params._meta}, read as W3C Trace Context says a receiver reads it. */
class TraceContextTest {

    /** The example of MCP 2026-07-28, basic/index, "OpenTelemetry trace context" (and of W3C Trace Context). */
    static final String EXAMPLE = "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01";

    private static JsonObject meta(String traceparent, String tracestate) {
        var meta = Json.createObjectBuilder();
        if (traceparent != null) {
            meta.add("traceparent", traceparent);
        }
        if (tracestate != null) {
            meta.add("tracestate", tracestate);
        }
        return Json.createObjectBuilder().add("name", "echo").add("_meta", meta).build();
    }

    @Test
    void theSpecificationsExampleIsRead() {
        TraceContext.Reading r = TraceContext.read(meta(EXAMPLE, "congo=t61rcWkgMzE,rojo=00f067aa0ba902b7"));
        assertEquals(TraceContext.Verdict.VALID, r.verdict());
        assertEquals("0af7651916cd43dd8448eb211c80319c", r.context().traceId());
        assertEquals("00f067aa0ba902b7", r.context().parentId());
        assertEquals(1, r.context().flags());
        assertEquals("congo=t61rcWkgMzE,rojo=00f067aa0ba902b7", r.context().tracestate());
        assertEquals(EXAMPLE, r.context().traceparent());
        assertFalse(r.malformed());
    }

    @Test
    void noTraceparentIsNoTraceContextEvenWithATracestate() {
        assertEquals(TraceContext.Verdict.ABSENT, TraceContext.read(null).verdict());
        assertEquals(TraceContext.Verdict.ABSENT, TraceContext.read(obj("{\"name\":\"x\"}")).verdict());
        assertEquals(TraceContext.Verdict.ABSENT, TraceContext.read(obj("{\"_meta\":[]}")).verdict());
        TraceContext.Reading lone = TraceContext.read(meta(null, "congo=t61rcWkgMzE"));
        assertEquals(TraceContext.Verdict.ABSENT, lone.verdict());
        assertNull(lone.context());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-0",          // too short
            "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-011",        // too long for version 00
            "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01-",        // version 00 takes nothing after
            "00-0AF7651916CD43DD8448EB211C80319C-00f067aa0ba902b7-01",         // uppercase hex
            "00-0af7651916cd43dd8448eb211c80319g-00f067aa0ba902b7-01",         // not hex
            "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902bz-01",         // not hex
            "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-0g",         // flags not hex
            "00-00000000000000000000000000000000-00f067aa0ba902b7-01",         // all-zero trace id
            "00-0af7651916cd43dd8448eb211c80319c-0000000000000000-01",         // all-zero parent id
            "ff-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",         // version ff
            "0g-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",         // version not hex
            "00_0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01",         // separators
            "00-0af7651916cd43dd8448eb211c80319c_00f067aa0ba902b7-01",
            "00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7_01",
            "01-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01x",        // a later version: '-' after 55
            "",
            "  00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01"})
    void aMalformedTraceparentIsNoTraceContextAndTakesItsTracestateWithIt(String traceparent) {
        TraceContext.Reading r = TraceContext.read(meta(traceparent, "congo=t61rcWkgMzE"));
        assertEquals(TraceContext.Verdict.BAD_TRACEPARENT, r.verdict(), traceparent);
        assertNull(r.context());
        assertTrue(r.malformed());
        assertNull(TraceContext.parse(traceparent));
    }

    @Test
    void aTraceparentThatIsNotAStringIsMalformed() {
        JsonObject params = obj("{\"_meta\":{\"traceparent\":42}}");
        assertEquals(TraceContext.Verdict.BAD_TRACEPARENT, TraceContext.read(params).verdict());
        String huge = "01-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-01-" + "a".repeat(300);
        assertEquals(TraceContext.Verdict.BAD_TRACEPARENT, TraceContext.read(meta(huge, null)).verdict(), "oversized");
    }

    @Test
    void aLaterVersionIsReadByTheVersion00LayoutAndHandedOnAsVersion00() {
        TraceContext c = TraceContext.parse("cc-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-09-what-comes-later");
        assertEquals("00-0af7651916cd43dd8448eb211c80319c-00f067aa0ba902b7-09", c.traceparent());
        assertEquals(EXAMPLE, TraceContext.parse("01" + EXAMPLE.substring(2)).traceparent());
    }

    @Test
    void aMalformedTracestateIsDroppedAlone() {
        String tooMany = IntStream.range(0, 33).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
        String tooLong = "a=" + "x".repeat(TraceContext.MAX_TRACESTATE_LENGTH);
        for (String bad : new String[] {tooMany, tooLong, "Congo=t61", "congo", "congo=a,congo=b", "congo=a=b",
                "1abc=x", "t@", "@s=x", "t@UPPER=x", "congo=\u00e9"}) {
            TraceContext.Reading r = TraceContext.read(meta(EXAMPLE, bad));
            assertEquals(TraceContext.Verdict.BAD_TRACESTATE, r.verdict(), bad);
            assertEquals(EXAMPLE, r.context().traceparent(), "the traceparent stands");
            assertNull(r.context().tracestate(), bad);
        }
        JsonObject notAString = obj("{\"_meta\":{\"traceparent\":\"" + EXAMPLE + "\",\"tracestate\":[1]}}");
        assertEquals(TraceContext.Verdict.BAD_TRACESTATE, TraceContext.read(notAString).verdict());
    }

    @Test
    void aValidTracestateIsKeptAsReceived() {
        String max = IntStream.range(0, 32).mapToObj(i -> "k" + i + "=v").collect(Collectors.joining(","));
        for (String good : new String[] {max, "congo=t61rcWkgMzE", " congo=a ,\trojo=b", "congo=a,,rojo=b",
                "tenant1@vendor=x", "a-b_c*d/e=v a l u e", ""}) {
            TraceContext.Reading r = TraceContext.read(meta(EXAMPLE, good));
            assertEquals(TraceContext.Verdict.VALID, r.verdict(), good);
            assertEquals(good, r.context().tracestate());
        }
    }

    @Test
    void writeSetsReplacesAndRemovesTheKeysKeepingTheRest() {
        JsonObject params = obj("{\"name\":\"echo\",\"_meta\":{\"progressToken\":1,\"traceparent\":\"x\","
                + "\"tracestate\":\"y\",\"baggage\":\"k=v\"}}");
        TraceContext child = TraceContext.parse(EXAMPLE).withParent("b7ad6b7169203331");
        JsonObject written = TraceContext.write(params, child);
        assertEquals(obj("{\"name\":\"echo\",\"_meta\":{\"progressToken\":1,\"baggage\":\"k=v\","
                + "\"traceparent\":\"00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01\"}}"), written);
        assertEquals(obj("{\"name\":\"echo\",\"_meta\":{\"progressToken\":1,\"baggage\":\"k=v\"}}"),
                TraceContext.write(params, null));
        assertNull(TraceContext.write(obj("{\"_meta\":{\"traceparent\":\"x\"}}"), null), "nothing left: no params");
        assertEquals(obj("{\"_meta\":{\"traceparent\":\"" + EXAMPLE + "\"}}"),
                TraceContext.write(null, TraceContext.parse(EXAMPLE)));
        TraceContext stated = new TraceContext(child.traceId(), child.parentId(), 0, "rojo=1");
        assertEquals(JsonValue.ValueType.STRING, TraceContext.write(null, stated).getJsonObject("_meta")
                .get("tracestate").getValueType());
    }

    @Test
    void aContextIsMadeOnlyOfValidParts() {
        assertThrows(IllegalArgumentException.class, () -> new TraceContext("0".repeat(32), "1".repeat(16), 0, null));
        assertThrows(IllegalArgumentException.class, () -> new TraceContext("1".repeat(32), "1".repeat(16), 256, null));
        assertThrows(IllegalArgumentException.class, () -> new TraceContext("1".repeat(32), "1".repeat(16), 0, "A=b"));
    }
}
