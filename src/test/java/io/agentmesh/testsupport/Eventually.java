package io.agentmesh.testsupport;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Waits for something another thread or process does by polling it until it holds or a deadline passes,
 * instead of sleeping a fixed time. Polls at once, then after pauses growing from 10 ms to 200 ms; the
 * last poll is at the deadline. A probe's exception ends the wait (checked ones wrapped).
 */
public final class Eventually {

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(200);

    /** A condition that may throw, so probes can call the test's own helpers. */
    @FunctionalInterface
    public interface Condition {
        boolean holds() throws Exception;
    }

    /** A value to poll, which may throw. */
    @FunctionalInterface
    public interface Probe<T> {
        T get() throws Exception;
    }

    private Eventually() {
    }

    /** Returns once {@code condition} holds; fails naming {@code what} when it does not within {@code timeout}. */
    public static void until(Duration timeout, String what, Condition condition) {
        until(timeout, condition::holds, Boolean::booleanValue,
                held -> "timed out after " + timeout + " waiting until " + what);
    }

    /**
     * The first value of {@code probe} that {@code done} accepts; when none does within {@code timeout}, an
     * {@link AssertionError} with the message {@code failure} makes of the last value.
     */
    public static <T> T until(Duration timeout, Probe<T> probe, Predicate<? super T> done,
                              Function<? super T, String> failure) {
        return poll(timeout, probe, done, last -> {
            throw new AssertionError(failure.apply(last));
        });
    }

    /** Whether {@code condition} held within {@code timeout}, for callers that report the failure themselves. */
    public static boolean within(Duration timeout, Condition condition) {
        return poll(timeout, condition::holds, Boolean::booleanValue);
    }

    /**
     * The first value of {@code probe} that {@code done} accepts, or the last one when none does within
     * {@code timeout}: for helpers that hand the answer to the test's own assertion.
     */
    public static <T> T poll(Duration timeout, Probe<T> probe, Predicate<? super T> done) {
        return poll(timeout, probe, done, last -> last);
    }

    private static <T> T poll(Duration timeout, Probe<T> probe, Predicate<? super T> done, UnaryOperator<T> timedOut) {
        long deadline = System.nanoTime() + timeout.toNanos();
        long pause = FIRST_PAUSE_NANOS;
        while (true) {
            T value = get(probe);
            if (done.test(value)) {
                return value;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return timedOut.apply(value);
            }
            sleep(Math.min(pause, left));
            pause = Math.min(2 * pause, MAX_PAUSE_NANOS);
        }
    }

    private static <T> T get(Probe<T> probe) {
        try {
            return probe.get();
        } catch (RuntimeException e) {
            throw e;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        } catch (Exception e) {
            throw new IllegalStateException("the condition waited for failed: " + e, e);
        }
    }

    private static void sleep(long nanos) {
        try {
            TimeUnit.NANOSECONDS.sleep(nanos);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting", e);
        }
    }
}
