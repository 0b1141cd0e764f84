package io.agentmesh.node;

import static io.agentmesh.node.ConfigValues.text;

import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.InputSettings;
import io.agentmesh.api.CallSettings;
import io.agentmesh.agents.bridge.BridgeSettings;
import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.session.SessionSettings;
import io.agentmesh.transport.AdmissionLimits;
import io.agentmesh.transport.DialSettings;
import io.agentmesh.transport.IdentityPayload;
import io.agentmesh.transport.KeepAlive;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.web.OAuthSettings;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;

/**
 * The catalogue of configuration keys: every key the node reads, declared once with its default and a
 * one-line description; docs/configuration.md lists the same keys ({@code ConfigKeysTest} checks it).
 * A default that a layer's settings record defines is taken from that record, not written again.
 */
public final class ConfigKeys {

    private static final List<ConfigKey> ALL = new ArrayList<>();
    private static final String WHOLE = "a whole number";
    private static final String DURATION = "a positive duration such as 250ms, 10s, 5m, 1h or PT10S";
    private static final String BOOLEAN = "true or false";
    private static final String LIMIT = "a whole number from 1 to " + AdmissionLimits.MAX_VALUE;
    private static final String PASSWORD = AdminSettings.MIN_PASSWORD_LENGTH + " to " + AdminSettings.MAX_PASSWORD_LENGTH
            + " characters without control characters";
    private static final RegistrySettings REGISTRY = RegistrySettings.defaults();

    // Node
    public static final ConfigKey DATA_DIR = key("mesh.data-dir", null, "a directory",
            "Where the node keeps its identity key, node id, credentials, keystore and data.");
    public static final ConfigKey SERVER_OUTPUT_DIR = key("server.output.dir", null, "a directory",
            "Liberty's server output directory (set by Liberty): the default data dir is mesh-data in it.");
    public static final ConfigKey ADVERTISE = key("mesh.advertise", null, "at most " + IdentityPayload.MAX_ADDRS
            + " ws:// or wss:// URLs with a host, each at most " + IdentityPayload.MAX_ADDR_BYTES + " bytes",
            "Where this node accepts links, sent to peers in the handshake; default derived from http.host and http.port.");
    public static final ConfigKey HTTP_HOST = key("http.host", "127.0.0.1", "a host name or address",
            "Liberty's HTTP host (server.xml variable).");
    public static final ConfigKey HTTP_PORT = key("http.port", "9080", WHOLE, "Liberty's HTTP port (server.xml variable).");
    public static final ConfigKey HTTPS_PORT = key("https.port", "9443", WHOLE,
            "Liberty's HTTPS port (server.xml variable): Admin Center, dashboard, admin API.");

    // Administration and health
    public static final ConfigKey ADMIN_USER = key("mesh.admin.user", AdminSettings.DEFAULT_USER, "a user name",
            "The administrator's user name.");
    public static final ConfigKey ADMIN_PASSWORD = secret("mesh.admin.password", PASSWORD,
            "The administrator's password; generated and stored in <data dir>/admin.xml when unset.");
    public static final ConfigKey KEYSTORE_PASSWORD = secret("mesh.keystore.password", PASSWORD,
            "The password of the node's keystore <data dir>/key.p12; generated and stored when unset.");
    public static final ConfigKey TOOLBOX_BOOKMARK = key("mesh.admin.toolbox-bookmark", "true", BOOLEAN,
            "Whether the node adds its dashboard to the Admin Center toolbox at start.");
    public static final ConfigKey BOOTSTRAP_GRACE = key("mesh.health.bootstrap-grace", "60s", DURATION,
            "How long readiness waits for a bootstrap peer before it reports DOWN.");

