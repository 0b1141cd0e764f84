package io.agentmesh.node;

import jakarta.annotation.PostConstruct;
import io.agentmesh.agents.http.McpHttpSettings;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The node's configuration: every {@code mesh.*} key, its default, and its validation, in one place.
 * Values come from MicroProfile Config (server.xml variables, bootstrap.properties, environment
 * variables such as {@code MESH_DATA_DIR}, system properties). A value that cannot be used stops
 * start-up with an {@link InvalidConfigException} naming the key. The keys are listed in
 * {@code docs/configuration.md}.
 */
@ApplicationScoped
public class MeshConfig {

    /** Where the node keeps its identity and data; default {@code <server output dir>/mesh-data}. */
    @Inject
    @ConfigProperty(name = "mesh.data-dir")
    Optional<String> dataDir;

    /** Comma-separated ws:// or wss:// URLs where this node accepts links; default derived from the HTTP endpoint. */
    @Inject
    @ConfigProperty(name = "mesh.advertise")
    Optional<String> advertise;

    /** Comma-separated ws:// URLs to dial at start, each optionally followed by {@code #<node-id>}. */
    @Inject
    @ConfigProperty(name = "mesh.bootstrap")
    Optional<String> bootstrap;

    @Inject
    @ConfigProperty(name = "mesh.bootstrap.backoff-initial", defaultValue = "1s")
    String bootstrapBackoffInitial;

    @Inject
    @ConfigProperty(name = "mesh.bootstrap.backoff-max", defaultValue = "60s")
    String bootstrapBackoffMax;

    /** {@code open} or {@code allowlist}. */
    @Inject
    @ConfigProperty(name = "mesh.trust.mode", defaultValue = "open")
    String trustMode;

    /** Comma-separated node ids admitted in allowlist mode. */
    @Inject
    @ConfigProperty(name = "mesh.trust.allow")
    Optional<String> trustAllow;

    @Inject
    @ConfigProperty(name = "mesh.link.handshake-timeout", defaultValue = "10s")
    String handshakeTimeout;

    @Inject
    @ConfigProperty(name = "mesh.link.send-timeout", defaultValue = "30s")
    String sendTimeout;

    @Inject
    @ConfigProperty(name = "mesh.link.max-message-bytes", defaultValue = "8388608")
    long maxMessageBytes;

    /** Deadline of a request this node sends on a link. */
    @Inject
    @ConfigProperty(name = "mesh.rpc.timeout", defaultValue = "30s")
    String rpcTimeout;

    /** Hop limit given to requests that arrive without route metadata (wire-v1 §5.3). */
    @Inject
    @ConfigProperty(name = "mesh.route.ttl", defaultValue = "8")
    int routeTtl;

    /** Deadline of a forwarded request (wire-v1 §5.3). */
    @Inject
    @ConfigProperty(name = "mesh.route.forward-timeout", defaultValue = "30s")
    String forwardTimeout;

    /** How often this node announces its routes to its neighbours ({@code node/routes}). */
    @Inject
    @ConfigProperty(name = "mesh.route.announce-interval", defaultValue = "30s")
    String routeAnnounceInterval;

    /** How long neighbours keep this node's announced routes without a newer announcement. */
    @Inject
    @ConfigProperty(name = "mesh.route.hold-time", defaultValue = "90s")
    String routeHoldTime;

    /** The most hops of a usable route. */
    @Inject
    @ConfigProperty(name = "mesh.route.max-hops", defaultValue = "8")
    int routeMaxHops;

    /** The most entries in one route announcement, sent or accepted. */
    @Inject
    @ConfigProperty(name = "mesh.route.max-entries", defaultValue = "1024")
    int routeMaxEntries;

    /** After a failed direct dial, how long before the router dials that node again. */
    @Inject
    @ConfigProperty(name = "mesh.route.dial-retry", defaultValue = "60s")
    String routeDialRetry;

    /** Most replicas one request to {@code *:<agent>} is sent to (docs/registry.md §5.2). */
    @Inject
    @ConfigProperty(name = "mesh.route.failover-attempts", defaultValue = "3")
    int routeFailoverAttempts;

    @Inject
    @ConfigProperty(name = "mesh.route.worker-threads", defaultValue = "16")
    int routeWorkerThreads;

    @Inject
    @ConfigProperty(name = "mesh.route.work-queue", defaultValue = "4096")
    int routeWorkQueue;

