package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.testsupport.ManualTime;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

/** How the endpoint probe judges what it saw: this server, another process on the port, or nothing yet. */
class EndpointProbeTest {

    private final ManualTime time = new ManualTime(Instant.parse("2030-01-01T00:00:00Z"));
    private final EndpointProbe probe = new EndpointProbe(URI.create("http://127.0.0.1:9/"), () -> false, time.clock());

    @Test
    void aRequestSeenByThisApplicationMeansListening() {
        assertEquals(EndpointProbe.Verdict.LISTENING, probe.judge(true, true));
    }

    @Test
    void answersFromElsewhereAreToleratedForAWhileThenMeanTheyHoldThePort() {
        assertEquals(EndpointProbe.Verdict.WAITING, probe.judge(true, false));
        time.advance(EndpointProbe.FOREIGN_PATIENCE.minusMillis(1));
        assertEquals(EndpointProbe.Verdict.WAITING, probe.judge(true, false));
        time.advance(Duration.ofMillis(1));
        assertEquals(EndpointProbe.Verdict.TAKEN, probe.judge(true, false));
    }

    @Test
    void aPortThatStaysClosedIsReportedAfterThePatience() {
        assertEquals(EndpointProbe.Verdict.WAITING, probe.judge(false, false));
        time.advance(EndpointProbe.CLOSED_PATIENCE);
        assertEquals(EndpointProbe.Verdict.CLOSED, probe.judge(false, false));
    }

    @Test
    void nothingListeningOnThePortIsNotListening() {
        // port 9 (discard) on loopback: nothing answers, and no request reaches this application
        assertEquals(EndpointProbe.Verdict.WAITING, probe.probe());
    }
}
