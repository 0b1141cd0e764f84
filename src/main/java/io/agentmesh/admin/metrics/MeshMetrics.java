package io.agentmesh.admin.metrics;

import io.agentmesh.agents.AccessControl;
import io.agentmesh.agents.AccessObserver;
import io.agentmesh.agents.InputObserver;
import io.agentmesh.membership.Refusal;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.RouteObserver;
import io.agentmesh.transport.AdmissionRefusal;
import io.agentmesh.transport.DialRefusal;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkObserver;
import io.agentmesh.transport.MemoryBudget;
import io.agentmesh.web.JwtFailure;
import io.agentmesh.agents.http.McpHttpObserver;
import io.agentmesh.web.JwtObserver;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Typed;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.eclipse.microprofile.metrics.Counter;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricID;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;
import org.eclipse.microprofile.metrics.Timer;
import org.eclipse.microprofile.metrics.annotation.RegistryScope;

/**
 * The node's MicroProfile Metrics (application scope, Prometheus text at {@code /metrics}): links,
 * handshakes, messages and bytes, the links' memory budget, calls and their latencies, forwards, refused access
 * tokens and refused calls (the registry's figures are {@link RegistryMetrics}'). Fed by the transport
 * ({@link LinkObserver}), the router ({@link RouteObserver}), the JWT mode ({@link JwtObserver}), the
 * access rules ({@link AccessObserver}), {@code /mcp} ({@link McpHttpObserver}) and the agents' multi
 * round-trip requests ({@link InputObserver}). The
 * names, tags and units are listed in docs/metrics.md; {@link Names} holds them. Every tag takes its
 * values from a bounded set, whatever peers send: codes through {@link MetricLabels}, peers through
 * {@link PeerSeries} (at most {@link PeerSeriesPolicy#max()} of them, others as {@code peer="other"}).
 */
