package io.agentmesh.admin.metrics;

import io.agentmesh.node.NodeThreads;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The overflows of the links' bounded thread-pool queues as gauges (docs/metrics.md): tasks that found the
 * listener queue full (run by the handing thread) or the dial queue full (the dial failed).
 */
@ApplicationScoped
public class ThreadMetrics {

    /** The name, as docs/metrics.md lists it. */
    public static final String OVERFLOWS = "agentmesh.threads.overflows";

    @Inject
    MetricRegistry registry;

    @Inject
    NodeThreads threads;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        register(registry, threads::overflows);
    }

    /** Registers one gauge per pool in {@code metrics}, each reading {@code overflows} when asked. */
    static void register(MetricRegistry metrics, ToLongFunction<NodeThreads.Pool> overflows) {
        for (NodeThreads.Pool pool : NodeThreads.Pool.values()) {
            metrics.gauge(Metadata.builder().withName(OVERFLOWS)
                            .withDescription("Tasks that found a links' thread pool queue full since start, by pool")
                            .withUnit(MetricUnits.NONE).build(),
                    () -> overflows.applyAsLong(pool), new Tag("pool", pool.name().toLowerCase(Locale.ROOT)));
        }
    }
}
