package io.agentmesh.admin.metrics;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.RouteObserver;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkObserver;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The node's MicroProfile Metrics (application scope, Prometheus text at {@code /metrics}): links,
 * handshakes, messages and bytes, calls and their latencies, forwards, and the registry's gossip when
 * it runs. Fed by the transport ({@link LinkObserver}) and the router ({@link RouteObserver}). The
 * names, tags and units are listed in docs/metrics.md; {@link Names} holds them.
 */
@ApplicationScoped
@Typed(MeshMetrics.class)
public class MeshMetrics implements LinkObserver, RouteObserver {

    /** Metric names (MicroProfile form; Prometheus turns dots into underscores and adds unit suffixes). */
    public static final class Names {
        public static final String LINKS_OPEN = "agentmesh.links.open";
        public static final String HANDSHAKES = "agentmesh.links.handshakes";
        public static final String LINKS_CLOSED = "agentmesh.links.closed";
        public static final String MESSAGES = "agentmesh.links.messages";
        public static final String BYTES = "agentmesh.links.bytes";
        public static final String LINK_REQUEST_DURATION = "agentmesh.links.request.duration";
        public static final String FORWARDS = "agentmesh.forwards";
        public static final String REQUESTS = "agentmesh.requests";
        public static final String CALLS = "agentmesh.calls";
        public static final String CALL_DURATION = "agentmesh.calls.duration";
        public static final String GOSSIP_ROUNDS = "agentmesh.registry.gossip.rounds";
        public static final String REGISTRY_NODES = "agentmesh.registry.nodes";

        private Names() {
        }
    }

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    private final AtomicInteger openLinks = new AtomicInteger();
    /** Counters and timers by name and tag values: the registry's own lookup costs more than the update. */
    private final ConcurrentHashMap<String, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<String, Timer> timers = new ConcurrentHashMap<>();

    @PostConstruct
    void register() {
        registry.gauge(Metadata.builder().withName(Names.LINKS_OPEN)
                .withDescription("Links open now (handshake completed, not yet closed)").build(), openLinks::get);
    }

    // ---- LinkObserver

    @Override
    public void linkUp(Link link) {
        openLinks.incrementAndGet();
        counter(meta(Names.HANDSHAKES, "Handshakes by outcome and close code (none when ok)", MetricUnits.NONE),
                new Tag("outcome", "ok"), new Tag("code", "none")).inc();
    }

    @Override
    public void linkClosed(Link link, boolean wasUp, int closeCode) {
        if (wasUp) {
            openLinks.decrementAndGet();
            counter(meta(Names.LINKS_CLOSED, "Links that were up and closed, by close code", MetricUnits.NONE),
                    new Tag("code", Integer.toString(closeCode))).inc();
        } else {
            counter(meta(Names.HANDSHAKES, "Handshakes by outcome and close code (none when ok)", MetricUnits.NONE),
                    new Tag("outcome", "failed"), new Tag("code", Integer.toString(closeCode))).inc();
        }
    }

    @Override
    public void messageReceived(Link link, int bytes) {
        message("in", bytes);
    }

    @Override
    public void messageSent(Link link, int bytes) {
        message("out", bytes);
    }

    private void message(String direction, int bytes) {
        Tag tag = new Tag("direction", direction);
        counter(meta(Names.MESSAGES, "Application messages on links, by direction", MetricUnits.NONE), tag).inc();
        counter(meta(Names.BYTES, "Application message bytes on links, by direction", MetricUnits.BYTES), tag)
                .inc(bytes);
    }

    // ---- RouteObserver

    @Override
    public void answered(String method, String from, Duration took, JsonRpc.Response response) {
        counter(meta(Names.REQUESTS, "Requests this node answered, by outcome and JSON-RPC error code",
                MetricUnits.NONE), new Tag("outcome", response.isError() ? "error" : "ok"),
                new Tag("code", response.isError() ? Integer.toString(response.error().code()) : "none")).inc();
    }

    @Override
    public void served(String agent, String method, Duration took, JsonRpc.Response response) {
        counter(meta(Names.CALLS, "Requests served by the agents of this node, by agent and outcome",
                MetricUnits.NONE), new Tag("agent", agent), new Tag("outcome", outcome(response))).inc();
        timer(meta(Names.CALL_DURATION, "How long the agents of this node took to answer", MetricUnits.SECONDS),
                new Tag("agent", agent)).update(took);
    }

    @Override
    public void sent(Link link, String method, boolean forwarded, Duration took, JsonRpc.Response response) {
        Tag peer = new Tag("peer", link.peer().value());
        timer(meta(Names.LINK_REQUEST_DURATION, "How long requests sent on a link took to be answered, by peer",
                MetricUnits.SECONDS), peer).update(took);
        if (forwarded) {
            counter(meta(Names.FORWARDS, "Requests forwarded toward another node (hops made here), by outcome",
                    MetricUnits.NONE), new Tag("outcome", response.isError() ? "error" : "ok")).inc();
        }
    }

    // ---- registry (once it runs)

    /** Counts one gossip round of the registry. */
    public void gossipRound() {
        counter(meta(Names.GOSSIP_ROUNDS, "Gossip rounds run by the registry", MetricUnits.NONE)).inc();
    }

    /** Registers the gauge of how many nodes the registry holds adverts of. */
    public void registrySize(Supplier<Number> nodes) {
        registry.gauge(Metadata.builder().withName(Names.REGISTRY_NODES)
                .withDescription("Nodes whose adverts the registry holds, this one included").build(), nodes::get);
    }

    /** {@code ok}; {@code tool_error} for a tools/call result with {@code isError: true}; {@code error}. */
    static String outcome(JsonRpc.Response response) {
        if (response.isError()) {
            return "error";
        }
        if (response.result() instanceof JsonObject result && result.get("isError") == JsonValue.TRUE) {
            return "tool_error";
        }
        return "ok";
    }

    private Counter counter(Metadata metadata, Tag... tags) {
        return counters.computeIfAbsent(key(metadata, tags), k -> registry.counter(metadata, tags));
    }

    private Timer timer(Metadata metadata, Tag... tags) {
        return timers.computeIfAbsent(key(metadata, tags), k -> registry.timer(metadata, tags));
    }

    private static String key(Metadata metadata, Tag... tags) {
        StringBuilder key = new StringBuilder(metadata.getName());
        for (Tag tag : tags) {
            key.append('\u0000').append(tag.getTagName()).append('=').append(tag.getTagValue());
        }
        return key.toString();
    }

    private static Metadata meta(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }
}
