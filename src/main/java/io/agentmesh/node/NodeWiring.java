package io.agentmesh.node;

import io.agentmesh.identity.IdentityStore;
import io.agentmesh.identity.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/**
 * Hands CDI the node's clock, its randomness and its identity (created under {@code mesh.data-dir}). The
 * clock and the randomness need no configuration: health checks and start-up use them even when the
 * configuration cannot be used.
 */
@ApplicationScoped
public class NodeWiring {

    @Produces
    @Singleton
    SecureRandom secureRandom() {
        return new SecureRandom();
    }

    /** The node's one wall clock, UTC. */
    @Produces
    @Singleton
    Clock clock() {
        return Clock.systemUTC();
    }

    /** The node's identity, created on first start under {@code mesh.data-dir} and loaded after. */
    @Produces
    @Singleton
    NodeIdentity nodeIdentity(SecureRandom random, MeshConfig config) {
        return new IdentityStore(config.node().dataDir()).loadOrCreate(random);
    }
}
