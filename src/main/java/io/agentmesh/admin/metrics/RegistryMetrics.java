package io.agentmesh.admin.metrics;

import io.agentmesh.node.RegistryWiring;
import io.agentmesh.registry.AdvertRejection;
import io.agentmesh.registry.PeerRefusal;
import io.agentmesh.registry.RegistryService;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.function.ToLongFunction;
import org.eclipse.microprofile.metrics.Metadata;
import org.eclipse.microprofile.metrics.MetricRegistry;
import org.eclipse.microprofile.metrics.MetricUnits;
import org.eclipse.microprofile.metrics.Tag;

/**
 * The registry's figures as gauges that read the running registry (docs/metrics.md): the nodes whose
 * adverts it holds, the gossip rounds run, and the adverts refused since start by reason (among them
 * the caps of registry.md §2.5), and the peer-exchange entries the peer book refused by reason (§4); each
 * is 0 until the registry runs.
 */
@ApplicationScoped
public class RegistryMetrics {

    /** The names, as docs/metrics.md lists them. */
    public static final class Names {
        public static final String NODES = "agentmesh.registry.nodes";
        public static final String GOSSIP_ROUNDS = "agentmesh.registry.gossip.rounds";
        public static final String ADVERTS_REJECTED = "agentmesh.registry.adverts.rejected";
        public static final String PEERS_REFUSED = "agentmesh.registry.peers.refused";

        private Names() {
        }
    }

    @Inject
    MetricRegistry registry;

    @Inject
    RegistryWiring wiring;

    void register(@Observes @Initialized(ApplicationScoped.class) Object event) {
        register(registry, wiring::service);
    }

    /** Registers the gauges in {@code metrics}, each reading what {@code running} gives when asked. */
    static void register(MetricRegistry metrics, Supplier<Optional<RegistryService>> running) {
        gauge(metrics, Names.NODES, "Nodes whose adverts the registry holds, this one included", MetricUnits.NONE,
                running, s -> s.node().registry().size());
        gauge(metrics, Names.GOSSIP_ROUNDS, "Gossip rounds run by the registry since start", MetricUnits.NONE,
                running, RegistryService::rounds);
        for (AdvertRejection reason : AdvertRejection.values()) {
            gauge(metrics, Names.ADVERTS_REJECTED, "Adverts the registry refused since start, by reason",
                    MetricUnits.NONE, running, s -> s.node().registry().rejectionCount(reason),
                    new Tag("reason", reason.name().toLowerCase(Locale.ROOT)));
        }
        for (PeerRefusal reason : PeerRefusal.values()) {
            gauge(metrics, Names.PEERS_REFUSED, "Peer-exchange entries the peer book refused since start, by reason",
                    MetricUnits.NONE, running, s -> s.node().peers().refusalCount(reason),
                    new Tag("reason", reason.name().toLowerCase(Locale.ROOT)));
        }
    }

    private static void gauge(MetricRegistry metrics, String name, String description, String unit,
                              Supplier<Optional<RegistryService>> running, ToLongFunction<RegistryService> value,
                              Tag... tags) {
        metrics.gauge(Metadata.builder().withName(name).withDescription(description).withUnit(unit).build(),
                () -> running.get().map(value::applyAsLong).orElse(0L), tags);
    }
}
