package io.agentmesh.admin;

import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.transport.MeshLinks;
import jakarta.enterprise.context.ApplicationScoped;
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
 * administrator ({@link AdminAccess}), starts the router and the links (bootstrap dialing), and logs
 * the node id and mesh address. Any failure stops the application with one log line naming its cause.
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

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            NodeIdentity identity = identityProvider.get();
            writeNodeId(config.dataDir().resolve("node.id"), identity.nodeId().value());
            adminAccess.start();
            router.get().router();
            links.get().start();
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

    private static void writeNodeId(Path file, String nodeId) {
        try {
            AtomicFiles.write(file, (nodeId + "\n").getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
