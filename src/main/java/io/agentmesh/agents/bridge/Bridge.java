package io.agentmesh.agents.bridge;

import io.agentmesh.routing.Completions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One bridged agent: an existing MCP server served as a local agent of this node (issue "Bridged
 * agents"; MCP 2025-11-25 on both sides). It is registered in the {@link AgentHost} under its id at
 * {@link #start()} and stays registered until {@link #close()}, whether its server is up or not.
 * <ul>
 * <li>Connecting: a session is initialized ({@link BridgeClient}) and every list fetched
 * ({@link RemoteCatalog}); the agent's definition is then replaced by one that lists what the server
 * offers and relays each call ({@link BridgedAgents}, {@link RelayedCalls}).</li>
 * <li>{@code notifications/*}{@code /list_changed} from the server fetch the lists again; when they
 * changed, the definition is replaced and the host tells the agent's clients (list_changed).
 * {@code notifications/resources/updated} goes to {@link RemoteSubscriptions}.</li>
 * <li>Down: when the server cannot be reached (at start or later: a failed call, a lost notification
 * stream, an exited process) every request but {@code initialize} and {@code ping} is answered −32060
 * ({@link BridgeErrors}), and a reconnection is scheduled with capped exponential backoff; the last
 * lists stay listed.</li>
 * </ul>
 * One log line per change of state: INFO when up, WARNING when it goes down (later failed attempts at FINE).
 */
public final class Bridge implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Bridge.class.getName());
    private static final Set<String> ALWAYS_ADMITTED = Set.of("initialize", "ping");
    private static final Set<String> LIST_CHANGED = Set.of("notifications/tools/list_changed",
            "notifications/resources/list_changed", "notifications/prompts/list_changed");

    private final BridgeSettings settings;
    private final AgentHost host;
    private final ScheduledExecutorService scheduler;
    private final Executor work;
    private final Clock clock;
    private final BridgeClient client;
    private final BridgeErrors errors;
    private final RelayedCalls calls;
    private final RemoteSubscriptions subscriptions;
    private final Backoff backoff;
    private final Object lock = new Object();
    private volatile BridgeStatus status;
    private volatile RemoteServer server;
    private RemoteCatalog catalog;
    private ScheduledFuture<?> reconnect;
    private long generation;
    private boolean registered;
    private boolean refreshing;
    private boolean refreshAgain;
    private boolean downReported;
    private boolean closed;

    /**
     * @param scheduler runs request deadlines and reconnection delays
     * @param work      runs connection attempts (which may block briefly, starting a process)
     */
    public Bridge(BridgeSettings settings, McpTransport transport, AgentHost host, ScheduledExecutorService scheduler,
                  Executor work, Clock clock) {
        this.settings = settings;
        this.host = host;
        this.scheduler = scheduler;
        this.work = work;
        this.clock = clock;
        this.client = new BridgeClient(settings.id(), transport, settings.timeout(), scheduler, new Events());
        this.errors = new BridgeErrors(settings);
        this.calls = new RelayedCalls(client, errors, this::lost);
        this.subscriptions = new RemoteSubscriptions(settings.id(), client, host);
        this.backoff = new Backoff(settings.backoffInitial(), settings.backoffMax());
        this.status = new BridgeStatus(settings.id(), settings.target(), BridgeStatus.State.CONNECTING,
                "not started", clock.instant(), Optional.empty());
    }

    public String id() {
        return settings.id();
    }

    public BridgeSettings settings() {
        return settings;
    }

    public BridgeStatus status() {
        return status;
    }

    /**
     * Registers the agent (with no tools yet) and begins connecting in the background.
     *
     * @throws IllegalArgumentException when the host already has an agent with this id
     */
    public void start() {
        synchronized (lock) {
            if (closed || registered) {
                return;
            }
            host.register(BridgedAgents.placeholder(settings.id(), settings.target(), this::admit));
            registered = true;
            status = status(BridgeStatus.State.CONNECTING, "connecting", Optional.empty());
        }
        LOG.log(Level.INFO, "bridge {0}: agent registered for the MCP server at {1}; connecting",
                new Object[] {settings.id(), settings.target()});
        work.execute(this::connect);
    }

    /** Unregisters the agent and ends the session with the server. */
    @Override
    public void close() {
        boolean unregister;
        synchronized (lock) {
            if (closed) {
                return;
            }
            closed = true;
            generation++;
            if (reconnect != null) {
                reconnect.cancel(false);
            }
            unregister = registered;
            status = status(BridgeStatus.State.CLOSED, "stopped", Optional.empty());
        }
        client.close();
        if (unregister) {
            host.unregister(settings.id());
        }
        LOG.log(Level.INFO, "bridge {0} stopped", settings.id());
    }

    // ---- connecting

    private void connect() {
        long gen;
        synchronized (lock) {
            if (closed) {
                return;
            }
            reconnect = null;
            gen = ++generation;
        }
        client.connect()
                .thenCompose(s -> {
                    server = s;
                    return RemoteCatalog.fetch(client, s, settings.maxListItems());
                })
                .whenComplete((fetched, failure) -> {
                    if (failure != null) {
                        failed(gen, Completions.unwrap(failure));
                    } else {
                        connected(gen, fetched);
                    }
                });
    }

    private void connected(long gen, RemoteCatalog fetched) {
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
        }
        apply(fetched);
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
            backoff.reset();
            downReported = false;
            status = status(BridgeStatus.State.UP, fetched.counts(), Optional.empty());
        }
        RemoteServer s = fetched.server();
        LOG.log(Level.INFO, "bridge {0} up: {1} ({2} {3}, MCP {4}): {5}", new Object[] {settings.id(), settings.target(),
            s.name().isEmpty() ? "unnamed server" : s.name(), s.version(), s.protocolVersion(), fetched.counts()});
        subscriptions.resubscribe();
    }

    /** A connection attempt failed, or a working connection was lost: down, and try again later. */
    private void failed(long gen, Throwable cause) {
        Duration delay;
        boolean report;
        synchronized (lock) {
            if (closed || gen != generation) {
                return;
            }
            generation++;
            delay = backoff.next();
            report = !downReported;
            downReported = true;
            status = status(BridgeStatus.State.DOWN, Failures.describe(cause), Optional.of(clock.instant().plus(delay)));
            long next = generation;
            reconnect = scheduler.schedule(() -> work.execute(() -> {
                synchronized (lock) {
                    if (closed || generation != next) {
                        return;
                    }
                }
                connect();
            }), delay.toMillis(), TimeUnit.MILLISECONDS);
        }
        LOG.log(report ? Level.WARNING : Level.FINE, "bridge {0} down: {1}; next attempt in {2}",
                new Object[] {settings.id(), Failures.describe(cause), Failures.human(delay)});
    }

    /**
     * The server is gone while the bridge was up or connecting; ignored when already down. A session the
     * server forgot while up is replaced at once, the bridge staying up (calls wait for the new session);
     * any other loss waits for the backoff.
     */
    private void lost(TransportException cause) {
        long gen;
        boolean renew;
        synchronized (lock) {
            if (closed || status.state() == BridgeStatus.State.DOWN) {
                return;
            }
            gen = generation;
            renew = cause instanceof SessionExpiredException && status.state() == BridgeStatus.State.UP;
        }
        if (renew) {
            LOG.log(Level.INFO, "bridge {0}: {1}; starting a new session", new Object[] {settings.id(), cause.getMessage()});
            work.execute(this::connect);
            return;
        }
        failed(gen, cause);
    }

    private void apply(RemoteCatalog fetched) {
        BridgedAgents.Built built;
        synchronized (lock) {
            if (closed || fetched.equals(catalog)) {
                return;
            }
            catalog = fetched;
            built = BridgedAgents.build(settings.id(), settings.target(), fetched, calls, this::admit);
        }
        for (String warning : built.warnings()) {
            LOG.log(Level.WARNING, "bridge {0}: {1}", new Object[] {settings.id(), warning});
        }
        host.replace(built.definition());
    }

    private void refresh() {
        long gen;
        RemoteServer s;
        synchronized (lock) {
            if (closed || status.state() != BridgeStatus.State.UP) {
                return;
            }
            if (refreshing) {
                refreshAgain = true;
                return;
            }
            refreshing = true;
            gen = generation;
            s = server;
        }
        RemoteCatalog.fetch(client, s, settings.maxListItems()).whenComplete((fetched, failure) -> {
            boolean again;
            synchronized (lock) {
                refreshing = false;
                again = refreshAgain;
                refreshAgain = false;
                if (closed || gen != generation) {
                    return;
                }
            }
            if (failure != null) {
                Throwable cause = Completions.unwrap(failure);
                if (cause instanceof TransportException t && t.unreachable()) {
                    lost(t);
                    return;
                }
                LOG.log(Level.WARNING, "bridge {0}: fetching the changed lists failed: {1}",
                        new Object[] {settings.id(), Failures.describe(cause)});
            } else {
                apply(fetched);
                LOG.log(Level.FINE, "bridge {0}: lists fetched again: {1}", new Object[] {settings.id(), fetched.counts()});
            }
            if (again) {
                refresh();
            }
        });
    }

    // ---- the gate: what the host may serve now

    private void admit(String method, JsonObject params) throws JsonRpcException {
        if (ALWAYS_ADMITTED.contains(method)) {
            return;
        }
        BridgeStatus s = status;
        if (s.state() != BridgeStatus.State.UP) {
            throw errors.unavailable(s);
        }
        if (method.equals("resources/subscribe")) {
            RemoteServer current = server;
            if (current == null || !current.supportsSubscribe()) {
                throw errors.noSubscriptions();
            }
            if (params.get("uri") instanceof JsonString uri) {
                subscriptions.subscribe(uri.getString());
            }
        }
        if (method.equals("subscriptions/listen") && params.get("notifications") instanceof JsonObject asked
                && asked.get("resourceSubscriptions") instanceof jakarta.json.JsonArray uris) {
            RemoteServer current = server;
            if (current != null && current.supportsSubscribe()) {
                uris.getValuesAs(jakarta.json.JsonValue.class).stream().filter(JsonString.class::isInstance)
                        .map(v -> ((JsonString) v).getString()).forEach(subscriptions::subscribe);
            }
        }
    }

    // ---- what the server says outside of calls

    private final class Events implements ServerListener {

        @Override
        public void notification(String method, JsonObject params) {
            if (LIST_CHANGED.contains(method)) {
                refresh();
            } else if (method.equals("notifications/resources/updated") && params.get("uri") instanceof JsonString uri) {
                subscriptions.updated(uri.getString());
            } else if (method.equals("notifications/message")) {
                LOG.log(Level.FINE, "bridge {0} server log: {1}", new Object[] {settings.id(), params});
            } else {
                LOG.log(Level.FINE, "bridge {0}: notification {1} ignored", new Object[] {settings.id(), method});
            }
        }

        @Override
        public void lost(TransportException cause) {
            Bridge.this.lost(cause);
        }
    }

    // ---- helpers

    private BridgeStatus status(BridgeStatus.State state, String detail, Optional<Instant> next) {
        return new BridgeStatus(settings.id(), settings.target(), state, detail, clock.instant(), next);
    }
}
