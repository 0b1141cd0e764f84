package io.agentmesh.agents.bridge;

import io.agentmesh.agents.AgentHost;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bridged agents of a node ({@link BridgeConfiguration}) and the threads they share: one timer for
 * deadlines and reconnection delays, and a pool for HTTP exchanges and connection attempts. A plain
 * class: {@link BridgeStarter} runs it in the application.
 */
public final class Bridges implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Bridges.class.getName());

    /** Makes the transport of one bridge. */
    @FunctionalInterface
    public interface TransportFactory {
        McpTransport create(BridgeSettings settings, ExecutorService pool, ScheduledExecutorService timer);
    }

    /** HTTP for a url, stdio for a command. */
    public static final TransportFactory DEFAULT_TRANSPORTS = (settings, pool, timer) -> settings.url().isPresent()
            ? new StreamableHttpTransport(settings, StreamableHttpTransport.httpClient(settings, pool), timer)
            : new StdioTransport(settings);

    private final AgentHost host;
    private final BridgeConfiguration configuration;
    private final TransportFactory transports;
    private final Clock clock;
    private final ScheduledExecutorService timer;
    private final ExecutorService pool;
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();

    public Bridges(AgentHost host, BridgeConfiguration configuration, Clock clock) {
        this(host, configuration, clock, DEFAULT_TRANSPORTS);
    }

    public Bridges(AgentHost host, BridgeConfiguration configuration, Clock clock, TransportFactory transports) {
        this.host = host;
        this.configuration = configuration;
        this.transports = transports;
        this.clock = clock;
        this.timer = Executors.newSingleThreadScheduledExecutor(daemon("agentmesh-bridge-timer"));
        this.pool = Executors.newCachedThreadPool(daemon("agentmesh-bridge"));
    }

    /**
     * Registers every bridged agent and begins connecting them. An id already taken by another agent
     * stops every bridge and throws IllegalArgumentException naming it.
     */
    public synchronized void start() {
        for (BridgeSettings settings : configuration.bridges()) {
            Bridge bridge = new Bridge(settings, transports.create(settings, pool, timer), host, timer, pool, clock);
            try {
                bridge.start();
            } catch (IllegalArgumentException e) {
                close();
                throw new IllegalArgumentException("bridge " + settings.id() + " cannot be registered: " + e.getMessage(), e);
            }
            bridges.put(settings.id(), bridge);
        }
    }

    public synchronized Optional<Bridge> bridge(String id) {
        return Optional.ofNullable(bridges.get(id));
    }

    public synchronized List<BridgeStatus> statuses() {
        var list = new ArrayList<BridgeStatus>();
        bridges.values().forEach(b -> list.add(b.status()));
        return list;
    }

    /** Stops every bridge (their agents are unregistered) and the shared threads. */
    @Override
    public synchronized void close() {
        for (Bridge bridge : bridges.values()) {
            try {
                bridge.close();
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "stopping bridge " + bridge.id() + " failed", e);
            }
        }
        bridges.clear();
        timer.shutdownNow();
        pool.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
