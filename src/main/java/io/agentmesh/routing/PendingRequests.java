package io.agentmesh.routing;

import io.agentmesh.json.Json;
import io.agentmesh.transport.Link;
import jakarta.json.JsonNumber;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The requests this node has sent on its links and awaits answers to (wire-v1 §5, §5.3): link-local
 * ids (unique among the pending requests of a link), one deadline per request ({@code -32062} when it
 * passes), completion by the response with the matching id, and {@code -32060} for all of a link's
 * requests at once when the link goes down. Every request ends exactly once; nothing hangs. A response
 * whose id matches nothing (unknown or late) is ignored. Thread-safe.
 */
public final class PendingRequests {

    private static final Logger LOG = Logger.getLogger(PendingRequests.class.getName());

    private final ScheduledExecutorService scheduler;
    private final Clock clock;
    private final int maxPerLink;
    private final ConcurrentHashMap<String, LinkPending> byLink = new ConcurrentHashMap<>();

    /**
     * @param scheduler  runs the deadlines
     * @param clock      measures how long a request waited
     * @param maxPerLink most requests awaiting an answer on one link
     */
    public PendingRequests(ScheduledExecutorService scheduler, Clock clock, int maxPerLink) {
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.clock = Objects.requireNonNull(clock, "clock");
        if (maxPerLink < 1) {
            throw new IllegalArgumentException("maxPerLink must be at least 1");
        }
        this.maxPerLink = maxPerLink;
    }

    /** One request awaiting its answer: send a request with {@link #id()} on the link, then wait on {@link #response()}. */
    public static final class Pending {
        private final Link link;
        private final long id;
        private final Instant openedAt;
        private final CompletableFuture<JsonRpc.Response> response = new CompletableFuture<>();
        private volatile ScheduledFuture<?> deadline;

        private Pending(Link link, long id, Instant openedAt) {
            this.link = link;
            this.id = id;
            this.openedAt = openedAt;
        }

        /** The link-local id to put on the request. */
        public JsonNumber id() {
            return Json.createValue(id);
        }

        public Link link() {
            return link;
        }

        /**
         * Completes with the peer's response, or with an error response carrying the link-local id:
         * {@code -32062} at the deadline, {@code -32060} when the link goes down.
         */
        public CompletableFuture<JsonRpc.Response> response() {
            return response;
        }
    }

    private static final class LinkPending {
        private final Map<Long, Pending> entries = new HashMap<>();
        private long nextId = 1;
        private boolean closed;
    }

    /**
     * Registers a request about to be sent on {@code link}, answered {@code -32062} after {@code timeout};
     * with a null timeout, a long-lived one: it ends by its response or when the link goes down.
     *
     * @throws JsonRpcException {@code -32060} when the link is closed, {@code -32065} when the link has
     *                          {@code maxPerLink} requests pending already
     */
    public Pending open(Link link, Duration timeout) throws JsonRpcException {
        LinkPending state = byLink.computeIfAbsent(link.id(), k -> new LinkPending());
        Pending pending;
        synchronized (state) {
            if (state.closed) {
                throw linkClosed(link);
            }
            if (state.entries.size() >= maxPerLink) {
                throw new JsonRpcException(JsonRpc.OVERLOADED, "overloaded: " + maxPerLink
                        + " requests already pending on the link to " + link.peer(), nodeData(link));
            }
            pending = new Pending(link, state.nextId++, clock.instant());
            state.entries.put(pending.id, pending);
        }
        if (timeout != null) {
            pending.deadline = scheduler.schedule(() -> expire(pending, timeout), timeout.toMillis(), TimeUnit.MILLISECONDS);
        }
        if (!link.isOpen()) {
            // the link closed while registering: its linkDown may have missed this one
            JsonRpcException closed = linkClosed(link);
            fail(link, pending.id(), closed.error());
            byLink.computeIfPresent(link.id(), (k, s) -> {
                synchronized (s) {
                    return s.entries.isEmpty() ? null : s;
                }
            });
            throw closed;
        }
        return pending;
    }

    /** Completes the pending request that {@code response} answers; false when its id matches none (ignored). */
    public boolean complete(Link link, JsonRpc.Response response) {
        Pending pending = remove(link, response.id());
        if (pending == null) {
            LOG.log(Level.FINE, () -> "ignored a response with unknown or late id " + response.id()
                    + " on link " + link.id());
            return false;
        }
        finish(pending, response);
        return true;
    }

    /** Ends a pending request with {@code error} (e.g. the send failed); false when it already ended. */
    public boolean fail(Link link, JsonValue id, JsonRpc.Error error) {
        Pending pending = remove(link, id);
        if (pending == null) {
            return false;
        }
        finish(pending, JsonRpc.Response.error(pending.id(), error));
        return true;
    }

    /** Ends every pending request of {@code link} with {@code -32060}, at once; later opens on it fail. */
    public void linkDown(Link link) {
        LinkPending state = byLink.remove(link.id());
        if (state == null) {
            return;
        }
        List<Pending> ended;
        synchronized (state) {
            state.closed = true;
            ended = new ArrayList<>(state.entries.values());
            state.entries.clear();
        }
        if (!ended.isEmpty()) {
            LOG.log(Level.FINE, () -> "link " + link.id() + " to " + link.peer() + " went down with "
                    + ended.size() + " requests pending");
        }
        JsonRpc.Error error = new JsonRpc.Error(JsonRpc.NODE_UNREACHABLE,
                "node unreachable: the link to " + link.peer() + " closed before the answer", nodeData(link));
        for (Pending p : ended) {
            finish(p, JsonRpc.Response.error(p.id(), error));
        }
    }

    /** How many requests await an answer on {@code link}. */
    public int pendingCount(Link link) {
        LinkPending state = byLink.get(link.id());
        if (state == null) {
            return 0;
        }
        synchronized (state) {
            return state.entries.size();
        }
    }

    private void expire(Pending pending, Duration timeout) {
        if (remove(pending.link, pending.id()) == null) {
            return;
        }
        long waited = Duration.between(pending.openedAt, clock.instant()).toMillis();
        LOG.log(Level.FINE, () -> "request " + pending.id + " on link " + pending.link.id() + " timed out after "
                + waited + " ms");
        finish(pending, JsonRpc.Response.error(pending.id(), new JsonRpc.Error(JsonRpc.TIMEOUT,
                "timeout: no answer from " + pending.link.peer() + " within " + timeout.toMillis() + " ms",
                nodeData(pending.link))));
    }

    private Pending remove(Link link, JsonValue id) {
        Long key = key(id);
        LinkPending state = byLink.get(link.id());
        if (key == null || state == null) {
            return null;
        }
        synchronized (state) {
            return state.entries.remove(key);
        }
    }

    private static void finish(Pending pending, JsonRpc.Response response) {
        ScheduledFuture<?> deadline = pending.deadline;
        if (deadline != null) {
            deadline.cancel(false);
        }
        pending.response.complete(response);
    }

    /** Ids this node allocates are integral JSON numbers; anything else matches nothing. */
    private static Long key(JsonValue id) {
        if (id instanceof JsonNumber n && n.isIntegral()) {
            try {
                return n.longValueExact();
            } catch (ArithmeticException e) {
                return null;
            }
        }
        return null;
    }

    private static JsonRpcException linkClosed(Link link) {
        return new JsonRpcException(JsonRpc.NODE_UNREACHABLE, "node unreachable: the link to " + link.peer()
                + " is closed", nodeData(link));
    }

    private static JsonValue nodeData(Link link) {
        return JsonRpc.errorData(link.peer().value(), null);
    }
}
