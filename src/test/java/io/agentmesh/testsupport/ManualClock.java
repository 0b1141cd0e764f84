package io.agentmesh.testsupport;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.LongSupplier;

/**
 * A UTC {@link Clock} that moves only when the test moves it, with a nanoTime source ({@link #nanoTime()})
 * that moves with it, for classes that take a monotonic {@code LongSupplier} instead of a clock.
 * Thread-safe.
 */
public final class ManualClock extends Clock {

    private final Instant start;
    private final AtomicReference<Instant> now;

    public ManualClock(Instant start) {
        this.start = start;
        this.now = new AtomicReference<>(start);
    }

    /** A clock at an arbitrary fixed instant (2025-01-01T00:00:00Z), for tests that only move time. */
    public ManualClock() {
        this(Instant.parse("2025-01-01T00:00:00Z"));
    }

    /** Moves the clock forward by {@code by}. */
    public void advance(Duration by) {
        now.updateAndGet(t -> t.plus(by));
    }

    /** Puts the clock at {@code instant} (backwards too). */
    public void set(Instant instant) {
        now.set(instant);
    }

    /** Nanoseconds since the start instant, read from this clock, in place of {@code System::nanoTime}. */
    public LongSupplier nanoTime() {
        return () -> Duration.between(start, instant()).toNanos();
    }

    @Override
    public Instant instant() {
        return now.get();
    }

    @Override
    public ZoneId getZone() {
        return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
        return this;
    }
}
