package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.http.McpHttpSettings;
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
        c.sendTimeout = "30s";
        c.maxMessageBytes = 8_388_608;
        c.rpcTimeout = "30s";
        c.routeTtl = 8;
        c.forwardTimeout = "30s";
        c.routeAnnounceInterval = "30s";
        c.routeHoldTime = "90s";
        c.routeMaxHops = 8;
        c.routeMaxEntries = 1024;
        c.routeFailoverAttempts = 3;
        c.routeWorkerThreads = 16;
        c.routeWorkQueue = 4096;
        c.routeDialRetry = "60s";
        c.autoDial = true;
        c.httpPort = 9080;
        c.httpHost = "127.0.0.1";
        c.httpsPort = 9443;
        c.adminUser = "admin";
        c.adminPassword = Optional.empty();
        c.keystorePassword = Optional.empty();
        c.toolboxBookmark = true;
        c.bootstrapGrace = "60s";
        c.consoleRequestTimeout = "5s";
        c.consoleCallTimeout = "30s";
        c.consoleTrafficSlot = "5s";
        c.consoleTrafficSlots = 120;
        c.mcpAllowedOrigins = "http://localhost:*,http://127.0.0.1:*,http://[::1]:*,https://localhost:*,https://127.0.0.1:*,https://[::1]:*";
        c.mcpToken = Optional.empty();
        c.mcpAllowLoopback = true;
        c.mcpSessionIdleTimeout = "30m";
        c.mcpMaxSessions = 1000;
        c.mcpMaxBodyBytes = 4_194_304;
        c.mcpSseKeepAlive = "15s";
        c.mcpSessionQueue = 100;
        c.registryRoundInterval = "2s";
        c.registryFanout = 3;
        c.registryAdvertTtl = "10m";
        c.registryAdvertRefresh = "4m";
        c.registryPeerExpiry = "24h";
        c.registryPeerBookSaveInterval = "30s";
        c.discoveryAutoDial = true;
        c.maxLinks = 16;
        return c;
    }

    @Test
    void defaultsAreValid() {
        MeshConfig c = defaults();
        c.validate();
        assertEquals(Duration.ofSeconds(10), c.handshakeTimeout());
        assertEquals(Duration.ofSeconds(30), c.sendTimeout());
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
    void badSendTimeoutNamesTheKey() {
        MeshConfig c = defaults();
        c.sendTimeout = "0s";
        InvalidConfigException e = assertThrows(InvalidConfigException.class, c::validate);
        assertEquals("mesh.link.send-timeout", e.key());
    }

    @Test
    void zeroDurationIsRefused() {
        MeshConfig c = defaults();
        c.rpcTimeout = "0s";
        assertEquals("mesh.rpc.timeout", assertThrows(InvalidConfigException.class, c::validate).key());
    }

    @Test
    void workerThreadsAndWorkQueueAreBounded() {
        MeshConfig c = defaults();
        c.routeWorkerThreads = 0;
        assertEquals("mesh.route.worker-threads", assertThrows(InvalidConfigException.class, c::validate).key());
        c.routeWorkerThreads = 1025;
        assertEquals("mesh.route.worker-threads", assertThrows(InvalidConfigException.class, c::validate).key());
        c.routeWorkerThreads = 4;
        c.routeWorkQueue = 0;
        assertEquals("mesh.route.work-queue", assertThrows(InvalidConfigException.class, c::validate).key());
        c.routeWorkQueue = 10;
        c.validate();
        assertEquals(4, c.routeWorkerThreads());
        assertEquals(10, c.routeWorkQueue());
    }

    @Test
    void failoverAttemptsMustBeOneToSixtyFour() {
        MeshConfig c = defaults();
        c.routeFailoverAttempts = 0;
        assertEquals("mesh.route.failover-attempts", assertThrows(InvalidConfigException.class, c::validate).key());
        c.routeFailoverAttempts = 65;
        assertEquals("mesh.route.failover-attempts", assertThrows(InvalidConfigException.class, c::validate).key());
        c.routeFailoverAttempts = 64;
        c.validate();
        assertEquals(64, c.routeFailoverAttempts());
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

    @Test
    void adminSettingsComeFromTheAdminKeys() {
        MeshConfig c = defaults();
        c.adminUser = "operator";
        c.adminPassword = Optional.of("a-long-password");
        c.keystorePassword = Optional.of("");
        c.toolboxBookmark = false;
        c.validate();
        assertEquals("operator", c.admin().user());
        assertEquals(Optional.of("a-long-password"), c.admin().password());
        assertTrue(c.admin().keystorePassword().isEmpty(), "an empty value counts as unset");
        assertEquals(false, c.admin().toolboxBookmark());
        assertEquals(9443, c.httpsPort());
    }

    @Test
    void badAdminValuesAndGraceNameTheirKeys() {
        MeshConfig c = defaults();
        c.adminPassword = Optional.of("short");
        assertEquals("mesh.admin.password", assertThrows(InvalidConfigException.class, c::validate).key());
        MeshConfig d = defaults();
        d.bootstrapGrace = "later";
        assertEquals("mesh.health.bootstrap-grace", assertThrows(InvalidConfigException.class, d::validate).key());
        MeshConfig e = defaults();
        e.httpsPort = 70000;
        assertEquals("https.port", assertThrows(InvalidConfigException.class, e::validate).key());
    }

    @Test
    void bootstrapGraceDefaultsToAMinute() {
        MeshConfig c = defaults();
        c.validate();
        assertEquals(Duration.ofSeconds(60), c.bootstrapGrace());
    }

    @Test
    void consoleSettingsHaveTheirDefaultsAndAreValidated() {
        MeshConfig c = defaults();
        c.validate();
        assertEquals(io.agentmesh.node.ConsoleSettings.defaults(), c.console());
        c.consoleTrafficSlot = "1500ms";
        var e = org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, c::validate);
        assertEquals("mesh.console.traffic.slot", e.key());
        c.consoleTrafficSlot = "10s";
        c.consoleTrafficSlots = 1;
        assertEquals("mesh.console.traffic.slots",
                org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, c::validate).key());
        c.consoleTrafficSlots = 60;
        c.consoleCallTimeout = "never";
        assertEquals("mesh.console.call-timeout",
                org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, c::validate).key());
    }

    @Test
    void mcpDefaultsAreTheDocumentedOnes() {
        MeshConfig c = defaults();
        c.validate();
        assertEquals(McpHttpSettings.defaults(), c.mcpHttpSettings());
    }

    @Test
    void mcpKeysAreReadAndValidated() {
        MeshConfig c = defaults();
        c.mcpAllowedOrigins = " https://app.example.com , http://localhost:* ";
        c.mcpToken = Optional.of("0123456789abcdef-token");
        c.mcpSessionIdleTimeout = "90s";
        c.validate();
        McpHttpSettings s = c.mcpHttpSettings();
        assertEquals(List.of("https://app.example.com", "http://localhost:*"), s.allowedOrigins());
        assertEquals(Optional.of("0123456789abcdef-token"), s.token());
        assertEquals(Duration.ofSeconds(90), s.sessionIdleTimeout());
    }

    @Test
    void badMcpValuesNameTheKey() {
        MeshConfig origins = defaults();
        origins.mcpAllowedOrigins = "localhost";
        assertEquals("mesh.mcp.allowed-origins", assertThrows(InvalidConfigException.class, origins::validate).key());
        MeshConfig token = defaults();
        token.mcpToken = Optional.of("short");
        InvalidConfigException e = assertThrows(InvalidConfigException.class, token::validate);
        assertEquals("mesh.mcp.token", e.key());
        assertTrue(!e.getMessage().contains("short"), "the token never appears in messages");
        MeshConfig body = defaults();
        body.mcpMaxBodyBytes = 10;
        assertEquals("mesh.mcp.max-body-bytes", assertThrows(InvalidConfigException.class, body::validate).key());
    }

    @Test
    void registryKeysAreReadAndValidated() {
        MeshConfig c = defaults();
        c.registryRoundInterval = "500ms";
        c.discoveryAutoDial = false;
        c.maxLinks = 4;
        c.validate();
        assertEquals(Duration.ofMillis(500), c.registryRoundInterval());
        assertEquals(false, c.discoveryAutoDial());
        assertEquals(4, c.maxLinks());

        MeshConfig zeroLinks = defaults();
        zeroLinks.maxLinks = 0;
        assertEquals("mesh.max-links",
                org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, zeroLinks::validate).key());
        MeshConfig badFanout = defaults();
        badFanout.registryFanout = 0;
        assertEquals("mesh.registry.fanout",
                org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, badFanout::validate).key());
        MeshConfig badInterval = defaults();
        badInterval.registryRoundInterval = "soon";
        assertEquals("mesh.registry.round-interval",
                org.junit.jupiter.api.Assertions.assertThrows(InvalidConfigException.class, badInterval::validate).key());
    }
}