    // Links
    public static final ConfigKey BOOTSTRAP = key("mesh.bootstrap", null, "ws:// or wss:// URLs, each optionally followed by #<node-id>",
            "Comma-separated URLs dialed at start.");
    public static final ConfigKey BOOTSTRAP_BACKOFF_INITIAL = key("mesh.bootstrap.backoff-initial",
            text(LinkSettings.DEFAULT_BACKOFF_INITIAL), DURATION, "First redial delay.");
    public static final ConfigKey BOOTSTRAP_BACKOFF_MAX = key("mesh.bootstrap.backoff-max",
            text(LinkSettings.DEFAULT_BACKOFF_MAX), "at least mesh.bootstrap.backoff-initial", "Largest redial delay.");
    public static final ConfigKey HANDSHAKE_TIMEOUT = key("mesh.link.handshake-timeout",
            text(LinkSettings.DEFAULT_HANDSHAKE_TIMEOUT), DURATION, "Longest Noise handshake after the WebSocket upgrade.");
    public static final ConfigKey SEND_TIMEOUT = key("mesh.link.send-timeout", text(LinkSettings.DEFAULT_SEND_TIMEOUT),
            DURATION, "Longest write to a link's socket before the link is closed.");
    public static final ConfigKey KEEPALIVE_INTERVAL = key("mesh.link.keepalive-interval",
            text(KeepAlive.DEFAULT_INTERVAL), DURATION, "A link on which nothing arrived for this long gets a WebSocket Ping.");
    public static final ConfigKey LIVENESS_TIMEOUT = key("mesh.link.liveness-timeout", text(KeepAlive.DEFAULT_TIMEOUT),
            "a duration longer than mesh.link.keepalive-interval",
            "A link on which nothing (no message, no Pong) arrived for this long is closed: its peer is gone.");
    public static final ConfigKey MAX_MESSAGE_BYTES = key("mesh.link.max-message-bytes",
            Integer.toString(LinkSettings.DEFAULT_MAX_MESSAGE_BYTES), WHOLE, "Largest application message accepted (bytes).");
    public static final ConfigKey LINK_MEMORY_BUDGET = key("mesh.link.memory-budget",
            Long.toString(LinkSettings.DEFAULT_MEMORY_BUDGET), "a whole number of bytes up to 2147483647, at least 4/3 of"
            + " mesh.link.max-message-bytes (11184810 for its default)",
            "Bytes that the links' incoming partial messages and send queues may hold together; a link that needs more is closed.");
    public static final ConfigKey LINK_ALLOWED_ORIGINS = key("mesh.link.allowed-origins", null,
            "origins as browsers send them: lowercase scheme://host[:port]",
            "Comma-separated Origin headers a WebSocket upgrade to /mesh may carry; any other Origin gets 403.");
    public static final ConfigKey MAX_PENDING_PER_ADDRESS = key("mesh.link.max-pending-per-address",
            Integer.toString(AdmissionLimits.DEFAULT_MAX_PENDING_PER_ADDRESS), LIMIT,
            "Sockets from one address upgraded whose handshake has not finished; one more upgrade gets 429.");
    public static final ConfigKey MAX_PENDING = key("mesh.link.max-pending", Integer.toString(AdmissionLimits.DEFAULT_MAX_PENDING),
            "at least mesh.link.max-pending-per-address", "Such sockets in all; one more upgrade gets 503.");
    public static final ConfigKey MAX_HANDSHAKES = key("mesh.link.max-handshakes",
            Integer.toString(AdmissionLimits.DEFAULT_MAX_HANDSHAKES), LIMIT,
            "Handshakes in progress (message 1 read) in all; a socket whose message 1 would exceed it is closed with 4003.");
    public static final ConfigKey MAX_LINKS_PER_ADDRESS = key("mesh.link.max-links-per-address",
            Integer.toString(AdmissionLimits.DEFAULT_MAX_LINKS_PER_ADDRESS), LIMIT,
            "Links with peers at one address; beyond: 429 at the upgrade, or 4003 after the handshake.");
    public static final ConfigKey MAX_LINKS_TOTAL = key("mesh.link.max-links-total", Integer.toString(AdmissionLimits.DEFAULT_MAX_LINKS),
            "at least mesh.link.max-links-per-address",
            "Links in all, accepted and dialed; beyond: 503 at the upgrade, or 4003 after the handshake.");
    public static final ConfigKey MAX_LINKS_PER_PEER = key("mesh.link.max-links-per-peer",
            Integer.toString(AdmissionLimits.DEFAULT_MAX_LINKS_PER_PEER), LIMIT,
            "Links with one node id, either direction; beyond: 4003 after the handshake.");
    public static final ConfigKey TRUST_MODE = key("mesh.trust.mode", "open", "open, allowlist or certified",
            "open: any peer with a valid handshake; allowlist: only mesh.trust.allow; certified: only members"
                    + " (a valid certificate of mesh.trust.authorities). Beyond loopback, open must be set explicitly.");
    public static final ConfigKey TRUST_AUTHORITIES = key("mesh.trust.authorities", null,
            "base64url Ed25519 public keys (43 characters each)",
            "Comma-separated authority keys whose membership certificates and revocation lists this node accepts.");
    public static final ConfigKey TRUST_CLOCK_SKEW = key("mesh.trust.clock-skew",
            text(TrustSettings.DEFAULT_CLOCK_SKEW), DURATION,
            "How far a certificate's not_before and not_after may be off this node's clock.");
    public static final ConfigKey TRUST_ALLOW = key("mesh.trust.allow", null, "node ids (40 lowercase hex characters)",
            "Comma-separated node ids admitted in allowlist mode.");