    /** Whether this node dials the peers it learns of (from route announcements and peer exchange). */
    @Inject
    @ConfigProperty(name = "mesh.discovery.auto-dial", defaultValue = "true")
    boolean autoDial;

    /** Origins a browser may send to /mcp (comma-separated {@code scheme://host[:port|:*]}, or {@code *}). */
    @Inject
    @ConfigProperty(name = "mesh.mcp.allowed-origins",
            defaultValue = "http://localhost:*,http://127.0.0.1:*,http://[::1]:*,https://localhost:*,https://127.0.0.1:*,https://[::1]:*")
    String mcpAllowedOrigins;

    /** Bearer token that admits /mcp clients beyond loopback; none by default. */
    @Inject
    @ConfigProperty(name = "mesh.mcp.token")
    Optional<String> mcpToken;

    @Inject
    @ConfigProperty(name = "mesh.mcp.allow-loopback", defaultValue = "true")
    boolean mcpAllowLoopback;

    @Inject
    @ConfigProperty(name = "mesh.mcp.session-idle-timeout", defaultValue = "30m")
    String mcpSessionIdleTimeout;

    @Inject
    @ConfigProperty(name = "mesh.mcp.max-sessions", defaultValue = "1000")
    int mcpMaxSessions;

    @Inject
    @ConfigProperty(name = "mesh.mcp.max-body-bytes", defaultValue = "4194304")
    int mcpMaxBodyBytes;

    @Inject
    @ConfigProperty(name = "mesh.mcp.sse-keep-alive", defaultValue = "15s")
    String mcpSseKeepAlive;

    @Inject
    @ConfigProperty(name = "mesh.mcp.session-queue", defaultValue = "100")
    int mcpSessionQueue;

    /** Serves the plaintext benchmark baseline {@code /api/v1/bench/echo} (loopback clients only). */
    @Inject
    @ConfigProperty(name = "mesh.bench.enabled", defaultValue = "false")
    boolean benchEnabled;

    /** Time between two gossip rounds of the registry. */
    @Inject
    @ConfigProperty(name = "mesh.registry.round-interval", defaultValue = "2s")
    String registryRoundInterval;

    /** Peers a node exchanges digests with in one gossip round. */
    @Inject
    @ConfigProperty(name = "mesh.registry.fanout", defaultValue = "3")
    int registryFanout;

    /** Lifetime this node gives its own advert. */
    @Inject
    @ConfigProperty(name = "mesh.registry.advert-ttl", defaultValue = "10m")
    String registryAdvertTtl;

    /** Age at which this node reissues its own advert (shorter than the ttl). */
    @Inject
    @ConfigProperty(name = "mesh.registry.advert-refresh", defaultValue = "4m")
    String registryAdvertRefresh;

    /** A peer unseen this long leaves the peer book. */
    @Inject
    @ConfigProperty(name = "mesh.registry.peer-expiry", defaultValue = "24h")
    String registryPeerExpiry;

    /** How often a changed peer book is written to {@code peers.json}. */
    @Inject
    @ConfigProperty(name = "mesh.registry.peer-book-save-interval", defaultValue = "30s")
    String registryPeerBookSaveInterval;

    /** Whether peers learned from the peer book, adverts and peer exchange are dialed (bootstrap always is). */
    @Inject
    @ConfigProperty(name = "mesh.discovery.auto-dial", defaultValue = "true")
    boolean discoveryAutoDial;

    /** Most links this node dials up to (links dialed by others are not counted against it by refusal). */
    @Inject
    @ConfigProperty(name = "mesh.max-links", defaultValue = "16")
    int maxLinks;

    /** The HTTP port and host of this Liberty server (server.xml variables), to derive the advertised address. */
    @Inject
    @ConfigProperty(name = "http.port", defaultValue = "9080")
    int httpPort;

    @Inject
    @ConfigProperty(name = "http.host", defaultValue = "127.0.0.1")
    String httpHost;

    /** The HTTPS port (server.xml variable): the Admin Center, the dashboard and the admin API. */
    @Inject
    @ConfigProperty(name = "https.port", defaultValue = "9443")
    int httpsPort;

    /** The administrator's user name (docs/operations.md, "Security"). */
    @Inject
    @ConfigProperty(name = "mesh.admin.user", defaultValue = AdminSettings.DEFAULT_USER)
    String adminUser;

    /** The administrator's password; generated and stored in {@code <data dir>/admin.xml} when absent. */
    @Inject
    @ConfigProperty(name = "mesh.admin.password")
    Optional<String> adminPassword;

