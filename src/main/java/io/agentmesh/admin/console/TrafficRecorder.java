package io.agentmesh.admin.console;

import io.agentmesh.node.TrafficSettings;
import io.agentmesh.routing.Address;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.routing.RouteObserver;
import io.agentmesh.transport.Link;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Keeps the recent traffic of this node for the dashboard (docs/operations.md, "Dashboard"): a ring
 * buffer of time slots per agent (calls served here) and per link (requests sent or forwarded on it),
 * and the latest error answers to agent calls. Fed by the router as a {@link RouteObserver}; read as a
 * {@link TrafficReport}. Memory is bounded by {@link TrafficSettings}. Thread-safe.
 */
public final class TrafficRecorder implements RouteObserver {

    private final TrafficSettings settings;
    private final Clock clock;
    private final long slotMillis;
    private final Map<String, TrafficSeries> agents = new ConcurrentHashMap<>();
    private final Map<String, TrafficSeries> links = new ConcurrentHashMap<>();
    private final Deque<TrafficReport.ErrorEvent> errors = new ArrayDeque<>();

    public TrafficRecorder(TrafficSettings settings, Clock clock) {
        this.settings = Objects.requireNonNull(settings, "settings");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.slotMillis = settings.slot().toMillis();
    }

    public TrafficSettings settings() {
        return settings;
    }

    @Override
    public void served(String agent, String method, Duration took, JsonRpc.Response response) {
        long now = clock.millis();
        series(agents, agent, agent, now).record(now, took, response.isError());
    }

    @Override
    public void sent(Link link, String method, boolean forwarded, Duration took, JsonRpc.Response response) {
        long now = clock.millis();
        series(links, link.id(), linkLabel(link), now).record(now, took, response.isError());
    }

    /**
     * Keeps an error answer to a call of an agent. Errors of node operations ({@code node/...}: the
     * registry's gossip, peer exchange, lookups between nodes) are the mesh's own traffic, counted in the
     * metrics but not listed here, so that they do not crowd out the errors users see.
     */
    @Override
    public void answered(String method, String from, Duration took, JsonRpc.Response response) {
        if (!response.isError() || isNodeOperation(method)) {
            return;
        }
        JsonRpc.Error e = response.error();
        TrafficReport.ErrorEvent event = new TrafficReport.ErrorEvent(clock.millis(), e.code(), e.message(), method, from);
        synchronized (errors) {
            errors.addFirst(event);
            while (errors.size() > settings.recentErrors()) {
                errors.removeLast();
            }
        }
    }

    private static boolean isNodeOperation(String method) {
        try {
            return Address.parse(method).targetsNode();
        } catch (JsonRpcException e) {
            return false;
        }
    }

    /** The traffic of the window that ends now. */
    public TrafficReport report() {
        long now = clock.millis();
        long newest = Math.floorDiv(now, slotMillis);
        long from = windowStart(now);
        prune(agents, from);
        prune(links, from);
        List<TrafficReport.ErrorEvent> recent;
        synchronized (errors) {
            recent = List.copyOf(errors);
        }
        Map<Integer, Long> byCode = new LinkedHashMap<>();
        recent.forEach(e -> byCode.merge(e.code(), 1L, Long::sum));
        List<TrafficReport.CodeCount> counts = new ArrayList<>();
        byCode.forEach((code, n) -> counts.add(new TrafficReport.CodeCount(code, n)));
        counts.sort(Comparator.comparingLong(TrafficReport.CodeCount::count).reversed()
                .thenComparingInt(TrafficReport.CodeCount::code));
        return new TrafficReport(slotMillis, from, (newest + 1) * slotMillis, snapshots(agents, now),
                snapshots(links, now), counts, recent);
    }

    private static List<TrafficReport.Series> snapshots(Map<String, TrafficSeries> all, long now) {
        return all.values().stream()
                .sorted(Comparator.comparing(TrafficSeries::label).thenComparing(TrafficSeries::key))
                .map(s -> s.snapshot(now))
                .toList();
    }

    private TrafficSeries series(Map<String, TrafficSeries> all, String key, String label, long now) {
        TrafficSeries series = all.get(key);
        if (series != null) {
            return series;
        }
        series = all.computeIfAbsent(key, k -> new TrafficSeries(k, label, slotMillis, settings.slots(), now));
        prune(agents, windowStart(now));   // a closed link's series ends here too, not only when a report is asked for
        prune(links, windowStart(now));
        evictBeyondLimit();
        return series;
    }

    /** The start of the window that ends with the slot holding {@code nowMillis}. */
    private long windowStart(long nowMillis) {
        return (Math.floorDiv(nowMillis, slotMillis) - settings.slots() + 1) * slotMillis;
    }

    /** Drops the least recently active series while more than {@code maxSeries} are kept. */
    private void evictBeyondLimit() {
        while (agents.size() + links.size() > settings.maxSeries()) {
            TrafficSeries oldest = null;
            Map<String, TrafficSeries> owner = null;
            for (Map<String, TrafficSeries> all : List.of(agents, links)) {
                for (TrafficSeries s : all.values()) {
                    if (oldest == null || s.lastActiveMillis() < oldest.lastActiveMillis()) {
                        oldest = s;
                        owner = all;
                    }
                }
            }
            if (oldest == null) {
                return;
            }
            owner.remove(oldest.key(), oldest);
        }
    }

    /** Forgets series with no call in the window. */
    private static void prune(Map<String, TrafficSeries> all, long fromMillis) {
        all.values().removeIf(s -> s.lastActiveMillis() < fromMillis);
    }

    static String linkLabel(Link link) {
        return link.peer().value().substring(0, 8) + (link.outbound() ? " (out)" : " (in)");
    }
}