    // End-to-end sessions
    public static final ConfigKey E2E_MODE = key("mesh.e2e.mode", null, "auto, required or off",
            "Whether requests to nodes beyond the neighbours go sealed: auto (unless the node takes no sessions), "
                    + "required, off; unset: required in certified trust mode, else auto.");
    public static final ConfigKey E2E_HANDSHAKE_TIMEOUT = key("mesh.e2e.handshake-timeout",
            text(SessionSettings.DEFAULT_HANDSHAKE_TIMEOUT), DURATION,
            "How long this node waits for message 3 of an end-to-end handshake it answered.");
    public static final ConfigKey E2E_IDLE_TIMEOUT = key("mesh.e2e.idle-timeout", text(SessionSettings.DEFAULT_IDLE_TIMEOUT),
            DURATION, "An end-to-end session unused this long is dropped.");
    public static final ConfigKey E2E_LIFETIME = key("mesh.e2e.lifetime", text(SessionSettings.DEFAULT_LIFETIME), DURATION,
            "An end-to-end session this old is replaced by a new handshake (its keys are renewed).");
    public static final ConfigKey E2E_MAX_SESSIONS = key("mesh.e2e.max-sessions",
            Integer.toString(SessionSettings.DEFAULT_MAX_SESSIONS), "a whole number from 1 to 1000000",
            "End-to-end sessions this node answers for at once; the least recently used goes first.");
    public static final ConfigKey E2E_MAX_HALF_OPEN = key("mesh.e2e.max-half-open",
            Integer.toString(SessionSettings.DEFAULT_MAX_HALF_OPEN), "a whole number from 1 to 100000",
            "End-to-end handshakes this node answers for at once; more are refused with -32065.");
    public static final ConfigKey E2E_MAX_PER_NODE = key("mesh.e2e.max-sessions-per-node",
            Integer.toString(SessionSettings.DEFAULT_MAX_PER_PEER), "a whole number from 1 to 1024",
            "End-to-end sessions one node may hold with this node; its oldest goes first.");
    public static final ConfigKey E2E_HANDSHAKE_RATE = key("mesh.e2e.handshake-rate",
            Integer.toString((int) SessionSettings.DEFAULT_HANDSHAKE_RATE), "a positive number",
            "End-to-end handshakes a second each neighbour may bring this node; more are refused with -32065.");
    public static final ConfigKey E2E_HANDSHAKE_BURST = key("mesh.e2e.handshake-burst",
            Integer.toString(SessionSettings.DEFAULT_HANDSHAKE_BURST), "a whole number from 1 to 10000",
            "End-to-end handshakes one neighbour may bring at once.");

