package io.agentmesh.admin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.node.NodeThreads;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

/** One gauge per links' pool of the overflows of its bounded queue. */
class ThreadMetricsTest {

    private final RecordingRegistry recorded = new RecordingRegistry();

    @Test
    void eachPoolHasAGaugeOfItsOverflows() {
        ThreadMetrics.register(recorded.registry, pool -> pool == NodeThreads.Pool.DIALS ? 7L : 0L);
        assertEquals(NodeThreads.Pool.values().length, recorded.count(ThreadMetrics.OVERFLOWS));
        assertEquals(7L, recorded.gauge(ThreadMetrics.OVERFLOWS, new Tag("pool", "dials")));
        assertEquals(0L, recorded.gauge(ThreadMetrics.OVERFLOWS, new Tag("pool", "listeners")));
    }
}
