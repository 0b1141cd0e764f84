package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.transport.LinkSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingWiringTest {

    private RoutingWiring wiring(MeshConfig config) {
        RoutingWiring w = new RoutingWiring();
        w.config = config;
        w.clock = Clock.systemUTC();
        return w;
    }

    @Test
    void routingSettingsFollowTheConfiguration() {
        MeshConfig c = MeshConfigTest.read("mesh.route.ttl", "3", "mesh.route.forward-timeout", "5s",
                "mesh.rpc.timeout", "250ms");
        RoutingSettings s = wiring(c).routingSettings();
        assertEquals(3, s.ttl());
        assertEquals(Duration.ofSeconds(5), s.forwardingDeadline());
        assertEquals(Duration.ofMillis(250), s.requestDeadline());
        assertEquals(RoutingSettings.DEFAULT_MAX_PENDING_PER_LINK, s.maxPendingPerLink());
    }

    @Test
    void routeSettingsFollowTheConfiguration() {
        MeshConfig c = MeshConfigTest.read("mesh.route.announce-interval", "5s", "mesh.route.hold-time", "15s",
                "mesh.route.max-hops", "4", "mesh.discovery.auto-dial", "false");
        RoutingSettings.Routes s = wiring(c).routingSettings().routes();
        assertEquals(Duration.ofSeconds(5), s.announceInterval());
        assertEquals(Duration.ofSeconds(15), s.holdTime());
        assertEquals(4, s.maxHops());
        assertEquals(RoutingSettings.Routes.DEFAULT_MAX_ENTRIES, s.maxEntries());
        assertEquals(false, s.dialDirect());
    }

    @Test
    void nodeInfoCarriesTheIdentityAndAdvertisedAddresses() {
        NodeIdentity identity = NodeIdentity.fromPrivateKey(new byte[32]);
        NodeInfo info = wiring(MeshConfigTest.read()).nodeInfo(identity);
        assertEquals(identity.nodeId(), info.nodeId());
        assertEquals(identity.publicKeyBase64Url(), info.identityKey());
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), info.addrs());
        assertEquals(LinkSettings.DEFAULT_SOFTWARE, info.software());
    }
}
