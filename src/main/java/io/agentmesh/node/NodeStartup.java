package io.agentmesh.node;

import io.agentmesh.agents.bridge.BridgeStarter;
import io.agentmesh.identity.AtomicFiles;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.MeshRouter;
import io.agentmesh.transport.MeshLinks;
import io.agentmesh.transport.Membership;
import io.agentmesh.transport.TrustPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.context.BeforeDestroyed;
import jakarta.enterprise.context.Initialized;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Provider;
import jakarta.servlet.ServletContext;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Starts the node when the application starts, in this order: reads the configuration
 * ({@link MeshConfigLoader}), loads (or creates) the identity, writes {@code node.id} beside it for
 * scripts and operators, sets up the administrator ({@link AdminAccess}), starts the router, the links
 * (bootstrap dialing), the registry (gossip, dialing of known peers) and the bridged agents; then, once
 * the HTTP endpoint really listens ({@link HttpEndpointWatch}), the node is running and says so on the
 * console. Any failure leaves the node FAILED with one error line naming its cause, and the application
 * up so that {@code /health} can tell why. At shutdown it drains the router before the links close.
 */
@ApplicationScoped
public class NodeStartup {

    private static final Logger LOG = Logger.getLogger(NodeStartup.class.getName());

    @Inject
    MeshConfigLoader configuration;

    @Inject
    NodeStatus status;

    @Inject
    Provider<NodeIdentity> identityProvider;

    @Inject
    Provider<AdminAccess> adminAccess;

    @Inject
    Provider<MeshRouter> router;

    @Inject
    Provider<Membership> membership;

    @Inject
    Provider<MeshLinks> links;

    @Inject
    Provider<RegistryWiring> registry;

    @Inject
    Provider<BridgeStarter> bridges;

    @Inject
    HttpEndpointWatch endpoint;

    private volatile boolean started;

    void onStart(@Observes @Initialized(ApplicationScoped.class) Object event) {
        try {
            MeshConfig config = configuration.get();
            NodeIdentity identity = identityProvider.get();
            writeNodeId(config.node().dataDir().resolve("node.id"), identity.nodeId().value());
            membership.get().own().ifPresent(own -> LOG.log(Level.INFO, "membership certificate {0}, groups {1}",
                    new Object[] {own.certificate().serial(), own.certificate().groups()}));
            adminAccess.get().start();
            router.get().router();
            links.get().start();
            started = true;
            registry.get().start();
            bridges.get().start();
            if (config.node().listensBeyondLoopback() && config.trustMode() == TrustPolicy.Mode.OPEN) {
                LOG.warning("Trust mode is open and the node listens beyond loopback (http.host): any peer that "
                        + "completes a handshake is admitted. Set mesh.trust.mode=certified (or allowlist) to restrict it.");
            }
            String ready = "agentmesh node " + identity.nodeId() + " ready: mesh address "
                    + String.join(", ", config.node().advertise()) + ", data dir " + config.node().dataDir();
            status.starting("waiting for the HTTP endpoint on " + config.node().probeHost() + ":"
                    + config.node().httpPort());
            String contextPath = event instanceof ServletContext context ? context.getContextPath() : "";
            endpoint.watch(config.node(), contextPath, () -> {
                status.running(ready);
                LOG.log(AuditLevel.AUDIT, ready);
            }, this::fail);
        } catch (RuntimeException e) {
            fail(e.getMessage() != null ? e.getMessage() : e.toString());
            stopStarted();
        }
    }

    private void fail(String reason) {
        status.failed(reason);
        LOG.log(Level.SEVERE, "agentmesh node failed to start: {0}", reason);
    }

    /**
     * Stops the node in order when the application stops: the router drains (requests not yet served
     * are refused with -32065, running ones get a few seconds), then the links close with 1001, so that
     * callers of a replicated agent lose no call that is safe to send to another replica.
     */
    void onStop(@Observes @BeforeDestroyed(ApplicationScoped.class) Object event) {
        stopStarted();
    }

    private void stopStarted() {
        if (!started) {
            return;
        }
        started = false;
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
            AtomicFiles.removeLeftovers(file);
            AtomicFiles.write(file, (nodeId + "\n").getBytes(StandardCharsets.US_ASCII), false);
        } catch (IOException e) {
            throw new IllegalStateException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