    // Routing
    public static final ConfigKey RPC_TIMEOUT = key("mesh.rpc.timeout", text(RoutingSettings.DEFAULT_REQUEST_DEADLINE),
            DURATION, "Deadline of a request this node sends on a link.");
    public static final ConfigKey ROUTE_TTL = key("mesh.route.ttl", Integer.toString(RoutingSettings.DEFAULT_TTL),
            "a whole number from 0 to 255",
            "Hop limit given to requests that arrive without route metadata; a higher ttl that arrives is lowered to it.");
    public static final ConfigKey FORWARD_TIMEOUT = key("mesh.route.forward-timeout",
            text(RoutingSettings.DEFAULT_FORWARDING_DEADLINE), DURATION, "Deadline of a forwarded request.");
    public static final ConfigKey ANNOUNCE_INTERVAL = key("mesh.route.announce-interval",
            text(RoutingSettings.Routes.DEFAULT_ANNOUNCE_INTERVAL), DURATION, "How often the node announces its routes.");
    public static final ConfigKey HOLD_TIME = key("mesh.route.hold-time", text(RoutingSettings.Routes.DEFAULT_HOLD_TIME),
            "a duration from 1s to 1h, longer than mesh.route.announce-interval",
            "How long neighbours keep this node's routes without a newer announcement.");
    public static final ConfigKey MAX_HOPS = key("mesh.route.max-hops", Integer.toString(RoutingSettings.Routes.DEFAULT_MAX_HOPS),
            "a whole number from 1 to 64", "The most hops of a usable route.");
    public static final ConfigKey MAX_ENTRIES = key("mesh.route.max-entries",
            Integer.toString(RoutingSettings.Routes.DEFAULT_MAX_ENTRIES), "a whole number from 1 to 65536",
            "The most entries in one route announcement, sent or accepted.");
    public static final ConfigKey FAILOVER_ATTEMPTS = key("mesh.route.failover-attempts",
            Integer.toString(RoutingSettings.DEFAULT_FAILOVER_ATTEMPTS), "a whole number from 1 to 64",
            "Most replicas one request to *:<agent> is sent to.");
    public static final ConfigKey WORKER_THREADS = key("mesh.route.worker-threads",
            Integer.toString(RoutingSettings.DEFAULT_WORKER_THREADS), WHOLE, "Threads that serve requests from links.");
    public static final ConfigKey WORK_QUEUE = key("mesh.route.work-queue",
            Integer.toString(RoutingSettings.DEFAULT_WORK_QUEUE_CAPACITY), WHOLE, "Requests from links waiting for a worker.");
    public static final ConfigKey DIAL_RETRY = key("mesh.route.dial-retry", text(RoutingSettings.Routes.DEFAULT_DIAL_RETRY),
            DURATION, "After a failed direct dial, how long before that node is dialed again; also how long requests to a"
                    + " node whose link went silent fail at once while it is redialed in the background.");
    public static final ConfigKey AUTO_DIAL = key("mesh.discovery.auto-dial", "true", BOOLEAN,
            "Whether the node dials the nodes and peers it learns of.");

