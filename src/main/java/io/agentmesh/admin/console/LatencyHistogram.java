package io.agentmesh.admin.console;

import java.time.Duration;
import java.util.Arrays;

/**
 * Latencies counted in logarithmic buckets, four per doubling, from 1 µs to about 18 hours; a
 * percentile is read back as the geometric middle of its bucket, within 10 % of the true value. Small,
 * fixed memory; not thread-safe (its owner locks).
 */
final class LatencyHistogram {

    /** Buckets per doubling of the latency. */
    static final int PER_OCTAVE = 4;
    static final int BUCKETS = 36 * PER_OCTAVE;

    private final long[] counts = new long[BUCKETS];
    private long total;

    void record(Duration latency) {
        counts[bucket(latency)]++;
        total++;
    }

    void clear() {
        Arrays.fill(counts, 0);
        total = 0;
    }

    long count() {
        return total;
    }

    /** Adds another histogram's counts to this one. */
    void add(LatencyHistogram other) {
        for (int i = 0; i < BUCKETS; i++) {
            counts[i] += other.counts[i];
        }
        total += other.total;
    }

    /** The latency below which a fraction {@code q} (0 < q ≤ 1) of the recorded ones lie, in ms; NaN when empty. */
    double percentileMillis(double q) {
        if (q <= 0 || q > 1) {
            throw new IllegalArgumentException("q must be in (0, 1]: " + q);
        }
        if (total == 0) {
            return Double.NaN;
        }
        long rank = (long) Math.ceil(q * total);
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return middleMicros(i) / 1000.0;
            }
        }
        return middleMicros(BUCKETS - 1) / 1000.0;
    }

    static int bucket(Duration latency) {
        long micros = Math.max(1, latency.toNanos() / 1000);
        int b = (int) Math.floor(Math.log(micros) / Math.log(2) * PER_OCTAVE);
        return Math.min(Math.max(b, 0), BUCKETS - 1);
    }

    /** The geometric middle of bucket {@code i}, in µs. */
    static double middleMicros(int i) {
        return Math.pow(2, (i + 0.5) / PER_OCTAVE);
    }
}
