package io.agentmesh.admin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.registry.AdvertRejection;
import io.agentmesh.registry.PeerRefusal;
import java.util.Optional;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

/** The registry's gauges: one per figure and per refusal reason, 0 while the registry does not run. */
class RegistryMetricsTest {

    private final RecordingRegistry recorded = new RecordingRegistry();

    @Test
    void everyFigureAndEveryRefusalReasonHasAGaugeThatReadsZeroBeforeTheRegistryRuns() {
        RegistryMetrics.register(recorded.registry, Optional::empty);
        assertEquals(0L, recorded.gauge(RegistryMetrics.Names.NODES));
        assertEquals(0L, recorded.gauge(RegistryMetrics.Names.GOSSIP_ROUNDS));
        assertEquals(AdvertRejection.values().length, recorded.count(RegistryMetrics.Names.ADVERTS_REJECTED));
        assertEquals(0L, recorded.gauge(RegistryMetrics.Names.ADVERTS_REJECTED, new Tag("reason", "agent_limit")));
        assertEquals(0L, recorded.gauge(RegistryMetrics.Names.ADVERTS_REJECTED, new Tag("reason", "registry_full")));
        assertEquals(PeerRefusal.values().length, recorded.count(RegistryMetrics.Names.PEERS_REFUSED));
        assertEquals(0L, recorded.gauge(RegistryMetrics.Names.PEERS_REFUSED, new Tag("reason", "no_identity")));
        assertEquals(0L, recorded.gauge(RegistryMetrics.Names.PEERS_REFUSED, new Tag("reason", "source_limit")));
    }
}
