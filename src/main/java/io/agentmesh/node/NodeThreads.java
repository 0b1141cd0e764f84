package io.agentmesh.node;

import io.agentmesh.agents.bridge.BridgeThreads;
import io.agentmesh.agents.http.McpHttpThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Disposes;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Makes the thread pools the node's components run on and stops them with the application: the bridges'
 * timer and pool ({@link BridgeThreads}) and the {@code /mcp} timer ({@link McpHttpThreads}). Their
 * threads are daemons, named as in docs/architecture.md ("Threads").
 */
@ApplicationScoped
public class NodeThreads {

    @Produces
    @Singleton
    BridgeThreads bridgeThreads() {
        return new BridgeThreads(Executors.newSingleThreadScheduledExecutor(numbered("agentmesh-bridge-timer")),
                Executors.newCachedThreadPool(numbered("agentmesh-bridge")));
    }

    void stop(@Disposes BridgeThreads threads) {
        threads.timer().shutdownNow();
        threads.pool().shutdownNow();
    }

    @Produces
    @Singleton
    McpHttpThreads mcpHttpThreads() {
        return new McpHttpThreads(Executors.newSingleThreadScheduledExecutor(r -> daemon(r, "agentmesh-mcp-timer")));
    }

    void stop(@Disposes McpHttpThreads threads) {
        threads.timer().shutdownNow();
    }

    /** Daemon threads named {@code prefix-1}, {@code prefix-2}, ... */
    private static ThreadFactory numbered(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> daemon(r, prefix + "-" + n.incrementAndGet());
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
