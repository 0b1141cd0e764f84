package io.agentmesh.agents.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SSE streams of one session (MCP 2025-11-25 basic/transports, "Multiple Connections" and
 * "Resumability and Redelivery"): the GET streams, any number of them open at once, and the streams of
 * POST replies, each an {@link SseEventLog} with its own event ids. A server message goes on exactly one
 * open GET stream (they take turns), never on several. At most {@link #MAX_STREAMS} streams are kept for
 * resumption: a new one displaces the oldest with no open connection; when each has one, a new GET is
 * refused and a new POST reply's stream is not kept. Thread-safe.
 */
final class SessionStreams {

    /** Streams a session keeps for resumption, open ones included. */
    static final int MAX_STREAMS = 16;

    private final int eventLimit;
    private final Map<Long, SseEventLog> logs = new LinkedHashMap<>();
    private long nextStream = 1;
    private long turn;

    /** @param eventLimit events each stream keeps for replay ({@code mesh.mcp.sse-replay-events}) */
    SessionStreams(int eventLimit) {
        this.eventLimit = eventLimit;
    }

    /** True when each of {@link #MAX_STREAMS} streams has an open connection: a new GET is refused. */
    synchronized boolean isGetFull() {
        return logs.size() >= MAX_STREAMS && logs.values().stream().allMatch(SseEventLog::isLive);
    }

    /**
     * A new stream: a GET's, or a POST reply's. When {@link #isGetFull()}, a GET gets none and a POST
     * reply's stream is not kept (it cannot be resumed).
     */
    synchronized Optional<SseEventLog> open(boolean get) {
        SseEventLog log = new SseEventLog(nextStream++, get, eventLimit);
        if (logs.size() >= MAX_STREAMS) {
            Optional<Long> displaced = logs.values().stream().filter(l -> !l.isLive()).findFirst()
                    .map(SseEventLog::stream);
            if (displaced.isEmpty()) {
                return get ? Optional.empty() : Optional.of(log);
            }
            logs.remove(displaced.get());
        }
        logs.put(log.stream(), log);
        return Optional.of(log);
    }

    /** The stream that sent the event with this id; empty when none of this session's streams did. */
    synchronized Optional<SseEventLog> find(SseEventId id) {
        return Optional.ofNullable(logs.get(id.stream())).filter(l -> l.hasSent(id));
    }

    /** True while some stream has an open connection. */
    synchronized boolean anyLive() {
        return logs.values().stream().anyMatch(SseEventLog::isLive);
    }

    /** True while some GET stream has an open connection. */
    synchronized boolean anyGetLive() {
        return logs.values().stream().anyMatch(l -> l.isGet() && l.isLive());
    }

    /**
     * Sends a server message on one open GET stream, the next in turn; false (nothing sent) when none
     * is open. The message belongs to that stream even if the write fails: a client resuming the
     * stream gets it.
     */
    boolean deliver(String json) {
        SseEventLog chosen;
        synchronized (this) {
            List<SseEventLog> live = new ArrayList<>();
            for (SseEventLog l : logs.values()) {
                if (l.isGet() && l.isLive()) {
                    live.add(l);
                }
            }
            if (live.isEmpty()) {
                return false;
            }
            chosen = live.get((int) (turn++ % live.size()));
        }
        chosen.send(json);
        return true;
    }

    /** Ends every stream (the session ended). */
    void endAll() {
        List<SseEventLog> all;
        synchronized (this) {
            all = List.copyOf(logs.values());
            logs.clear();
        }
        all.forEach(SseEventLog::finish);
    }
}
