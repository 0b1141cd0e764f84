package io.agentmesh.agents.bridge;

import io.agentmesh.agents.AgentHost;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The bridged agents of a node ({@link BridgeConfiguration}), started and stopped together on the threads
 * they share ({@link BridgeThreads}). A plain class: {@link BridgeStarter} runs it in the application.
 */
public final class Bridges implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(Bridges.class.getName());

    /** Makes the transport of one bridge. */
    @FunctionalInterface
    public interface TransportFactory {
        McpTransport create(BridgeSettings settings, BridgeThreads threads);
    }

    /** HTTP for a url, stdio for a command. */
    public static final TransportFactory DEFAULT_TRANSPORTS = (settings, threads) -> settings.url().isPresent()
            ? new StreamableHttpTransport(settings, StreamableHttpTransport.httpClient(settings, threads.pool()), threads.timer())
            : new StdioTransport(settings);

    private final AgentHost host;
    private final BridgeConfiguration configuration;
    private final TransportFactory transports;
    private final Clock clock;
    private final BridgeThreads threads;
    private final Map<String, Bridge> bridges = new LinkedHashMap<>();

    public Bridges(AgentHost host, BridgeConfiguration configuration, Clock clock, BridgeThreads threads) {
        this(host, configuration, clock, threads, DEFAULT_TRANSPORTS);
    }

    public Bridges(AgentHost host, BridgeConfiguration configuration, Clock clock, BridgeThreads threads,
                   TransportFactory transports) {
        this.host = host;
        this.configuration = configuration;
        this.transports = transports;
        this.clock = clock;
        this.threads = threads;
    }

    /**
     * Registers every bridged agent and begins connecting them. An id already taken by another agent
     * stops every bridge and throws IllegalArgumentException naming it.
     */
    public synchronized void start() {
        for (BridgeSettings settings : configuration.bridges()) {
            Bridge bridge = new Bridge(settings, transports.create(settings, threads), host, threads.timer(),
                    threads.pool(), clock);
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

    /** Stops every bridge (their agents are unregistered); the shared threads are their owner's to stop. */
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
    }
}