    // Registry and discovery
    public static final ConfigKey ROUND_INTERVAL = key("mesh.registry.round-interval", text(REGISTRY.roundInterval()),
            DURATION, "Time between two gossip rounds.");
    public static final ConfigKey FANOUT = key("mesh.registry.fanout", Integer.toString(REGISTRY.fanout()),
            "a whole number from 1 to 64", "Peers a node exchanges digests with in one round.");
    public static final ConfigKey ADVERT_TTL = key("mesh.registry.advert-ttl", text(REGISTRY.advertTtl()), DURATION,
            "Lifetime this node gives its own advert.");
    public static final ConfigKey ADVERT_REFRESH = key("mesh.registry.advert-refresh", text(REGISTRY.advertRefresh()),
            "a duration shorter than mesh.registry.advert-ttl", "Age at which this node reissues its advert.");
    public static final ConfigKey PEER_EXPIRY = key("mesh.registry.peer-expiry", text(REGISTRY.peerExpiry()), DURATION,
            "A peer unseen this long leaves the peer book.");
    public static final ConfigKey PEER_BOOK_SAVE_INTERVAL = key("mesh.registry.peer-book-save-interval",
            text(REGISTRY.peerBookSaveInterval()), DURATION, "How often a changed peer book is written.");
    public static final ConfigKey MAX_ADVERTS = key("mesh.registry.max-adverts", Integer.toString(REGISTRY.maxAdverts()),
            "a whole number from 1 to 10000000", "Adverts the registry holds in all; more are refused (REGISTRY_FULL).");
    public static final ConfigKey MAX_HELD_BYTES = key("mesh.registry.max-bytes", Integer.toString(REGISTRY.maxHeldBytes()),
            "a whole number of bytes, at least 65536", "Bytes of advert envelopes the registry holds in all; more are refused (REGISTRY_FULL).");
    public static final ConfigKey MAX_ADVERTS_PER_AGENT = key("mesh.registry.max-adverts-per-agent",
            Integer.toString(REGISTRY.maxAdvertsPerAgent()), "a whole number from 1 to 10000000",
            "Adverts held that list one agent id; more are refused (AGENT_LIMIT).");
    public static final ConfigKey MAX_ADVERTS_PER_PEER = key("mesh.registry.max-adverts-per-peer",
            Integer.toString(REGISTRY.maxAdvertsPerPeer()), "a whole number from 1 to 10000000",
            "Adverts held that one link peer relayed; more are refused (PEER_LIMIT).");
    public static final ConfigKey MAX_NEW_ADVERTS_PER_PUSH = key("mesh.registry.max-new-adverts-per-push",
            Integer.toString(REGISTRY.maxNewAdvertsPerPush()), "a whole number from 1 to 100000",
            "Nodes one gossip push may add to the registry; the rest are refused (PUSH_LIMIT).");
    public static final ConfigKey MAX_LINKS = key("mesh.max-links", "16", WHOLE,
            "The node dials learned peers only while fewer links than this are open.");
    public static final ConfigKey MAX_PEERS_PER_SOURCE = key("mesh.registry.max-peers-per-source",
            Integer.toString(REGISTRY.maxPeersPerSource()), "a whole number from 1 to 1000000",
            "Peer book entries one relaying peer may place by peer exchange; more are refused (SOURCE_LIMIT).");
    public static final ConfigKey DIAL_RATE = key("mesh.dial.rate", "2", "a number of dials per second, above 0",
            "Dials of learned or announced addresses started per second on average; more are refused (RATE).");
    public static final ConfigKey DIAL_BURST = key("mesh.dial.burst", Integer.toString(DialSettings.DEFAULT_BURST),
            "a whole number from 1 to 10000", "Dials that may start at once after a quiet time (the rate's bucket).");
    public static final ConfigKey DIAL_MAX_CONCURRENT = key("mesh.dial.max-concurrent",
            Integer.toString(DialSettings.DEFAULT_MAX_CONCURRENT), "a whole number from 1 to 1024",
            "Dials in progress at once; more are refused (CONCURRENCY).");
    public static final ConfigKey DIAL_ALLOW_PRIVATE = key("mesh.dial.allow-private", "auto", "auto, true or false",
            "Whether loopback, private and link-local targets may be dialed; auto: when this node is on one.");

