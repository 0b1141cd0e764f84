package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LogLines;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;

class LogLimiterTest {

    private static final Logger LOG = Logger.getLogger(LogLimiterTest.class.getName());

    private final AtomicLong nanos = new AtomicLong(5);
    private final LogLimiter limiter = new LogLimiter(Duration.ofSeconds(60), nanos::get);

    @Test
    void oneLinePerKindPerIntervalAndTheNextSaysHowManyWereLeftOut() {
        try (LogLines lines = new LogLines(LOG.getName(), Level.INFO)) {
            for (int i = 0; i < 1000; i++) {
                limiter.log(LOG, Level.INFO, "close", "socket {0} closed", i);
                nanos.addAndGet(Duration.ofMillis(10).toNanos());   // 10 s in all
            }
            assertTrue(limiter.log(LOG, Level.INFO, "dial", "dial to {0} failed", "ws://x"), "another kind logs");
            nanos.addAndGet(Duration.ofSeconds(50).toNanos());
            assertTrue(limiter.log(LOG, Level.INFO, "close", "socket {0} closed", "last"));
            assertFalse(limiter.log(LOG, Level.INFO, "close", "socket {0} closed", "again"));

            assertEquals(List.of("INFO socket 0 closed", "INFO dial to ws://x failed",
                    "INFO socket last closed (999 more like this not logged since the last)"), lines.lines());
        }
    }

    @Test
    void linesBelowTheLoggersLevelAreNeitherLoggedNorCounted() {
        try (LogLines lines = new LogLines(LOG.getName(), Level.INFO)) {
            assertFalse(limiter.log(LOG, Level.FINE, "close", "fine {0}", 1));
            assertTrue(limiter.log(LOG, Level.INFO, "close", "info {0}", 2));
            assertEquals(List.of("INFO info 2"), lines.lines());
        }
    }

    @Test
    void aPeersTextIsNotAPattern() {
        try (LogLines lines = new LogLines(LOG.getName(), Level.INFO)) {
            limiter.log(LOG, Level.INFO, "close", "closing, {0}", "reason '{1}' {");
            assertEquals(List.of("INFO closing, reason '{1}' {"), lines.lines());
        }
    }
}
