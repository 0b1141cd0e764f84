package io.agentmesh.transport;

import java.text.MessageFormat;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Lets at most one log line of each kind of event through per interval, so that a flood of events
 * (sockets that never finish their handshake, failed dials, refused upgrades) cannot flood the log: the
 * lines of a kind within an interval after one that was logged are counted, not logged, and the next
 * line of that kind that is logged says how many were left out. A kind is a name the code chooses
 * (a constant, or one per configured entry), never a value a peer sends, so the kinds stay few.
 * Time comes from the injected nanoTime source. Thread-safe.
 */
public final class LogLimiter {

    /** The interval of the node's limiter: one line of each kind per minute. */
    public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);

    /** When a kind may log next, and how many of its lines were left out since its last one. */
    private static final class Kind {
        long next;
        long suppressed;
        boolean logged;
    }

    private final long intervalNanos;
    private final LongSupplier nanoTime;
    private final Map<String, Kind> kinds = new ConcurrentHashMap<>();

    /**
     * @param interval how long after a logged line the lines of its kind are only counted
     * @param nanoTime a monotonic time source in nanoseconds ({@link System#nanoTime} on a node)
     */
    public LogLimiter(Duration interval, LongSupplier nanoTime) {
        Objects.requireNonNull(interval, "interval");
        if (interval.isNegative()) {
            throw new IllegalArgumentException("interval must not be negative: " + interval);
        }
        this.intervalNanos = interval.toNanos();
        this.nanoTime = Objects.requireNonNull(nanoTime, "nanoTime");
    }

    /**
     * Logs {@code message} (a {@link MessageFormat} pattern over {@code params}) to {@code log} at
     * {@code level}, unless a line of {@code kind} was logged less than the interval ago; then it is only
     * counted, and the count is added to the next line of {@code kind} that is logged. Returns whether it
     * was logged. Nothing is counted while {@code level} is not loggable.
     */
    public boolean log(Logger log, Level level, String kind, String message, Object... params) {
        if (!log.isLoggable(level)) {
            return false;
        }
        long now = nanoTime.getAsLong();
        long suppressed;
        Kind k = kinds.computeIfAbsent(kind, name -> new Kind());
        synchronized (k) {
            if (k.logged && now - k.next < 0) {
                k.suppressed++;
                return false;
            }
            suppressed = k.suppressed;
            k.suppressed = 0;
            k.logged = true;
            k.next = now + intervalNanos;
        }
        String line = params.length == 0 ? message : MessageFormat.format(message, params);
        log.log(level, suppressed == 0 ? line : line + " (" + suppressed + " more like this not logged since the last)");
        return true;
    }
}
