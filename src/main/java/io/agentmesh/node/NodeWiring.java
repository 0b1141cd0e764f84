package io.agentmesh.node;

import io.agentmesh.identity.IdentityStore;
import io.agentmesh.identity.NodeIdentity;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.security.SecureRandom;
import java.time.Clock;

/** Hands CDI the node's clock, its randomness and its identity (created under {@code mesh.data-dir}). */
@ApplicationScoped
public class NodeWiring {

    @Inject
    MeshConfig config;

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
    NodeIdentity nodeIdentity(SecureRandom random) {
        return new IdentityStore(config.node().dataDir()).loadOrCreate(random);
    }
}