    /** The password of the node's keystore {@code <data dir>/key.p12}; generated and stored when absent. */
    @Inject
    @ConfigProperty(name = "mesh.keystore.password")
    Optional<String> keystorePassword;

    /** Whether the node adds its dashboard to the Admin Center toolbox at start. */
    @Inject
    @ConfigProperty(name = "mesh.admin.toolbox-bookmark", defaultValue = "true")
    boolean toolboxBookmark;

    /** How long readiness waits for a bootstrap peer before it reports DOWN (docs/operations.md, "Health"). */
    @Inject
    @ConfigProperty(name = "mesh.health.bootstrap-grace", defaultValue = "60s")
    String bootstrapGrace;

    /** How long the admin console waits for a node's answer and for a dial. */
    @Inject
    @ConfigProperty(name = "mesh.console.request-timeout", defaultValue = "5s")
    String consoleRequestTimeout;

    /** How long a tool call made from the admin console may take. */
    @Inject
    @ConfigProperty(name = "mesh.console.call-timeout", defaultValue = "30s")
    String consoleCallTimeout;

    /** Length of one slot of the dashboard's traffic history (whole seconds). */
    @Inject
    @ConfigProperty(name = "mesh.console.traffic.slot", defaultValue = "5s")
    String consoleTrafficSlot;

    /** Slots of traffic history kept per agent and per link. */
    @Inject
    @ConfigProperty(name = "mesh.console.traffic.slots", defaultValue = "120")
    int consoleTrafficSlots;

    private Path resolvedDataDir;
    private List<String> resolvedAdvertise;
    private List<String> resolvedBootstrap;
    private List<String> resolvedTrustAllow;
    private AdminSettings resolvedAdmin;
    private ConsoleSettings resolvedConsole;
    private McpHttpSettings resolvedMcp;

    @PostConstruct
    void validate() {
        resolvedDataDir = dataDir.map(String::trim).filter(s -> !s.isEmpty())
                .map(Path::of)
                .orElseGet(MeshConfig::defaultDataDir)
                .toAbsolutePath().normalize();
        resolvedAdvertise = advertise.map(ConfigValues::list).filter(l -> !l.isEmpty())
                .orElseGet(() -> List.of("ws://" + hostForUrl(advertisedHost()) + ":" + httpPort + "/mesh"));
        for (String url : resolvedAdvertise) {
            requireMeshUrl("mesh.advertise", url);
        }
        resolvedBootstrap = bootstrap.map(ConfigValues::list).orElse(List.of());
        resolvedTrustAllow = trustAllow.map(ConfigValues::list).orElse(List.of());
        if (!List.of("open", "allowlist").contains(trustMode.trim().toLowerCase(Locale.ROOT))) {
            throw new InvalidConfigException("mesh.trust.mode", trustMode, "open or allowlist");
        }
        ConfigValues.intInRange("http.port", httpPort, 1, 65535);
        ConfigValues.longInRange("mesh.link.max-message-bytes", maxMessageBytes, 1, Integer.MAX_VALUE - 8);
        ConfigValues.intInRange("mesh.route.ttl", routeTtl, 0, 255);
        bootstrapBackoffInitial();
        bootstrapBackoffMax();
        handshakeTimeout();
        sendTimeout();
        rpcTimeout();
        forwardTimeout();
        ConfigValues.intInRange("mesh.route.max-hops", routeMaxHops, 1, 64);
        ConfigValues.intInRange("mesh.route.max-entries", routeMaxEntries, 1, 65536);
        ConfigValues.intInRange("mesh.route.failover-attempts", routeFailoverAttempts, 1, 64);
        ConfigValues.intInRange("mesh.route.worker-threads", routeWorkerThreads, 1, 1024);
        ConfigValues.intInRange("mesh.route.work-queue", routeWorkQueue, 1, 1_000_000);
        routeDialRetry();
        if (routeHoldTime().compareTo(routeAnnounceInterval()) <= 0) {
            throw new InvalidConfigException("mesh.route.hold-time", routeHoldTime,
                    "longer than mesh.route.announce-interval (" + routeAnnounceInterval + ")");
        }
        if (routeHoldTime().compareTo(Duration.ofHours(1)) > 0 || routeHoldTime().compareTo(Duration.ofSeconds(1)) < 0) {
            throw new InvalidConfigException("mesh.route.hold-time", routeHoldTime, "a duration from 1s to 1h");
        }
        ConfigValues.intInRange("https.port", httpsPort, 1, 65535);
        resolvedAdmin = new AdminSettings(adminUser, adminPassword.filter(p -> !p.isEmpty()),
                keystorePassword.filter(p -> !p.isEmpty()), toolboxBookmark);
        bootstrapGrace();
        resolvedConsole = consoleSettings();
        resolvedMcp = mcpSettings();
        ConfigValues.intInRange("mesh.max-links", maxLinks, 1, 10_000);
        ConfigValues.intInRange("mesh.registry.fanout", registryFanout, 1, 64);
        registryRoundInterval();
        registryAdvertTtl();
        registryAdvertRefresh();
        registryPeerExpiry();
        registryPeerBookSaveInterval();
        if (bootstrapBackoffMax().compareTo(bootstrapBackoffInitial()) < 0) {
            throw new InvalidConfigException("mesh.bootstrap.backoff-max", bootstrapBackoffMax,
                    "at least mesh.bootstrap.backoff-initial (" + bootstrapBackoffInitial + ")");
        }
    }

