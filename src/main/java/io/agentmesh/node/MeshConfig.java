package io.agentmesh.node;

import static io.agentmesh.node.ConfigKeys.*;

import io.agentmesh.agents.AccessRules;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.InputSettings;
import io.agentmesh.agents.bridge.BridgeConfiguration;
import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.session.SessionSettings;
import io.agentmesh.transport.AdmissionLimits;
import io.agentmesh.transport.Bootstrap;
import io.agentmesh.transport.DialSettings;
import io.agentmesh.transport.KeepAlive;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.TrustPolicy;
import io.agentmesh.web.OAuthSettings;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The node's configuration: each layer's settings record, built once from the keys of the catalogue
 * ({@link ConfigKeys}, listed in docs/configuration.md) by {@link #read}. A value that cannot be used is
 * an {@link InvalidConfigException} naming the key; where a settings record checks a value itself, its
 * refusal is reported under the key (the rule is not written here again).
 *
 * @param node           data directory, advertised addresses, HTTP endpoint
 * @param link           {@code mesh.link.*} but the caps, {@code mesh.bootstrap.backoff-*}, the advertised addresses
 * @param dial           {@code mesh.dial.*}
 * @param admission      the caps {@code mesh.link.max-pending*}, {@code max-handshakes}, {@code max-links-*}
 * @param trust          {@code mesh.trust.*}
 * @param bootstrap      {@code mesh.bootstrap}
 * @param routing        {@code mesh.route.*}, {@code mesh.rpc.timeout}; with route announcements and direct
 *                       dials ({@code mesh.discovery.auto-dial})
 * @param sessions       {@code mesh.e2e.*}
 * @param registry       {@code mesh.registry.*}
 * @param autoDial       {@code mesh.discovery.auto-dial}
 * @param maxLinks       {@code mesh.max-links}
 * @param mcp            {@code mesh.mcp.*}
 * @param callDeadline   the deadline of a {@code POST /api/v1/call} ({@code mesh.rpc.timeout}); its access
 *                       rules are those of {@code mcp}
 * @param benchEnabled   {@code mesh.bench.enabled}
 * @param agents         {@code mesh.agents.*}, {@code mesh.samples.enabled}, the data directory
 * @param bridges        {@code mesh.bridges}, {@code mesh.bridge.*}
 * @param access         {@code mesh.access.*}: who may call this node's agents
 * @param admin          {@code mesh.admin.*}, {@code mesh.keystore.password}
 * @param bootstrapGrace {@code mesh.health.bootstrap-grace}
 * @param console        {@code mesh.console.*}, {@code mesh.metrics.max-peer-series}
 * @param input          {@code mesh.mcp.input.*}: multi round-trip requests
 * @param callEventQueue events of a streamed {@code POST /api/v1/call} answer waiting for its client
 *                       ({@code mesh.api.event-queue})
 */
public record MeshConfig(NodeSettings node, LinkSettings link, DialSettings dial, AdmissionLimits admission,
                         TrustSettings trust,
                         Bootstrap bootstrap, RoutingSettings routing, SessionSettings sessions, RegistrySettings registry,
                         boolean autoDial, int maxLinks, McpHttpSettings mcp, Duration callDeadline, boolean benchEnabled,
                         AgentSettings agents, BridgeConfiguration bridges, AccessRules access, AdminSettings admin,
                         Duration bootstrapGrace, ConsoleSettings console, InputSettings input, int callEventQueue) {

    /** {@code mesh.trust.mode}. */
    public TrustPolicy.Mode trustMode() {
        return trust.mode();
    }

    /** {@code mesh.trust.allow}. */
    public List<NodeId> trustAllow() {
        return trust.allow();
    }

    /**
     * Reads and validates every key.
     *
     * @throws InvalidConfigException for the first value that cannot be used
     */
    public static MeshConfig read(ConfigReader r) {
        NodeSettings node = node(r);
        Duration rpcTimeout = r.duration(RPC_TIMEOUT);
        boolean autoDial = r.bool(AUTO_DIAL);
        McpHttpSettings mcp = mcp(r);
        TrustSettings trust = trust(r, node);
        return new MeshConfig(node, link(r, node), dial(r), admission(r), trust,
                r.build(BOOTSTRAP, () -> Bootstrap.parse(r.list(BOOTSTRAP))), routing(r, rpcTimeout, routes(r, autoDial)),
                sessions(r, trust.mode()), registry(r), autoDial, r.integer(MAX_LINKS, 1, 10_000), mcp,
                rpcTimeout,
                r.bool(BENCH_ENABLED), agents(r, node), BridgeConfigReader.read(r), AccessConfigReader.read(r, trust.mode()), admin(r),
                r.duration(BOOTSTRAP_GRACE), console(r), input(r), r.integer(API_EVENT_QUEUE, 1, 1_000_000));
    }

    private static InputSettings input(ConfigReader r) {
        Duration ttl = r.duration(INPUT_STATE_TTL);
        int rounds = r.integer(INPUT_MAX_ROUNDS, 1, 100);
        Duration deadline = r.duration(INPUT_DEADLINE);
        int pending = r.integer(INPUT_MAX_PENDING, 1, 1_000_000);
        return r.build(INPUT_DEADLINE, () -> new InputSettings(ttl, rounds, deadline, pending));
    }

    private static NodeSettings node(ConfigReader r) {
        String host = r.string(HTTP_HOST);
        int httpPort = r.integer(HTTP_PORT, 1, 65535);
        int httpsPort = r.integer(HTTPS_PORT, 1, 65535);
        Path dataDir = r.text(DATA_DIR).map(Path::of)
                .orElseGet(() -> r.text(SERVER_OUTPUT_DIR).map(dir -> Path.of(dir, "mesh-data")).orElse(Path.of("mesh-data")))
                .toAbsolutePath().normalize();
        List<String> advertise = r.list(ADVERTISE);
        return new NodeSettings(dataDir,
                advertise.isEmpty() ? List.of(NodeSettings.defaultAdvertise(host, httpPort)) : advertise,
                host, httpPort, httpsPort);
    }

    private static LinkSettings link(ConfigReader r, NodeSettings node) {
        int maxMessage = r.integer(MAX_MESSAGE_BYTES, 1, Integer.MAX_VALUE - 16);
        long budget = r.integer(LINK_MEMORY_BUDGET, 1, Integer.MAX_VALUE);
        LinkSettings timing = r.build(LINK_MEMORY_BUDGET, () -> LinkSettings.defaults().withMemory(maxMessage, budget))
                .withHandshakeTimeout(r.duration(HANDSHAKE_TIMEOUT))
                .withSendTimeout(r.duration(SEND_TIMEOUT));
        Duration keepAliveInterval = r.duration(KEEPALIVE_INTERVAL);
        Duration livenessTimeout = r.duration(LIVENESS_TIMEOUT);
        LinkSettings alive = timing.withKeepAlive(r.build(LIVENESS_TIMEOUT, () -> new KeepAlive(keepAliveInterval, livenessTimeout)));
        LinkSettings origins = r.build(LINK_ALLOWED_ORIGINS, () -> alive.withAllowedOrigins(r.list(LINK_ALLOWED_ORIGINS)));
        LinkSettings addressed = r.build(ADVERTISE, () -> origins.withAdvertisedAddrs(node.advertise()));
        Duration initial = r.duration(BOOTSTRAP_BACKOFF_INITIAL);
        Duration max = r.duration(BOOTSTRAP_BACKOFF_MAX);
        return r.build(BOOTSTRAP_BACKOFF_MAX, () -> addressed.withBackoff(initial, max));
    }

    private static DialSettings dial(ConfigReader r) {
        double rate = r.build(DIAL_RATE, () -> Double.parseDouble(r.string(DIAL_RATE)));
        int burst = r.integer(DIAL_BURST, 1, 10_000);
        int concurrent = r.integer(DIAL_MAX_CONCURRENT, 1, 1024);
        DialSettings.PrivateTargets targets = r.build(DIAL_ALLOW_PRIVATE,
                () -> DialSettings.PrivateTargets.parse(r.string(DIAL_ALLOW_PRIVATE)));
        return r.build(DIAL_RATE, () -> new DialSettings(rate, burst, concurrent, targets));
    }

    /** The caps; a rule between two keys (a total below its per-address cap) is reported under the total. */
    private static AdmissionLimits admission(ConfigReader r) {
        int pendingPerAddress = r.integer(MAX_PENDING_PER_ADDRESS, 1, AdmissionLimits.MAX_VALUE);
        int pending = r.integer(MAX_PENDING, 1, AdmissionLimits.MAX_VALUE);
        int handshakes = r.integer(MAX_HANDSHAKES, 1, AdmissionLimits.MAX_VALUE);
        int linksPerAddress = r.integer(MAX_LINKS_PER_ADDRESS, 1, AdmissionLimits.MAX_VALUE);
        int links = r.integer(MAX_LINKS_TOTAL, 1, AdmissionLimits.MAX_VALUE);
        int linksPerPeer = r.integer(MAX_LINKS_PER_PEER, 1, AdmissionLimits.MAX_VALUE);
        r.build(MAX_PENDING, () -> new AdmissionLimits(pendingPerAddress, pending, 1, 1, 1, 1));
        return r.build(MAX_LINKS_TOTAL, () -> new AdmissionLimits(pendingPerAddress, pending, handshakes,
                linksPerAddress, links, linksPerPeer));
    }

    /**
     * {@code mesh.trust.*}. A node that listens beyond loopback ({@code http.host}) refuses the default open
     * mode: {@code mesh.trust.mode=open} must then be set explicitly.
     */
    private static TrustSettings trust(ConfigReader r, NodeSettings node) {
        TrustPolicy.Mode mode = r.build(TRUST_MODE, () -> TrustPolicy.parseMode(r.string(TRUST_MODE)));
        boolean modeSet = r.set(TRUST_MODE).isPresent();
        if (mode == TrustPolicy.Mode.OPEN && !modeSet && node.listensBeyondLoopback()) {
            throw new InvalidConfigException(TRUST_MODE.name(), "not set, and the node listens beyond loopback (http.host="
                    + node.httpHost() + "), where the default open mode admits any peer. Set mesh.trust.mode=certified"
                    + " with mesh.trust.authorities (docs/operations.md, \"Certified mesh\"), or allowlist, or set"
                    + " mesh.trust.mode=open explicitly to accept every peer");
        }
        List<byte[]> authorities = new ArrayList<>();
        for (String key : r.list(TRUST_AUTHORITIES)) {
            byte[] bytes;
            try {
                bytes = Base64Url.decode(key);
            } catch (IllegalArgumentException e) {
                throw ConfigReader.invalid(TRUST_AUTHORITIES, key);
            }
            if (bytes.length != 32) {
                throw ConfigReader.invalid(TRUST_AUTHORITIES, key);
            }
            authorities.add(bytes);
        }
        List<NodeId> allow = trustAllow(r);
        Duration skew = r.duration(TRUST_CLOCK_SKEW);
        if (mode == TrustPolicy.Mode.CERTIFIED && authorities.isEmpty()) {
            throw new InvalidConfigException(TRUST_AUTHORITIES.name(), "not set: trust mode certified needs at least one"
                    + " authority key (the last line of liberty/mesh-authority.sh init)");
        }
        return new TrustSettings(mode, modeSet, allow, authorities, skew);
    }

    private static List<NodeId> trustAllow(ConfigReader r) {
        List<NodeId> allowed = new ArrayList<>();
        for (String id : r.list(TRUST_ALLOW)) {
            try {
                allowed.add(NodeId.of(id));
            } catch (IllegalArgumentException e) {
                throw ConfigReader.invalid(TRUST_ALLOW, id);
            }
        }
        return allowed;
    }

    /** {@code mesh.e2e.*}; an unset mode is {@code required} in certified trust mode, else {@code auto}. */
    private static SessionSettings sessions(ConfigReader r, TrustPolicy.Mode trustMode) {
        SessionSettings.Mode mode = r.text(E2E_MODE).isEmpty()
                ? trustMode == TrustPolicy.Mode.CERTIFIED ? SessionSettings.Mode.REQUIRED : SessionSettings.Mode.AUTO
                : r.build(E2E_MODE, () -> SessionSettings.parseMode(r.string(E2E_MODE)));
        return new SessionSettings(mode, r.duration(E2E_HANDSHAKE_TIMEOUT), r.duration(E2E_IDLE_TIMEOUT),
                r.duration(E2E_LIFETIME), r.integer(E2E_MAX_SESSIONS, 1, 1_000_000),
                r.integer(E2E_MAX_HALF_OPEN, 1, 100_000), r.integer(E2E_MAX_PER_NODE, 1, 1024),
                r.build(E2E_HANDSHAKE_RATE, () -> Double.parseDouble(r.string(E2E_HANDSHAKE_RATE))),
                r.integer(E2E_HANDSHAKE_BURST, 1, 10_000));
    }

    private static RoutingSettings routing(ConfigReader r, Duration rpcTimeout, RoutingSettings.Routes routes) {
        RoutingSettings deadlines = RoutingSettings.defaults()
                .withRoutes(routes)
                .withForwardingDeadline(r.duration(FORWARD_TIMEOUT))
                .withRequestDeadline(rpcTimeout)
                .withWorkers(r.integer(WORKER_THREADS, 1, 1024), r.integer(WORK_QUEUE, 1, 1_000_000));
        RoutingSettings ttl = r.build(ROUTE_TTL, () -> deadlines.withTtl(r.integer(ROUTE_TTL)));
        return r.build(FAILOVER_ATTEMPTS, () -> ttl.withFailoverAttempts(r.integer(FAILOVER_ATTEMPTS)));
    }

    private static RoutingSettings.Routes routes(ConfigReader r, boolean autoDial) {
        Duration interval = r.duration(ANNOUNCE_INTERVAL);
        Duration hold = r.duration(HOLD_TIME);
        RoutingSettings.Routes timing = r.build(HOLD_TIME, () -> RoutingSettings.Routes.defaults()
                .withTiming(interval, hold, RoutingSettings.Routes.DEFAULT_TRIGGER_DELAY)
                .withDialDirect(autoDial)
                .withDialRetry(r.duration(DIAL_RETRY)));
        RoutingSettings.Routes hops = r.build(MAX_HOPS, () -> timing.withMaxHops(r.integer(MAX_HOPS)));
        return r.build(MAX_ENTRIES, () -> hops.withMaxEntries(r.integer(MAX_ENTRIES)));
    }

    /** The registry's settings; a rule between two keys (refresh shorter than ttl) is reported as {@code mesh.registry}. */
    private static RegistrySettings registry(ConfigReader r) {
        int fanout = r.integer(FANOUT);
        RegistrySettings.Builder builder = r.build(FANOUT, () -> RegistrySettings.builder().fanout(fanout).build())
                .toBuilder();
        Duration ttl = r.duration(ADVERT_TTL);
        builder.roundInterval(r.duration(ROUND_INTERVAL))
                .advertTtl(ttl)
                .advertRefresh(r.duration(ADVERT_REFRESH))
                .maxAdvertLifetime(ttl.compareTo(Duration.ofHours(1)) >= 0 ? ttl : Duration.ofHours(1))
                .peerExpiry(r.duration(PEER_EXPIRY))
                .peerBookSaveInterval(r.duration(PEER_BOOK_SAVE_INTERVAL))
                .maxAdverts(r.integer(MAX_ADVERTS, 1, 10_000_000))
                .maxHeldBytes(r.integer(MAX_HELD_BYTES, 64 * 1024, Integer.MAX_VALUE))
                .maxAdvertsPerAgent(r.integer(MAX_ADVERTS_PER_AGENT, 1, 10_000_000))
                .maxAdvertsPerPeer(r.integer(MAX_ADVERTS_PER_PEER, 1, 10_000_000))
                .maxNewAdvertsPerPush(r.integer(MAX_NEW_ADVERTS_PER_PUSH, 1, 100_000))
                .maxPeersPerSource(r.integer(MAX_PEERS_PER_SOURCE, 1, 1_000_000))
                .syncPages(r.integer(SYNC_PAGES, 1, 64));
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("mesh.registry", e.getMessage());
        }
    }

    private static McpHttpSettings mcp(ConfigReader r) {
        McpHttpSettings origins = r.build(ALLOWED_ORIGINS,
                () -> McpHttpSettings.defaults().withAllowedOrigins(r.list(ALLOWED_ORIGINS)));
        Optional<String> token = r.text(MCP_TOKEN);
        McpHttpSettings access = r.build(MCP_TOKEN, () -> origins.withToken(token.orElse(null)))
                .withAllowLoopback(r.bool(ALLOW_LOOPBACK))
                .withSessions(r.duration(SESSION_IDLE_TIMEOUT), r.integer(MAX_SESSIONS, 1, 1_000_000))
                .withMaxBodyBytes(r.integer(MAX_BODY_BYTES, 1024, Integer.MAX_VALUE - 8));
        return new McpHttpSettings(access.allowedOrigins(), access.token(), access.allowLoopback(),
                access.sessionIdleTimeout(), access.maxSessions(), access.maxBodyBytes(), r.duration(SSE_KEEP_ALIVE),
                r.integer(SESSION_QUEUE, 0, 100_000), r.integer(SSE_REPLAY_EVENTS, 0, 100_000), oauth(r));
    }

    /** The JWT mode: on with {@code mesh.oauth.issuer}, which then needs the key set URL and the resource. */
    private static Optional<OAuthSettings> oauth(ConfigReader r) {
        Optional<String> issuer = r.text(OAUTH_ISSUER);
        if (issuer.isEmpty()) {
            for (ConfigKey k : List.of(OAUTH_JWKS_URL, OAUTH_RESOURCE, OAUTH_SCOPES, OAUTH_SERVERS)) {
                if (r.text(k).isPresent()) {
                    throw new InvalidConfigException(k.name(), "set, but mesh.oauth.issuer is not: "
                            + "set mesh.oauth.issuer to turn the JWT mode on, or remove " + k.name());
                }
            }
            return Optional.empty();
        }
        URI iss = uri(r, OAUTH_ISSUER);
        URI jwks = uri(r, OAUTH_JWKS_URL);
        URI resource = uri(r, OAUTH_RESOURCE);
        List<URI> servers = r.build(OAUTH_SERVERS, () -> r.list(OAUTH_SERVERS).stream().map(URI::create).toList());
        int maxToken = r.integer(OAUTH_MAX_TOKEN_BYTES, 512, 65536);
        Duration minInterval = r.duration(OAUTH_JWKS_MIN_INTERVAL);
        Duration maxAge = r.duration(OAUTH_JWKS_MAX_AGE);
        Duration skew = r.duration(OAUTH_CLOCK_SKEW);
        String roles = r.string(OAUTH_ROLES_CLAIM);
        java.util.Set<String> scopes = java.util.Set.copyOf(r.list(OAUTH_SCOPES));
        try {
            return Optional.of(new OAuthSettings(iss, jwks, resource, scopes, servers, roles, maxToken, minInterval, maxAge, skew));
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("mesh.oauth", e.getMessage());
        }
    }

    /** A required URL key of the JWT mode. */
    private static URI uri(ConfigReader r, ConfigKey key) {
        String value = r.text(key).orElseThrow(() -> new InvalidConfigException(key.name(),
                "required when mesh.oauth.issuer is set (the JWT mode)"));
        URI uri = r.build(key, () -> URI.create(value));
        r.build(key, () -> {
            OAuthSettings.requireHttpUrl(uri, key.name());
            return uri;
        });
        return uri;
    }

    private static AgentSettings agents(ConfigReader r, NodeSettings node) {
        AgentSettings paged = r.build(PAGE_SIZE,
                () -> AgentSettings.defaults().withDataDir(node.dataDir()).withPageSize(r.integer(PAGE_SIZE)));
        AgentSettings named = r.build(DEFAULT_AGENT, () -> paged.withDefaultAgent(r.text(DEFAULT_AGENT).orElse(null)));
        return named.withSamplesEnabled(r.bool(SAMPLES_ENABLED)).withConformanceEnabled(r.bool(CONFORMANCE_ENABLED));
    }

    private static AdminSettings admin(ConfigReader r) {
        return new AdminSettings(r.string(ADMIN_USER), r.set(ADMIN_PASSWORD), r.set(KEYSTORE_PASSWORD),
                r.bool(TOOLBOX_BOOKMARK));
    }

    private static ConsoleSettings console(ConfigReader r) {
        Duration slot = r.duration(TRAFFIC_SLOT);
        r.build(TRAFFIC_SLOT, () -> new TrafficSettings(slot, TrafficSettings.DEFAULT_SLOTS,
                TrafficSettings.DEFAULT_MAX_SERIES, TrafficSettings.DEFAULT_RECENT_ERRORS));
        TrafficSettings traffic = r.build(TRAFFIC_SLOTS, () -> new TrafficSettings(slot, r.integer(TRAFFIC_SLOTS),
                TrafficSettings.DEFAULT_MAX_SERIES, TrafficSettings.DEFAULT_RECENT_ERRORS));
        return new ConsoleSettings(r.duration(CONSOLE_REQUEST_TIMEOUT), r.duration(CONSOLE_CALL_TIMEOUT),
                ConsoleSettings.DEFAULT_VIEW_REUSE, traffic,
                r.integer(METRICS_MAX_PEER_SERIES, 0, ConsoleSettings.MAX_PEER_SERIES_LIMIT));
    }
}