    // MCP endpoint and API
    public static final ConfigKey ALLOWED_ORIGINS = key("mesh.mcp.allowed-origins",
            String.join(",", McpHttpSettings.LOOPBACK_ORIGINS), "scheme://host[:port], scheme://host:* or *",
            "Origins a browser may send to /mcp and /api/v1/call.");
    public static final ConfigKey MCP_TOKEN = secret("mesh.mcp.token", "at least 16 visible ASCII characters",
            "Bearer token that admits clients beyond loopback.");
    public static final ConfigKey ALLOW_LOOPBACK = key("mesh.mcp.allow-loopback", "true", BOOLEAN,
            "Whether loopback clients are admitted without credentials.");
    public static final ConfigKey SESSION_IDLE_TIMEOUT = key("mesh.mcp.session-idle-timeout",
            text(McpHttpSettings.DEFAULT_SESSION_IDLE_TIMEOUT), DURATION, "An MCP session unused this long ends.");
    public static final ConfigKey MAX_SESSIONS = key("mesh.mcp.max-sessions",
            Integer.toString(McpHttpSettings.DEFAULT_MAX_SESSIONS), WHOLE, "MCP sessions held at once.");
    public static final ConfigKey MAX_BODY_BYTES = key("mesh.mcp.max-body-bytes",
            Integer.toString(McpHttpSettings.DEFAULT_MAX_BODY_BYTES), WHOLE, "Largest POST body accepted.");
    public static final ConfigKey SSE_KEEP_ALIVE = key("mesh.mcp.sse-keep-alive",
            text(McpHttpSettings.DEFAULT_SSE_KEEP_ALIVE), DURATION, "Interval of SSE comment lines on open streams.");
    public static final ConfigKey SESSION_QUEUE = key("mesh.mcp.session-queue",
            Integer.toString(McpHttpSettings.DEFAULT_SESSION_QUEUE), WHOLE,
            "Server notifications a session keeps while no GET stream is open.");
    public static final ConfigKey SSE_REPLAY_EVENTS = key("mesh.mcp.sse-replay-events",
            Integer.toString(McpHttpSettings.DEFAULT_SSE_REPLAY_EVENTS), WHOLE,
            "Events each SSE stream of an MCP session keeps for a client resuming it with Last-Event-ID.");

    // Multi round-trip requests (input required)
    public static final ConfigKey INPUT_STATE_TTL = key("mesh.mcp.input.state-ttl",
            text(InputSettings.DEFAULT_STATE_TTL), DURATION, "How long an agent's requestState stays valid.");
    public static final ConfigKey INPUT_MAX_ROUNDS = key("mesh.mcp.input.max-rounds",
            Integer.toString(InputSettings.DEFAULT_MAX_ROUNDS), "a whole number from 1 to 100",
            "Rounds of input requests to a 2025-11-25 client (or a MeshClient call) for one of its requests.");
    public static final ConfigKey INPUT_DEADLINE = key("mesh.mcp.input.deadline",
            text(InputSettings.DEFAULT_DEADLINE), DURATION, "How long the entry node waits for a client's answers to one round.");
    public static final ConfigKey INPUT_MAX_PENDING = key("mesh.mcp.input.max-pending",
            Integer.toString(InputSettings.DEFAULT_MAX_PENDING), WHOLE,
            "Requests to MCP clients awaiting their answer at once; more fail the request that needs them.");

    // POST /api/v1/call
    public static final ConfigKey API_EVENT_QUEUE = key("mesh.api.event-queue",
            Integer.toString(CallSettings.DEFAULT_EVENT_QUEUE), "a whole number from 1 to 1000000",
            "Events of a streamed /api/v1/call answer waiting for a slow client; more notifications are dropped.");

