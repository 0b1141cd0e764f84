package io.agentmesh.node;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.transport.Membership;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.time.Clock;

/** Hands CDI this node's {@link Membership}, read once from its data directory ({@link MembershipFiles}). */
@ApplicationScoped
public class MembershipWiring {

    @Inject
    MeshConfig config;

    @Inject
    NodeIdentity identity;

    @Inject
    Clock clock;

    @Produces
    @Singleton
    Membership membership() {
        return MembershipFiles.load(config.trust(), config.node().dataDir(), identity, clock.instant());
    }
}
