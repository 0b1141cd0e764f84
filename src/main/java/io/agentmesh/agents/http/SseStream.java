package io.agentmesh.agents.http;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One open Server-Sent Events stream (HTML Living Standard §9.2 "Server-sent events", as MCP 2025-11-25
 * "Streamable HTTP" uses it): each JSON-RPC message is one {@code message} event whose {@code data}
 * lines carry the JSON text, after an {@code id} line when the event has an id ({@link SseEventLog}:
 * the session's streams are resumable); keep-alives are comment lines. Writes are serialised; the first
 * failed write closes the stream. Thread-safe.
 */
public final class SseStream {

    private static final Logger LOG = Logger.getLogger(SseStream.class.getName());
    private static final byte[] KEEP_ALIVE = ":\n\n".getBytes(StandardCharsets.UTF_8);

    private final OutputStream out;
    private final Runnable end;
    private final List<Runnable> onClose = new CopyOnWriteArrayList<>();
    private boolean open = true;

    /**
     * @param out where the event stream goes (the committed response body)
     * @param end ends the underlying HTTP exchange; called once, when the stream closes
     */
    public SseStream(OutputStream out, Runnable end) {
        this.out = out;
        this.end = end;
    }

    /** Formats one {@code message} event: every line of {@code data} becomes a {@code data:} line. */
    static byte[] event(String data) {
        return event(null, data);
    }

    /** Formats one {@code message} event with an {@code id} line first (none when {@code id} is null). */
    static byte[] event(String id, String data) {
        StringBuilder b = new StringBuilder(data.length() + 40);
        if (id != null) {
            b.append("id: ").append(id).append('\n');
        }
        b.append("event: message\n");
        for (String line : data.split("\r\n|\r|\n", -1)) {
            b.append("data: ").append(line).append('\n');
        }
        return b.append('\n').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Sends one JSON-RPC message as an event and flushes; false when the stream is (or just got) closed. */
    public boolean send(String json) {
        return write(event(json));
    }

    /** Sends one JSON-RPC message as an event with this id and flushes; false when the stream is closed. */
    public boolean send(String id, String json) {
        return write(event(id, json));
    }

    /** Sends a comment line so that idle connections stay open and dead ones are found. */
    public boolean keepAlive() {
        return write(KEEP_ALIVE);
    }

    /** Runs {@code action} once when the stream closes (at once if it already is). */
    public void onClose(Runnable action) {
        boolean run;
        synchronized (this) {
            run = !open;
            if (!run) {
                onClose.add(action);
            }
        }
        if (run) {
            action.run();
        }
    }

    public synchronized boolean isOpen() {
        return open;
    }

    /** Ends the stream and its HTTP exchange; later sends return false. */
    public void close() {
        synchronized (this) {
            if (!open) {
                return;
            }
            open = false;
        }
        try {
            end.run();
        } catch (RuntimeException e) {
            LOG.log(Level.FINE, "ending an SSE exchange failed", e);
        }
        onClose.forEach(Runnable::run);
    }

    private boolean write(byte[] bytes) {
        synchronized (this) {
            if (!open) {
                return false;
            }
            try {
                out.write(bytes);
                out.flush();
                return true;
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "SSE stream closed by a failed write: {0}", e.toString());
            }
        }
        close();
        return false;
    }
}