    // OAuth at the edge (JWT mode of /mcp and /api/v1/call)
    public static final ConfigKey OAUTH_ISSUER = key("mesh.oauth.issuer", null, "an http(s) URL",
            "The authorization server whose JWT access tokens admit clients (its iss); setting it turns the JWT mode on.");
    public static final ConfigKey OAUTH_JWKS_URL = key("mesh.oauth.jwks-url", null, "an http(s) URL",
            "Where the issuer publishes its signing keys (JWK Set); required in JWT mode.");
    public static final ConfigKey OAUTH_RESOURCE = key("mesh.oauth.resource", null, "an http(s) URL without query or fragment",
            "This node's canonical MCP resource URI, e.g. https://node.example/mcp: a token's aud must hold it; required in JWT mode.");
    public static final ConfigKey OAUTH_SCOPES = key("mesh.oauth.required-scopes", null, "scopes (visible ASCII)",
            "Scopes every access token must carry; a token without them gets 403 insufficient_scope.");
    public static final ConfigKey OAUTH_SERVERS = key("mesh.oauth.authorization-servers", null, "http(s) URLs",
            "The authorization servers the metadata names; default the issuer.");
    public static final ConfigKey OAUTH_ROLES_CLAIM = key("mesh.oauth.roles-claim", OAuthSettings.DEFAULT_ROLES_CLAIM,
            "a claim name", "The claim whose strings are the user's roles (scope: the scopes).");
    public static final ConfigKey OAUTH_MAX_TOKEN_BYTES = key("mesh.oauth.max-token-bytes",
            Integer.toString(OAuthSettings.DEFAULT_MAX_TOKEN_BYTES), "a whole number from 512 to 65536",
            "Longest access token examined; a longer one is refused as malformed.");
    public static final ConfigKey OAUTH_JWKS_MIN_INTERVAL = key("mesh.oauth.jwks-min-interval",
            text(OAuthSettings.DEFAULT_JWKS_MIN_INTERVAL), DURATION,
            "Shortest time between two fetches of the issuer's keys (a token naming an unknown key fetches them).");
    public static final ConfigKey OAUTH_JWKS_MAX_AGE = key("mesh.oauth.jwks-max-age",
            text(OAuthSettings.DEFAULT_JWKS_MAX_AGE), DURATION, "Keys older than this are fetched anew.");
    public static final ConfigKey OAUTH_CLOCK_SKEW = key("mesh.oauth.clock-skew",
            text(OAuthSettings.DEFAULT_CLOCK_SKEW), "a positive duration up to 5m", "Tolerance on a token's exp and nbf.");
    public static final ConfigKey BENCH_ENABLED = key("mesh.bench.enabled", "false", BOOLEAN,
            "Serves the plaintext benchmark baselines to loopback clients.");

    // Agents
    public static final ConfigKey PAGE_SIZE = key("mesh.agents.page-size", Integer.toString(AgentSettings.DEFAULT_PAGE_SIZE),
            "a whole number from 1 to " + AgentSettings.MAX_PAGE_SIZE, "Items per page of the MCP list methods.");
    public static final ConfigKey DEFAULT_AGENT = key("mesh.agents.default", null, "an agent id",
            "The agent that takes MCP methods sent without an agent; default the first registered.");
    public static final ConfigKey SAMPLES_ENABLED = key("mesh.samples.enabled", "true", BOOLEAN,
            "Whether the sample agents echo, calculator and notes are deployed.");
    public static final ConfigKey CONFORMANCE_ENABLED = key("mesh.conformance.enabled", "false", BOOLEAN,
            "Whether the fixture agent conformance of the MCP conformance suite is deployed.");

    // Access rules
    public static final ConfigKey ACCESS_AGENT = key("mesh.access.agent." + ConfigKey.ID, null,
            "principals (node:<id>, group:<g>, role:<r>, user:<sub>, local, member, anyone; or none), then"
                    + " tool <name> = principals, separated by semicolons",
            "Who may call agent <id>, and single tools of it (docs/operations.md, \"Who may call what\").");
    public static final ConfigKey ACCESS_AGENTS = key("mesh.access.agents", null, "agent ids",
            "Agent ids whose mesh.access.agent.<id> to look up by name, for sources that cannot list dotted keys.");
    public static final ConfigKey ACCESS_DEFAULT = key("mesh.access.default", "anyone",
            "principals (node:<id>, group:<g>, role:<r>, user:<sub>, local, member, anyone) or none",
            "Who may call an agent that has no mesh.access.agent.<id> rule of its own.");
    public static final ConfigKey ACCESS_UNAUTHENTICATED = key("mesh.access.unauthenticated", "auto", "auto, true or false",
            "Whether callers whose origin is not authenticated may call agents; auto: not in certified trust mode.");

