package io.agentmesh.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CallTallyTest {

    private static final Duration DEADLINE = Duration.ofSeconds(15);

    @Test
    void summarisesOutcomesPerToolAndCountsTimeoutsAsHung() {
        CallTally tally = new CallTally(DEADLINE);
        tally.add(new CallTally.Call("echo", "a", CallTally.OK, Duration.ofMillis(20)));
        tally.add(new CallTally.Call("echo", "b", CallTally.OK, Duration.ofMillis(900)));
        tally.add(new CallTally.Call("echo", "c", "-32062", Duration.ofMillis(10_000)));
        tally.add(new CallTally.Call("add_note", "r-3", CallTally.TIMEOUT, Duration.ofMillis(15_001)));

        JsonObject summary = tally.summary();

        assertEquals(4, summary.getInt("calls"));
        assertEquals(1, summary.getInt("hung"));
        assertEquals(15_001, summary.getInt("slowest_ms"));
        JsonObject echo = summary.getJsonObject("tools").getJsonObject("echo");
        assertEquals(3, echo.getInt("calls"));
        assertEquals(2, echo.getInt("ok"));
        assertEquals(66.666, echo.getJsonNumber("success_percent").doubleValue());
        assertEquals(10_000, echo.getInt("slowest_ms"));
        assertEquals(1, echo.getJsonObject("outcomes").getInt("-32062"));
        assertEquals(0, summary.getJsonObject("tools").getJsonObject("add_note").getInt("ok"));
    }

    @Test
    void writesOneLinePerCall() {
        CallTally tally = new CallTally(DEADLINE);
        tally.add(new CallTally.Call("add_note", "r-3", CallTally.OK, Duration.ofMillis(7)));

        assertEquals(List.of("{\"tool\":\"add_note\",\"argument\":\"r-3\",\"outcome\":\"ok\",\"elapsed_ms\":7}"),
                tally.lines());
    }

    @Test
    void anEmptyRunSummarisesToZero() {
        JsonObject summary = new CallTally(DEADLINE).summary();

        assertEquals(0, summary.getInt("calls"));
        assertEquals(0, summary.getInt("hung"));
        assertEquals(15_000, summary.getInt("deadline_ms"));
    }
}
