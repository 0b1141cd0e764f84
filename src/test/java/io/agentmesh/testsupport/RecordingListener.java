package io.agentmesh.testsupport;

import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkListener;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** A {@link LinkListener} that records every call, with waits for tests on several threads. */
public final class RecordingListener implements LinkListener {

    /** One recorded call. */
    public record Event(String kind, Link link, byte[] message, int code, String reason) { }

    private final List<Event> events = new ArrayList<>();
    private volatile LinkListener then;

    /** Also passes every call on to {@code next} (for example to echo messages). */
    public RecordingListener then(LinkListener next) {
        this.then = next;
        return this;
    }

    @Override
    public void linkUp(Link link) {
        record(new Event("up", link, null, 0, null));
        LinkListener next = then;
        if (next != null) {
            next.linkUp(link);
        }
    }

    @Override
    public void message(Link link, byte[] applicationMessage) {
        record(new Event("message", link, applicationMessage, 0, null));
        LinkListener next = then;
        if (next != null) {
            next.message(link, applicationMessage);
        }
    }

    @Override
    public void linkDown(Link link, int closeCode, String reason) {
        record(new Event("down", link, null, closeCode, reason));
        LinkListener next = then;
        if (next != null) {
            next.linkDown(link, closeCode, reason);
        }
    }

    private synchronized void record(Event e) {
        events.add(e);
        notifyAll();
    }

    public synchronized List<Event> events() {
        return List.copyOf(events);
    }

    public synchronized long count(String kind) {
        return events.stream().filter(e -> e.kind().equals(kind)).count();
    }

    public synchronized List<byte[]> messages() {
        return events.stream().filter(e -> e.kind().equals("message")).map(Event::message).toList();
    }

    /** Waits until {@code condition} holds (checked after each event and every 10 ms); fails after 30 s. */
    public synchronized void await(BooleanSupplier condition, String what) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (!condition.getAsBoolean()) {
            long left = end - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("timed out waiting for " + what + "; events: " + events.size());
            }
            TimeUnit.NANOSECONDS.timedWait(this, Math.min(left, TimeUnit.MILLISECONDS.toNanos(10)));
        }
    }

    public void awaitCount(String kind, long n) throws InterruptedException {
        await(() -> count(kind) >= n, n + " " + kind);
    }
}