@ApplicationScoped
@Typed(MeshMetrics.class)
public class MeshMetrics implements LinkObserver, RouteObserver, JwtObserver, AccessObserver, McpHttpObserver,
        InputObserver {

    /** Metric names (MicroProfile form; Prometheus turns dots into underscores and adds unit suffixes). */
    public static final class Names {
        public static final String LINKS_OPEN = "agentmesh.links.open";
        public static final String MEMORY_HELD = "agentmesh.links.memory.held";
        public static final String MEMORY_LIMIT = "agentmesh.links.memory.limit";
        public static final String MEMORY_REFUSED = "agentmesh.links.memory.refused";
        public static final String LINKS_SILENT = "agentmesh.links.silent";
        public static final String HANDSHAKES = "agentmesh.links.handshakes";
        public static final String LINKS_CLOSED = "agentmesh.links.closed";
        public static final String LINKS_REFUSED = "agentmesh.links.refused";
        public static final String MESSAGES = "agentmesh.links.messages";
        public static final String BYTES = "agentmesh.links.bytes";
        public static final String LINK_REQUEST_DURATION = "agentmesh.links.request.duration";
        public static final String FORWARDS = "agentmesh.forwards";
        public static final String REQUESTS = "agentmesh.requests";
        public static final String CALLS = "agentmesh.calls";
        public static final String CALL_DURATION = "agentmesh.calls.duration";
        public static final String DIALS_REFUSED = "agentmesh.links.dials.refused";
        public static final String SESSION_EVENTS = "agentmesh.sessions.events";
        public static final String OAUTH_REFUSED = "agentmesh.oauth.refused";
        public static final String ACCESS_REFUSED = "agentmesh.access.refused";
        public static final String INPUT_REFUSED = "agentmesh.mcp.input.refused";
        public static final String MCP_REJECTED = "agentmesh.mcp.rejected";
        public static final String TRACE_CONTEXT_DROPPED = "agentmesh.trace.context.dropped";

        private Names() {
        }
    }

    @Inject
    @RegistryScope(scope = MetricRegistry.APPLICATION_SCOPE)
    MetricRegistry registry;

    @Inject
    PeerSeriesPolicy peerPolicy;

    @Inject
    MemoryBudget memory;

    private PeerSeries<Timer> peerTimers;

    private final AtomicInteger openLinks = new AtomicInteger();
    /**
     * Counters and timers by name and tag values. The registry's own lookup (and building its tags,
     * each name checked against a pattern) costs more than the update, on every message and call.
     */
    private final ConcurrentHashMap<Key, Counter> counters = new ConcurrentHashMap<>();
    private final ConcurrentHashMap<Key, Timer> timers = new ConcurrentHashMap<>();

    /** A metric's name and the values of its tags (at most two; each metric has fixed tag names). */
    private record Key(String name, String first, String second) {
    }

    private static final String[] NO_TAGS = {};
    private static final String[] DIRECTION = {"direction"};
    private static final String[] OUTCOME = {"outcome"};
    private static final String[] OUTCOME_CODE = {"outcome", "code"};
    private static final String[] CODE = {"code"};
    private static final String[] AGENT = {"agent"};
    private static final String[] AGENT_OUTCOME = {"agent", "outcome"};
    private static final String[] AGENT_REASON = {"agent", "reason"};
    private static final String[] PEER = {"peer"};
    private static final String[] REASON = {"reason"};
    private static final String[] EVENT = {"event"};
    /** The events of {@link RouteObserver#session}: a fixed set, so a label value never comes from a peer. */
    private static final Set<String> SESSION_EVENTS = Set.of("handshake_started", "handshake_answered",
            "handshake_failed", "refused", "sealed_sent", "sealed_served", "rejected", "unknown");

    /** The reasons of {@link RouteObserver#traceContextDropped}. */
    private static final Set<String> TRACE_REASONS = Set.of("traceparent", "tracestate");

    private static final Key MESSAGES_IN = new Key(Names.MESSAGES, "in", null);
    private static final Key MESSAGES_OUT = new Key(Names.MESSAGES, "out", null);
    private static final Key BYTES_IN = new Key(Names.BYTES, "in", null);
    private static final Key BYTES_OUT = new Key(Names.BYTES, "out", null);
    private static final Key OTHER_PEER = new Key(Names.LINK_REQUEST_DURATION, MetricLabels.OTHER, null);
    private static final Key MEMORY_REFUSED = new Key(Names.MEMORY_REFUSED, null, null);
    private static final Key LINKS_SILENT = new Key(Names.LINKS_SILENT, null, null);
    private static final String MESSAGES_HELP = "Application messages on links, by direction";
    private static final String BYTES_HELP = "Application message bytes on links, by direction";
    private static final String HANDSHAKES_HELP = "Handshakes by outcome and close code (none when ok)";
    private static final String REFUSED_HELP = "Connections refused over an admission cap or for their membership"
            + " certificate, by reason";
    private static final String PEER_DURATION_HELP = "How long requests sent on a link took to be answered, by peer";

    @PostConstruct
    void register() {
        registry.gauge(Metadata.builder().withName(Names.LINKS_OPEN)
                .withDescription("Links open now (handshake completed, not yet closed)").build(), openLinks::get);
        registry.gauge(meta(Names.MEMORY_HELD, "Bytes the links' partial incoming messages and send queues hold"
                + " of the memory budget", MetricUnits.BYTES), memory::held);
        registry.gauge(meta(Names.MEMORY_LIMIT, "The links' memory budget (mesh.link.memory-budget)", MetricUnits.BYTES),
                memory::limit);
        peerTimers = new PeerSeries<>(peerPolicy.max(), peerPolicy.configured(),
                peer -> registry.timer(meta(Names.LINK_REQUEST_DURATION, PEER_DURATION_HELP, MetricUnits.SECONDS),
                        new Tag(PEER[0], peer.value())),
                (peer, timer) -> registry.remove(new MetricID(Names.LINK_REQUEST_DURATION, new Tag(PEER[0], peer.value()))));
        for (AdmissionRefusal reason : AdmissionRefusal.values()) {
            refused(reason);   // every reason's series from the start, at 0
        }
        for (JwtFailure failure : JwtFailure.values()) {
            tokenRefusals(failure);
        }
        for (Refusal reason : Refusal.values()) {
            certificateRefusals(reason);
        }
    }

    // ---- JwtObserver

    @Override
    public void refused(JwtFailure failure) {
        tokenRefusals(failure).inc();
    }

    private Counter tokenRefusals(JwtFailure failure) {
        return counter(new Key(Names.OAUTH_REFUSED, failure.label(), null),
                "Access tokens refused at /mcp and /api/v1/call, by reason", MetricUnits.NONE, REASON);
    }

    // ---- LinkObserver

    @Override
    public void linkUp(Link link) {
        openLinks.incrementAndGet();
        peerTimers.linkUp(link.peer());
        counter(new Key(Names.HANDSHAKES, "ok", "none"), HANDSHAKES_HELP, MetricUnits.NONE, OUTCOME_CODE).inc();
    }

    @Override
    public void dialRefused(DialRefusal reason) {
        counter(new Key(Names.DIALS_REFUSED, reason.name().toLowerCase(Locale.ROOT), null),
                "Dials the dial governor refused, by reason", MetricUnits.NONE, REASON).inc();
    }

    @Override
    public void linkClosed(Link link, boolean wasUp, int closeCode) {
        if (wasUp) {
            openLinks.decrementAndGet();
            peerTimers.linkClosed(link.peer());
            counter(new Key(Names.LINKS_CLOSED, MetricLabels.closeCode(closeCode), null),
                    "Links that were up and closed, by close code", MetricUnits.NONE, CODE).inc();
        } else {
            counter(new Key(Names.HANDSHAKES, "failed", MetricLabels.closeCode(closeCode)), HANDSHAKES_HELP,
                    MetricUnits.NONE, OUTCOME_CODE).inc();
        }
    }

    @Override
    public void linkSilent() {
        counter(LINKS_SILENT, "Links closed because nothing arrived on them within mesh.link.liveness-timeout",
                MetricUnits.NONE, NO_TAGS).inc();
    }

    @Override
    public void memoryRefused() {
        counter(MEMORY_REFUSED, "Links closed because the memory budget could not hold what they needed",
                MetricUnits.NONE, NO_TAGS).inc();
    }

    public void linkRefused(AdmissionRefusal reason) {
        refused(reason).inc();
    }

    @Override
    public void certificateRefused(Refusal reason) {
        certificateRefusals(reason).inc();
    }

    private Counter certificateRefusals(Refusal reason) {
        return counter(new Key(Names.LINKS_REFUSED, reason.label(), null), REFUSED_HELP, MetricUnits.NONE, REASON);
    }

    private Counter refused(AdmissionRefusal reason) {
        return counter(new Key(Names.LINKS_REFUSED, reason.label(), null), REFUSED_HELP, MetricUnits.NONE, REASON);
    }

    @Override
    public void messageReceived(Link link, int bytes) {
        counter(MESSAGES_IN, MESSAGES_HELP, MetricUnits.NONE, DIRECTION).inc();
        counter(BYTES_IN, BYTES_HELP, MetricUnits.BYTES, DIRECTION).inc(bytes);
    }

    @Override
    public void messageSent(Link link, int bytes) {
        counter(MESSAGES_OUT, MESSAGES_HELP, MetricUnits.NONE, DIRECTION).inc();
        counter(BYTES_OUT, BYTES_HELP, MetricUnits.BYTES, DIRECTION).inc(bytes);
    }

    // ---- RouteObserver

    @Override
    public void answered(String method, String from, Duration took, JsonRpc.Response response) {
        Key key = response.isError()
                ? new Key(Names.REQUESTS, "error", MetricLabels.errorCode(response.error().code()))
                : new Key(Names.REQUESTS, "ok", "none");
        counter(key, "Requests this node answered, by outcome and JSON-RPC error code", MetricUnits.NONE,
                OUTCOME_CODE).inc();
    }

    @Override
    public void served(String agent, String method, Duration took, JsonRpc.Response response) {
        counter(new Key(Names.CALLS, agent, outcome(response)),
                "Requests served by the agents of this node, by agent and outcome", MetricUnits.NONE,
                AGENT_OUTCOME).inc();
        timer(new Key(Names.CALL_DURATION, agent, null), "How long the agents of this node took to answer",
                AGENT).update(took);
    }

    @Override
    public void sent(Link link, String method, boolean forwarded, Duration took, JsonRpc.Response response) {
        Timer peer = peerTimers.get(link.peer());
        (peer != null ? peer : timer(OTHER_PEER, PEER_DURATION_HELP, PEER)).update(took);
        if (forwarded) {
            counter(new Key(Names.FORWARDS, response.isError() ? "error" : "ok", null),
                    "Requests forwarded toward another node (hops made here), by outcome", MetricUnits.NONE,
                    OUTCOME).inc();
        }
    }

    @Override
    public void session(String event) {
        if (SESSION_EVENTS.contains(event)) {
            counter(new Key(Names.SESSION_EVENTS, event, null), "End-to-end session events, by kind",
                    MetricUnits.NONE, EVENT).inc();
        }
    }

    // ---- McpHttpObserver

    /** The code is one of the few the endpoint makes, through {@link MetricLabels}: the series stay bounded. */
    @Override
    public void rejected(int code) {
        counter(new Key(Names.MCP_REJECTED, MetricLabels.errorCode(code), null),
                "Requests of MCP 2026-07-28 refused at /mcp before they reached an agent, by JSON-RPC error code",
                MetricUnits.NONE, CODE).inc();
    }

    /** The reason is {@code traceparent} or {@code tracestate}: the series stay bounded. */
    @Override
    public void traceContextDropped(String reason) {
        if (TRACE_REASONS.contains(reason)) {
            counter(new Key(Names.TRACE_CONTEXT_DROPPED, reason, null),
                    "Malformed W3C trace context in requests' _meta, dropped, by the key that was malformed",
                    MetricUnits.NONE, REASON).inc();
        }
    }

    // ---- AccessObserver

    /** The agent is one hosted here, the reason one of a few: the series stay bounded. */
    @Override
    public void refused(String agent, AccessControl.Reason reason) {
        counter(new Key(Names.ACCESS_REFUSED, agent, reason.label()),
                "Requests to the agents of this node refused by its access rules (-32064), by agent and reason",
                MetricUnits.NONE, AGENT_REASON).inc();
    }

    // ---- InputObserver

    /** The agent is one hosted here, the reason one of two: the series stay bounded. */
    @Override
    public void retryRefused(String agent, InputObserver.Reason reason) {
        counter(new Key(Names.INPUT_REFUSED, agent, reason.label()),
                "Retries of multi round-trip requests refused by the agents of this node (-32602), by agent and reason",
                MetricUnits.NONE, AGENT_REASON).inc();
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

    private Counter counter(Key key, String description, String unit, String[] tagNames) {
        Counter counter = counters.get(key);
        return counter != null ? counter
                : counters.computeIfAbsent(key, k -> registry.counter(meta(k.name(), description, unit), tags(k, tagNames)));
    }

    private Timer timer(Key key, String description, String[] tagNames) {
        Timer timer = timers.get(key);
        return timer != null ? timer : timers.computeIfAbsent(key,
                k -> registry.timer(meta(k.name(), description, MetricUnits.SECONDS), tags(k, tagNames)));
    }

    private static Tag[] tags(Key key, String[] names) {
        Tag[] tags = new Tag[names.length];
        for (int i = 0; i < names.length; i++) {
            tags[i] = new Tag(names[i], i == 0 ? key.first() : key.second());
        }
        return tags;
    }

    private static Metadata meta(String name, String description, String unit) {
        return Metadata.builder().withName(name).withDescription(description).withUnit(unit).build();
    }
}
