package io.agentmesh.node;

import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.transport.MeshLinks;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the node when the application starts, in order: validates the configuration, loads (or
 * creates) the identity, writes {@code node.id} beside it for scripts and operators, sets up the
 * administrator ({@link AdminAccess}), starts the router and the links (bootstrap dialing), then the
 * registry (gossip, dialing of known peers), and logs the node id and mesh address. Any failure stops
 * the application with one log line naming its cause. At shutdown it drains the router before the
 * links close.
 */
@ApplicationScoped
public class NodeStartup {

    private static final Logger LOG = Logger.getLogger(NodeStartup.class.getName());

    @Inject
    MeshConfig config;

    @Inject
    Provider<NodeIdentity> identityProvider;

    @Inject
    NodeStatus status;

    @Inject
    AdminAccess adminAccess;

    @Inject
    Provider<MeshRouter> router;

    @Inject
    Provider<MeshLinks> links;

    @Inject
    Provider<RegistryWiring> registry;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            NodeIdentity identity = identityProvider.get();
            writeNodeId(config.dataDir().resolve("node.id"), identity.nodeId().value());
            adminAccess.start();
            router.get().router();
            links.get().start();
            registry.get().start();
            if (config.listensBeyondLoopback() && "open".equals(config.trustMode())) {
                LOG.warning("Trust mode is open and the node listens beyond loopback (http.host): any peer that "
                        + "completes a handshake is admitted. Set mesh.trust.mode=allowlist and mesh.trust.allow to restrict it.");
            }
            String detail = "agentmesh node " + identity.nodeId() + " ready: mesh address "
                    + String.join(", ", config.advertise()) + ", data dir " + config.dataDir();
            status.running(detail);
            LOG.info(detail);
        } catch (RuntimeException e) {
            status.failed(e.getMessage());
            LOG.log(Level.SEVERE, "agentmesh node failed to start: {0}", e.getMessage());
            throw e;
        }
    }

    /**
     * Stops the node in order when the application stops: the router drains (requests not yet served
     * are refused with -32065, running ones get a few seconds), then the links close with 1001, so that
     * callers of a replicated agent lose no call that is safe to send to another replica.
     */
    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        if (status.phase() != NodeStatus.Phase.RUNNING) {
            return;
        }
        try {
            router.get().drain();
            links.get().stop();
            LOG.info("agentmesh node stopped: router drained, links closed");
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "agentmesh node did not stop cleanly: {0}", e.toString());
        }
    }

    private static void writeNodeId(Path file, String nodeId) {
        try {
            AtomicFiles.write(file, (nodeId + "\n").getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