    /** Liberty's server output directory when running in Liberty, else the working directory. */
    private static Path defaultDataDir() {
        String serverOutput = System.getProperty("server.output.dir");
        return serverOutput != null ? Path.of(serverOutput, "mesh-data") : Path.of("mesh-data");
    }

    private String advertisedHost() {
        String host = httpHost.trim();
        return host.equals("*") || host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
    }

    private static void requireMeshUrl(String key, String url) {
        try {
            URI uri = new URI(url);
            if (!"ws".equals(uri.getScheme()) && !"wss".equals(uri.getScheme()) || uri.getHost() == null) {
                throw new InvalidConfigException(key, url, "a ws:// or wss:// URL with a host");
            }
        } catch (java.net.URISyntaxException e) {
            throw new InvalidConfigException(key, url, "a ws:// or wss:// URL");
        }
    }

    public Path dataDir() {
        return resolvedDataDir;
    }

    public List<String> advertise() {
        return resolvedAdvertise;
    }

    /** True when the HTTP endpoint listens on something other than a loopback address. */
    public boolean listensBeyondLoopback() {
        String host = httpHost.trim();
        return !(host.equals("localhost") || host.startsWith("127.") || host.equals("::1") || host.equals("[::1]"));
    }

    public List<String> bootstrap() {
        return resolvedBootstrap;
    }

    public Duration bootstrapBackoffInitial() {
        return ConfigValues.duration("mesh.bootstrap.backoff-initial", bootstrapBackoffInitial);
    }

    public Duration bootstrapBackoffMax() {
        return ConfigValues.duration("mesh.bootstrap.backoff-max", bootstrapBackoffMax);
    }

    public String trustMode() {
        return trustMode.trim().toLowerCase(Locale.ROOT);
    }

    public List<String> trustAllow() {
        return resolvedTrustAllow;
    }

    public Duration handshakeTimeout() {
        return ConfigValues.duration("mesh.link.handshake-timeout", handshakeTimeout);
    }

    public Duration sendTimeout() {
        return ConfigValues.duration("mesh.link.send-timeout", sendTimeout);
    }

    public int maxMessageBytes() {
        return (int) maxMessageBytes;
    }

    public Duration rpcTimeout() {
        return ConfigValues.duration("mesh.rpc.timeout", rpcTimeout);
    }

    public int routeTtl() {
        return routeTtl;
    }

    public Duration forwardTimeout() {
        return ConfigValues.duration("mesh.route.forward-timeout", forwardTimeout);
    }

    public Duration routeAnnounceInterval() {
        return ConfigValues.duration("mesh.route.announce-interval", routeAnnounceInterval);
    }

    public Duration routeHoldTime() {
        return ConfigValues.duration("mesh.route.hold-time", routeHoldTime);
    }

    public int routeMaxHops() {
        return routeMaxHops;
    }

    public int routeMaxEntries() {
        return routeMaxEntries;
    }

    public int routeFailoverAttempts() {
        return routeFailoverAttempts;
    }

    public int routeWorkerThreads() {
        return routeWorkerThreads;
    }

    public int routeWorkQueue() {
        return routeWorkQueue;
    }

    public Duration routeDialRetry() {
        return ConfigValues.duration("mesh.route.dial-retry", routeDialRetry);
    }

    /** Whether this node dials peers it learns of; {@code false} keeps its links to the bootstrap list and inbound ones. */
    public boolean autoDial() {
        return autoDial;
    }

    /** The address at which this node's own HTTP endpoint can be reached from this host. */
    public String probeHost() {
        return advertisedHost();
    }