    // Bridged agents
    public static final ConfigKey BRIDGES = key("mesh.bridges", null, "bridge ids",
            "Bridge ids to look up by name, for sources that cannot list dotted keys.");
    public static final ConfigKey BRIDGE_BACKOFF_INITIAL = key("mesh.bridge.backoff-initial",
            text(BridgeSettings.DEFAULT_BACKOFF_INITIAL), DURATION, "First reconnection delay of a bridge.");
    public static final ConfigKey BRIDGE_BACKOFF_MAX = key("mesh.bridge.backoff-max",
            text(BridgeSettings.DEFAULT_BACKOFF_MAX), "at least mesh.bridge.backoff-initial", "Largest reconnection delay.");
    public static final ConfigKey BRIDGE_URL = key("mesh.bridge." + ConfigKey.ID + ".url", null, "an http:// or https:// URL",
            "The Streamable HTTP endpoint of the server bridged as agent <id>.");
    public static final ConfigKey BRIDGE_COMMAND = key("mesh.bridge." + ConfigKey.ID + ".command", null, "a command line",
            "Instead of a URL: a stdio server's command line.");
    public static final ConfigKey BRIDGE_HEADERS = secret("mesh.bridge." + ConfigKey.ID + ".headers", "Name=Value; Name2=Value2",
            "HTTP headers for every request to the bridged server.");
    public static final ConfigKey BRIDGE_ENV = secret("mesh.bridge." + ConfigKey.ID + ".env", "NAME, NAME2=value",
            "Variables of a stdio server's process besides PATH, HOME, the locale and the like: NAME passes the node's, NAME=value sets one.");
    public static final ConfigKey BRIDGE_TIMEOUT = key("mesh.bridge." + ConfigKey.ID + ".timeout", text(BridgeSettings.DEFAULT_TIMEOUT),
            DURATION, "Deadline of each request to the bridged server.");
    public static final ConfigKey BRIDGE_CONNECT_TIMEOUT = key("mesh.bridge." + ConfigKey.ID + ".connect-timeout",
            text(BridgeSettings.DEFAULT_CONNECT_TIMEOUT), DURATION, "Deadline of opening a connection.");
    public static final ConfigKey BRIDGE_MAX_ITEMS = key("mesh.bridge." + ConfigKey.ID + ".max-items",
            Integer.toString(BridgeSettings.DEFAULT_MAX_LIST_ITEMS), WHOLE, "Most items taken from each list of the server.");

    // Dashboard and admin API
    public static final ConfigKey CONSOLE_REQUEST_TIMEOUT = key("mesh.console.request-timeout",
            text(ConsoleSettings.DEFAULT_REQUEST_TIMEOUT), DURATION, "How long the dashboard waits for a node's answer.");
    public static final ConfigKey CONSOLE_CALL_TIMEOUT = key("mesh.console.call-timeout",
            text(ConsoleSettings.DEFAULT_CALL_TIMEOUT), DURATION, "How long a tool call or dial from the dashboard may take.");
    public static final ConfigKey TRAFFIC_SLOT = key("mesh.console.traffic.slot", text(TrafficSettings.DEFAULT_SLOT),
            "whole seconds from 1s to 5m", "Length of one slot of the traffic history.");
    public static final ConfigKey TRAFFIC_SLOTS = key("mesh.console.traffic.slots",
            Integer.toString(TrafficSettings.DEFAULT_SLOTS), "a whole number from 2 to 1440",
            "Slots of traffic history kept per agent and per link.");
    public static final ConfigKey METRICS_MAX_PEER_SERIES = key("mesh.metrics.max-peer-series",
            Integer.toString(ConsoleSettings.DEFAULT_MAX_PEER_SERIES),
            "a whole number from 0 to " + ConsoleSettings.MAX_PEER_SERIES_LIMIT,
            "Most peers with metric series of their own; the others are counted as peer=\"other\".");

    private ConfigKeys() {
    }

    /** Every key, in the order above. */
    public static List<ConfigKey> all() {
        return Collections.unmodifiableList(ALL);
    }

    private static ConfigKey key(String name, String defaultValue, String expected, String description) {
        return key(name, defaultValue, expected, description, false);
    }

    private static ConfigKey secret(String name, String expected, String description) {
        return key(name, null, expected, description, true);
    }

    private static ConfigKey key(String name, String defaultValue, String expected, String description, boolean secret) {
        ConfigKey key = new ConfigKey(name, Optional.ofNullable(defaultValue), expected, description, secret);
        ALL.add(key);
        return key;
    }
}
