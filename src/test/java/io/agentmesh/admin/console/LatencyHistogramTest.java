package io.agentmesh.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class LatencyHistogramTest {

    @Test
    void percentilesAreWithinTenPercentOfTheTrueValue() {
        LatencyHistogram h = new LatencyHistogram();
        for (int ms = 1; ms <= 100; ms++) {
            h.record(Duration.ofMillis(ms));
        }
        assertEquals(100, h.count());
        assertNear(50, h.percentileMillis(0.5));
        assertNear(99, h.percentileMillis(0.99));
        assertNear(100, h.percentileMillis(1.0));
    }

    @Test
    void emptyIsNaNAndBadQuantilesAreRefused() {
        LatencyHistogram h = new LatencyHistogram();
        assertTrue(Double.isNaN(h.percentileMillis(0.5)));
        assertThrows(IllegalArgumentException.class, () -> h.percentileMillis(0));
        assertThrows(IllegalArgumentException.class, () -> h.percentileMillis(1.5));
    }

    @Test
    void extremesLandInTheEndBuckets() {
        assertEquals(0, LatencyHistogram.bucket(Duration.ZERO));
        assertEquals(LatencyHistogram.BUCKETS - 1, LatencyHistogram.bucket(Duration.ofDays(30)));
    }

    @Test
    void addMergesCounts() {
        LatencyHistogram a = new LatencyHistogram();
        LatencyHistogram b = new LatencyHistogram();
        a.record(Duration.ofMillis(1));
        b.record(Duration.ofMillis(1000));
        b.record(Duration.ofMillis(1000));
        a.add(b);
        assertEquals(3, a.count());
        assertNear(1000, a.percentileMillis(0.5));
        assertNear(1, a.percentileMillis(0.3));
    }

    private static void assertNear(double expected, double actual) {
        assertTrue(Math.abs(actual - expected) <= expected * 0.1, () -> "expected about " + expected + ", got " + actual);
    }
}
