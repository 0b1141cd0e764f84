package io.agentmesh.agents.http;

import java.util.ArrayDeque;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One SSE stream of a session, apart from the connections that carry it (MCP 2025-11-25
 * basic/transports, "Resumability and Redelivery"): every message sent on it gets the next event id
 * ({@link SseEventId}) and is kept in a bounded buffer (the oldest dropped beyond the limit), whether or
 * not a connection is attached. A client that lost the connection resumes with a GET naming the last
 * event id it received: {@link #attach} replays the kept events after it on the new connection, then
 * the stream goes on there. A stream {@linkplain #finish() finished} (a POST's, after its response) ends
 * each connection once it has been replayed to. Thread-safe: events are written in order.
 */
final class SseEventLog {

    private static final Logger LOG = Logger.getLogger(SseEventLog.class.getName());

    private record Event(long sequence, String json) {
    }

    private final long stream;
    private final boolean get;
    private final int limit;
    private final ArrayDeque<Event> events = new ArrayDeque<>();
    private long next = 1;
    private boolean finished;
    private SseStream connection;

    /**
     * @param stream the stream's number within its session
     * @param get    whether a GET opened it (it then takes the session's server messages)
     * @param limit  events kept for replay (0: none)
     */
    SseEventLog(long stream, boolean get, int limit) {
        this.stream = stream;
        this.get = get;
        this.limit = limit;
    }

    long stream() {
        return stream;
    }

    boolean isGet() {
        return get;
    }

    /** Whether {@code id} names an event this stream has sent. */
    synchronized boolean hasSent(SseEventId id) {
        return id.stream() == stream && id.sequence() < next;
    }

    /** True while a connection is attached and open. */
    synchronized boolean isLive() {
        return connection != null && connection.isOpen();
    }

    synchronized boolean isFinished() {
        return finished;
    }

    /**
     * Sends one message as the stream's next event: kept for replay, and written to the attached
     * connection, if any. True when it was written.
     */
    synchronized boolean send(String json) {
        if (finished) {
            LOG.log(Level.FINE, "SSE stream {0}: a message after its end dropped", stream);
            return false;
        }
        long sequence = next++;
        if (limit > 0) {
            if (events.size() == limit) {
                events.removeFirst();
            }
            events.addLast(new Event(sequence, json));
        }
        return connection != null && connection.send(id(sequence), json);
    }

    /** Ends the stream: the attached connection closes; later resumptions replay, then close. */
    void finish() {
        SseStream c;
        synchronized (this) {
            finished = true;
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close();
        }
    }

    /**
     * Attaches a connection, replaying first the kept events after {@code after} (0: all kept events;
     * events already dropped from the buffer are not replayed). An attached connection is replaced
     * (closed). A finished stream closes the connection after the replay.
     */
    void attach(SseStream next, long after) {
        SseStream old;
        synchronized (this) {
            old = connection;
            connection = null;
            if (!events.isEmpty() && after + 1 < events.peekFirst().sequence()) {
                LOG.log(Level.FINE, "SSE stream {0}: events after {1} were dropped before the resumption",
                        new Object[] {stream, after});
            }
            for (Event e : events) {
                if (e.sequence() > after && !next.send(id(e.sequence()), e.json())) {
                    break;
                }
            }
            if (!finished) {
                connection = next;
            }
        }
        if (old != null && old != next) {
            old.close();
        }
        if (isFinished()) {
            next.close();
        } else {
            next.onClose(() -> detach(next));
        }
    }

    /** Closes the attached connection, if any; the stream stays resumable. */
    void disconnect() {
        SseStream c;
        synchronized (this) {
            c = connection;
            connection = null;
        }
        if (c != null) {
            c.close();
        }
    }

    private synchronized void detach(SseStream c) {
        if (connection == c) {
            connection = null;
        }
    }

    private String id(long sequence) {
        return new SseEventId(stream, sequence).text();
    }
}
