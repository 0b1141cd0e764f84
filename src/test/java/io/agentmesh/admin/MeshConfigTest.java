package io.agentmesh.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeshConfigTest {

    /** A config with every field at its documented default, as MicroProfile Config would inject it. */
    static MeshConfig defaults() {
        MeshConfig c = new MeshConfig();
        c.dataDir = Optional.empty();
        c.advertise = Optional.empty();
        c.bootstrap = Optional.empty();
        c.bootstrapBackoffInitial = "1s";
        c.bootstrapBackoffMax = "60s";
        c.trustMode = "open";
        c.trustAllow = Optional.empty();
        c.handshakeTimeout = "10s";
        c.maxMessageBytes = 8_388_608;
        c.rpcTimeout = "30s";
        c.routeTtl = 8;
        c.forwardTimeout = "30s";
        c.routeAnnounceInterval = "30s";
        c.routeHoldTime = "90s";
        c.routeMaxHops = 8;
        c.routeMaxEntries = 1024;
        c.routeDialRetry = "60s";
        c.autoDial = true;
        c.httpPort = 9080;
        c.httpHost = "127.0.0.1";
        return c;
    }

    @Test
    void defaultsAreValid() {
        MeshConfig c = defaults();
        c.validate();
        assertEquals(Duration.ofSeconds(10), c.handshakeTimeout());
        assertEquals(8_388_608, c.maxMessageBytes());
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), c.advertise());
        assertEquals("open", c.trustMode());
        assertTrue(c.dataDir().isAbsolute());
        assertEquals(Path.of("mesh-data").toAbsolutePath().normalize(), c.dataDir());
    }

    @Test
    void listsAreTrimmedAndBlankEntriesDropped() {
        MeshConfig c = defaults();
        c.bootstrap = Optional.of(" ws://127.0.0.1:9081/mesh , ,ws://127.0.0.1:9082/mesh#" + "a".repeat(40));
        c.validate();
        assertEquals(List.of("ws://127.0.0.1:9081/mesh", "ws://127.0.0.1:9082/mesh#" + "a".repeat(40)), c.bootstrap());
    }

    @Test
    void wildcardHostAdvertisesLoopbackAndCountsAsBeyondLoopback() {
        MeshConfig c = defaults();
        c.httpHost = "*";
        c.validate();
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), c.advertise());
        assertTrue(c.listensBeyondLoopback());
    }

    @Test
    void badTrustModeNamesTheKey() {
        MeshConfig c = defaults();
        c.trustMode = "sometimes";
        InvalidConfigException e = assertThrows(InvalidConfigException.class, c::validate);
        assertEquals("mesh.trust.mode", e.key());
        assertTrue(e.getMessage().contains("sometimes"));
    }

    @Test
    void badDurationNamesTheKey() {
        MeshConfig c = defaults();
        c.handshakeTimeout = "soon";
        InvalidConfigException e = assertThrows(InvalidConfigException.class, c::validate);
        assertEquals("mesh.link.handshake-timeout", e.key());
    }

    @Test
    void zeroDurationIsRefused() {
        MeshConfig c = defaults();
        c.rpcTimeout = "0s";
        assertEquals("mesh.rpc.timeout", assertThrows(InvalidConfigException.class, c::validate).key());
    }

    @Test
    void backoffMaxBelowInitialIsRefused() {
        MeshConfig c = defaults();
        c.bootstrapBackoffInitial = "10s";
        c.bootstrapBackoffMax = "2s";
        assertEquals("mesh.bootstrap.backoff-max", assertThrows(InvalidConfigException.class, c::validate).key());
    }

    @Test
    void advertiseMustBeWebSocketUrls() {
        MeshConfig c = defaults();
        c.advertise = Optional.of("http://127.0.0.1:9080/mesh");
        assertEquals("mesh.advertise", assertThrows(InvalidConfigException.class, c::validate).key());
    }

    @Test
    void messageLimitMustBePositive() {
        MeshConfig c = defaults();
        c.maxMessageBytes = 0;
        assertEquals("mesh.link.max-message-bytes", assertThrows(InvalidConfigException.class, c::validate).key());
    }

    @Test
    void durationsAcceptUnitsAndIso() {
        assertEquals(Duration.ofMillis(250), ConfigValues.duration("k", "250ms"));
        assertEquals(Duration.ofMinutes(5), ConfigValues.duration("k", "5m"));
        assertEquals(Duration.ofHours(1), ConfigValues.duration("k", "1h"));
        assertEquals(Duration.ofSeconds(10), ConfigValues.duration("k", "PT10S"));
        assertEquals(Duration.ofSeconds(10), ConfigValues.duration("k", "pt10s"));
    }

    @Test
    void routeHoldTimeMustOutlastTheAnnounceInterval() {
        MeshConfig c = defaults();
        c.routeHoldTime = "30s";
        InvalidConfigException e = assertThrows(InvalidConfigException.class, c::validate);
        assertEquals("mesh.route.hold-time", e.key());
        MeshConfig d = defaults();
        d.routeMaxHops = 0;
        assertEquals("mesh.route.max-hops", assertThrows(InvalidConfigException.class, d::validate).key());
    }
}
