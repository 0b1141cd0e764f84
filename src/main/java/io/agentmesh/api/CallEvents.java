package io.agentmesh.api;

import io.agentmesh.json.Json;
import io.agentmesh.routing.Cancellation;
import jakarta.json.JsonObject;
import jakarta.ws.rs.core.StreamingOutput;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Server-Sent Events answer of {@code POST /api/v1/call} for a client that accepts
 * {@code text/event-stream} (docs/api.md, "Streaming"; HTML Living Standard §9.2): each notification that
 * comes back for the call (progress, log messages, those of a {@code subscriptions/listen}) is one event
 * {@code notification} whose data is the JSON-RPC notification, and the call's answer, the body the JSON
 * answer would have had ({@code {"result": ...}} or {@code {"error": ...}}), is the last event,
 * {@code answer}; then the stream ends. At most {@code mesh.api.event-queue} events wait for a slow
 * client; more notifications are dropped (counted in {@link #dropped()}, logged once per call at FINE), the
 * answer never. A client that goes away
 * cancels the call ({@link Cancellation}). Thread-safe: the mesh adds events, one writer streams them.
 */
final class CallEvents implements StreamingOutput {

    private static final Logger LOG = Logger.getLogger(CallEvents.class.getName());

    private record Event(byte[] bytes, boolean last) {
    }

    private final BlockingQueue<Event> events;
    private final int maxQueued;
    private final Cancellation cancellation;
    private final AtomicLong dropped = new AtomicLong();
    private volatile boolean answered;

    /**
     * @param maxQueued    most notifications waiting for the client at once
     * @param cancellation cancelled when the client goes away before the answer
     */
    CallEvents(int maxQueued, Cancellation cancellation) {
        this.maxQueued = maxQueued;
        this.events = new ArrayBlockingQueue<>(maxQueued + 1);
        this.cancellation = cancellation;
    }

    /** Queues a notification of the call; dropped after the answer or when the queue is full. */
    void notification(String method, JsonObject params) {
        JsonObject message = Json.createObjectBuilder().add("jsonrpc", "2.0").add("method", method)
                .add("params", params).build();
        synchronized (this) {
            if (answered || events.size() >= maxQueued) {
                if (dropped.getAndIncrement() == 0) {
                    LOG.log(Level.FINE, "/api/v1/call: {0} dropped for a slow client or after the answer", method);
                }
                return;
            }
            events.add(new Event(event("notification", message.toString()), false));
        }
    }

    /** Queues the answer, the last event; later events are dropped. */
    void answer(JsonObject body) {
        synchronized (this) {
            if (answered) {
                return;
            }
            answered = true;
            events.add(new Event(event("answer", body.toString()), true));
        }
    }

    /** Notifications dropped for a slow client. */
    long dropped() {
        return dropped.get();
    }

    /** Writes the events as they come until the answer; blocks its thread until then. */
    @Override
    public void write(OutputStream out) throws IOException {
        try {
            while (true) {
                Event next = events.take();
                out.write(next.bytes());
                out.flush();
                if (next.last()) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            cancellation.cancel("interrupted");
        } catch (IOException | RuntimeException e) {
            LOG.log(Level.FINE, "/api/v1/call: the client went away: {0}", e.toString());
            cancellation.cancel("the client closed the response stream");
            throw e;
        }
    }

    /** One event: its name, then the data (one line: JSON text has no raw line breaks). */
    static byte[] event(String name, String data) {
        return ("event: " + name + "\ndata: " + data + "\n\n").getBytes(StandardCharsets.UTF_8);
    }
}
