package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.RoutingSettings;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class RoutingWiringTest {

    private RoutingWiring wiring(MeshConfig config) {
        config.validate();
        RoutingWiring w = new RoutingWiring();
        w.config = config;
        return w;
    }

    @Test
    void routingSettingsFollowTheConfiguration() {
        MeshConfig c = MeshConfigTest.defaults();
        c.routeTtl = 3;
        c.forwardTimeout = "5s";
        c.rpcTimeout = "250ms";
        RoutingSettings s = wiring(c).routingSettings();
        assertEquals(3, s.ttl());
        assertEquals(Duration.ofSeconds(5), s.forwardingDeadline());
        assertEquals(Duration.ofMillis(250), s.requestDeadline());
        assertEquals(RoutingSettings.DEFAULT_MAX_PENDING_PER_LINK, s.maxPendingPerLink());
    }

    @Test
    void routeSettingsFollowTheConfiguration() {
        MeshConfig c = MeshConfigTest.defaults();
        c.routeAnnounceInterval = "5s";
        c.routeHoldTime = "15s";
        c.routeMaxHops = 4;
        c.autoDial = false;
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
        NodeInfo info = wiring(MeshConfigTest.defaults()).nodeInfo(identity, Clock.systemUTC());
        assertEquals(identity.nodeId(), info.nodeId());
        assertEquals(identity.publicKeyBase64Url(), info.identityKey());
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), info.addrs());
        assertEquals(RoutingWiring.SOFTWARE, info.software());
    }
}
