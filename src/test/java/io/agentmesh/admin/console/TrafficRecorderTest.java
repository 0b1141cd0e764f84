package io.agentmesh.admin.console;

import io.agentmesh.node.TrafficSettings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class TrafficRecorderTest {

    private static final JsonRpc.Response OK = JsonRpc.Response.result(Json.createValue(1), JsonValue.EMPTY_JSON_OBJECT);
    private static final JsonRpc.Response NOT_FOUND = JsonRpc.Response.error(Json.createValue(1),
            JsonRpc.AGENT_NOT_FOUND, "agent not found");

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final TrafficRecorder recorder = new TrafficRecorder(
            new TrafficSettings(Duration.ofSeconds(5), 12, 4, 3), time.clock());

    @Test
    void callsArePerSlotWithRatesAndPercentiles() {
        for (int i = 0; i < 10; i++) {
            recorder.served("echo", "tools/call", Duration.ofMillis(10), OK);
        }
        time.advance(Duration.ofSeconds(5));
        recorder.served("echo", "tools/call", Duration.ofMillis(200), NOT_FOUND);

        TrafficReport report = recorder.report();
        assertEquals(5000, report.slotMillis());
        assertEquals(60_000, report.toMillis() - report.fromMillis(), "12 slots of 5 s");
        TrafficReport.Series echo = report.agents().get(0);
        assertEquals("echo", echo.key());
        assertEquals(11, echo.calls());
        assertEquals(1, echo.errors());
        assertEquals(12, echo.points().size());
        TrafficReport.Point previous = echo.points().get(10);
        TrafficReport.Point last = echo.points().get(11);
        assertEquals(10, previous.calls());
        assertEquals(2.0, previous.callsPerSec());
        assertNear(10, previous.p50Ms());
        assertEquals(1, last.errors());
        assertNear(200, last.p99Ms());
        assertEquals(Instant.parse("2026-01-01T00:00:05Z").toEpochMilli(), last.t());
        assertEquals(0, echo.points().get(0).calls());
        assertNull(echo.points().get(0).p50Ms());
    }

    @Test
    void oldSlotsAreReusedAndIdleSeriesForgotten() {
        recorder.served("echo", "tools/call", Duration.ofMillis(10), OK);
        time.advance(Duration.ofSeconds(60));
        recorder.served("calc", "tools/call", Duration.ofMillis(10), OK);
        TrafficReport report = recorder.report();
        assertEquals(List.of("calc"), report.agents().stream().map(TrafficReport.Series::key).toList(),
                "echo had nothing in the last minute");
        time.advance(Duration.ofSeconds(60));
        recorder.served("calc", "tools/call", Duration.ofMillis(10), OK);
        assertEquals(1, recorder.report().agents().get(0).calls(), "the slot of a minute ago was reset");
    }

    /**
     * Each link has a series of its own (its id), so a mesh whose links are redialed makes new series all the
     * time; the soak of issue 15 found the series of closed links kept (up to 120 latency histograms, ~580 KB,
     * each) until the series limit, when no one looked at the dashboard's traffic.
     */
    @Test
    void aNewSeriesEndsTheSeriesIdleForAWholeWindowEvenWhenNoReportIsAskedFor() {
        java.lang.ref.WeakReference<String> closedLinkId = recordOnClosedLink();
        time.advance(Duration.ofSeconds(61));
        recorder.sent(FakeLink.to(TestNodes.node(0xdef), "redialed"), "x:echo/tools/call", true, Duration.ofMillis(3), OK);

        for (int i = 0; i < 20 && closedLinkId.get() != null; i++) {
            System.gc();
        }
        assertNull(closedLinkId.get(), "the closed link's series is no longer kept");
    }

    private java.lang.ref.WeakReference<String> recordOnClosedLink() {
        String id = new String("closed-" + System.nanoTime());
        recorder.sent(FakeLink.to(TestNodes.node(0xabc), id), "x:echo/tools/call", true, Duration.ofMillis(3), OK);
        return new java.lang.ref.WeakReference<>(id);
    }

    @Test
    void linksAreLabelledWithPeerAndDirection() {
        FakeLink out = FakeLink.to(TestNodes.node(0xabc), "out-1");
        recorder.sent(out, "x:echo/tools/call", true, Duration.ofMillis(3), OK);
        TrafficReport.Series link = recorder.report().links().get(0);
        assertEquals("out-1", link.key());
        assertEquals("00000000 (out)", link.label());
        assertEquals(1, link.calls());
    }

    @Test
    void theLeastRecentlyActiveSeriesIsDroppedBeyondTheLimit() {
        for (String agent : List.of("a", "b", "c", "d")) {
            recorder.served(agent, "tools/call", Duration.ofMillis(1), OK);
            time.advance(Duration.ofSeconds(1));
        }
        recorder.served("e", "tools/call", Duration.ofMillis(1), OK);
        assertEquals(List.of("b", "c", "d", "e"),
                recorder.report().agents().stream().map(TrafficReport.Series::key).toList());
    }

    @Test
    void recentErrorsAreBoundedNewestFirstAndCountedByCode() {
        recorder.answered("x/tools/call", "t", Duration.ZERO, OK);
        recorder.answered("a/tools/call", "link in-1", Duration.ZERO, NOT_FOUND);
        recorder.answered("b/tools/call", "t", Duration.ZERO,
                JsonRpc.Response.error(Json.createValue(2), JsonRpc.TIMEOUT, "timeout"));
        recorder.answered("c/tools/call", "t", Duration.ZERO, NOT_FOUND);
        recorder.answered("d/tools/call", "t", Duration.ZERO, NOT_FOUND);
        TrafficReport report = recorder.report();
        assertEquals(List.of("d/tools/call", "c/tools/call", "b/tools/call"),
                report.recentErrors().stream().map(TrafficReport.ErrorEvent::method).toList());
        assertEquals(List.of(new TrafficReport.CodeCount(JsonRpc.AGENT_NOT_FOUND, 2),
                new TrafficReport.CodeCount(JsonRpc.TIMEOUT, 1)), report.errorsByCode());
    }

    @Test
    void errorsOfNodeOperationsBetweenNodesAreNotListed() {
        String peer = "0123456789abcdef0123456789abcdef01234567";
        recorder.answered(peer + ":node/gossip_sync", "link in-1", Duration.ZERO, NOT_FOUND);
        recorder.answered("node/list_peers", "t", Duration.ZERO, NOT_FOUND);
        recorder.answered(peer + ":echo/tools/call", "t", Duration.ZERO, NOT_FOUND);
        TrafficReport report = recorder.report();
        assertEquals(List.of(peer + ":echo/tools/call"),
                report.recentErrors().stream().map(TrafficReport.ErrorEvent::method).toList());
        assertEquals(List.of(new TrafficReport.CodeCount(JsonRpc.AGENT_NOT_FOUND, 1)), report.errorsByCode());
    }

    @Test
    void settingsAreValidated() {
        assertEquals(Duration.ofMinutes(10), TrafficSettings.defaults().window());
        assertThrows(IllegalArgumentException.class, () -> new TrafficSettings(Duration.ofMillis(500), 10, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrafficSettings(Duration.ofMillis(1500), 10, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrafficSettings(Duration.ofSeconds(1), 1, 1, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrafficSettings(Duration.ofSeconds(1), 10, 0, 1));
        assertThrows(IllegalArgumentException.class, () -> new TrafficSettings(Duration.ofSeconds(1), 10, 1, 0));
    }

    private static void assertNear(double expected, Double actual) {
        assertTrue(actual != null && Math.abs(actual - expected) <= expected * 0.1,
                () -> "expected about " + expected + ", got " + actual);
    }
}