    public int httpPort() {
        return httpPort;
    }

    public int httpsPort() {
        return httpsPort;
    }

    /** The administrator and keystore settings ({@code mesh.admin.*}, {@code mesh.keystore.password}). */
    public AdminSettings admin() {
        return resolvedAdmin;
    }

    public Duration bootstrapGrace() {
        return ConfigValues.duration("mesh.health.bootstrap-grace", bootstrapGrace);
    }

    /** The admin console's limits ({@code mesh.console.*}). */
    public ConsoleSettings console() {
        return resolvedConsole;
    }

    private ConsoleSettings consoleSettings() {
        Duration slot = ConfigValues.duration("mesh.console.traffic.slot", consoleTrafficSlot);
        ConfigValues.intInRange("mesh.console.traffic.slots", consoleTrafficSlots, 2, 1440);
        TrafficSettings traffic;
        try {
            traffic = new TrafficSettings(slot, consoleTrafficSlots, TrafficSettings.DEFAULT_MAX_SERIES,
                    TrafficSettings.DEFAULT_RECENT_ERRORS);
        } catch (IllegalArgumentException e) {
            throw new InvalidConfigException("mesh.console.traffic.slot", consoleTrafficSlot,
                    "whole seconds from 1s to 5m");
        }
        return new ConsoleSettings(ConfigValues.duration("mesh.console.request-timeout", consoleRequestTimeout),
                ConfigValues.duration("mesh.console.call-timeout", consoleCallTimeout),
                ConsoleSettings.DEFAULT_VIEW_REUSE, traffic);
    }

    /** The settings of the /mcp endpoint ({@code mesh.mcp.*}). */
    @Produces
    public McpHttpSettings mcpHttpSettings() {
        return resolvedMcp != null ? resolvedMcp : mcpSettings();
    }

    public boolean benchEnabled() {
        return benchEnabled;
    }

    public Duration registryRoundInterval() {
        return ConfigValues.duration("mesh.registry.round-interval", registryRoundInterval);
    }

    public int registryFanout() {
        return registryFanout;
    }

    public Duration registryAdvertTtl() {
        return ConfigValues.duration("mesh.registry.advert-ttl", registryAdvertTtl);
    }

    public Duration registryAdvertRefresh() {
        return ConfigValues.duration("mesh.registry.advert-refresh", registryAdvertRefresh);
    }

    public Duration registryPeerExpiry() {
        return ConfigValues.duration("mesh.registry.peer-expiry", registryPeerExpiry);
    }

    public Duration registryPeerBookSaveInterval() {
        return ConfigValues.duration("mesh.registry.peer-book-save-interval", registryPeerBookSaveInterval);
    }

    public boolean discoveryAutoDial() {
        return discoveryAutoDial;
    }

    public int maxLinks() {
        return maxLinks;
    }

    private McpHttpSettings mcpSettings() {
        ConfigValues.intInRange("mesh.mcp.max-sessions", mcpMaxSessions, 1, 1_000_000);
        ConfigValues.intInRange("mesh.mcp.max-body-bytes", mcpMaxBodyBytes, 1024, Integer.MAX_VALUE - 8);
        ConfigValues.intInRange("mesh.mcp.session-queue", mcpSessionQueue, 0, 100_000);
        List<String> origins = ConfigValues.list(mcpAllowedOrigins);
        for (String origin : origins) {
            try {
                new McpHttpSettings(List.of(origin), Optional.empty(), true, Duration.ofMinutes(1), 1, 1024,
                        Duration.ofSeconds(1), 0);
            } catch (IllegalArgumentException e) {
                throw new InvalidConfigException("mesh.mcp.allowed-origins", origin,
                        "scheme://host[:port], scheme://host:* or *");
            }
        }
        Optional<String> token = mcpToken.map(String::trim).filter(t -> !t.isEmpty());
        if (token.isPresent() && (token.get().length() < 16 || !token.get().chars().allMatch(c -> c > 0x20 && c < 0x7f))) {
            throw new InvalidConfigException("mesh.mcp.token", "***", "at least 16 visible ASCII characters");
        }
        return new McpHttpSettings(origins, token, mcpAllowLoopback,
                ConfigValues.duration("mesh.mcp.session-idle-timeout", mcpSessionIdleTimeout),
                mcpMaxSessions, mcpMaxBodyBytes,
                ConfigValues.duration("mesh.mcp.sse-keep-alive", mcpSseKeepAlive), mcpSessionQueue);
    }
}
