package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.transport.KeepAlive;
import io.agentmesh.transport.AdmissionLimits;
import io.agentmesh.transport.TrustPolicy;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MeshConfigTest {

    /** The configuration read from these keys and values (every other key unset), as from MicroProfile Config. */
    static MeshConfig read(String... keyValues) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            values.put(keyValues[i], keyValues[i + 1]);
        }
        return MeshConfig.read(new ConfigReader(key -> Optional.ofNullable(values.get(key)), values.keySet()));
    }

    /** The key named by the error that reading these keys and values gives. */
    static String refusedKey(String... keyValues) {
        return assertThrows(InvalidConfigException.class, () -> read(keyValues)).key();
    }

    @Test
    void defaultsAreValid() {
        MeshConfig c = read();
        assertEquals(Duration.ofSeconds(10), c.link().handshakeTimeout());
        assertEquals(Duration.ofSeconds(30), c.link().sendTimeout());
        assertEquals(8_388_608, c.link().maxMessageBytes());
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), c.node().advertise());
        assertEquals(TrustPolicy.Mode.OPEN, c.trustMode());
        assertTrue(c.node().dataDir().isAbsolute());
        assertEquals(Path.of("mesh-data").toAbsolutePath().normalize(), c.node().dataDir());
    }

    @Test
    void listsAreTrimmedAndBlankEntriesDropped() {
        MeshConfig c = read("mesh.bootstrap", " ws://127.0.0.1:9081/mesh , ,ws://127.0.0.1:9082/mesh#" + "a".repeat(40));
        assertEquals(List.of("ws://127.0.0.1:9081/mesh", "ws://127.0.0.1:9082/mesh#" + "a".repeat(40)),
                c.bootstrap().entries().stream().map(Object::toString).toList());
    }

    @Test
    void wildcardHostAdvertisesLoopbackAndCountsAsBeyondLoopback() {
        MeshConfig c = read("http.host", "*", "mesh.trust.mode", "open");
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), c.node().advertise());
        assertTrue(c.node().listensBeyondLoopback());
    }

    @Test
    void beyondLoopbackTheDefaultOpenModeIsRefused() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read("http.host", "0.0.0.0"));
        assertEquals("mesh.trust.mode", e.key());
        assertTrue(e.getMessage().contains("set mesh.trust.mode=open explicitly"), e.getMessage());
        assertTrue(read("http.host", "0.0.0.0", "mesh.trust.mode", "open").trust().modeSet());
        assertEquals(TrustPolicy.Mode.ALLOWLIST, read("http.host", "0.0.0.0", "mesh.trust.mode", "allowlist").trustMode());
        assertEquals(TrustPolicy.Mode.OPEN, read("http.host", "localhost").trustMode());
    }

    @Test
    void certifiedModeReadsItsAuthorities() {
        MeshConfig c = read("http.host", "*", "mesh.trust.mode", "certified",
                "mesh.trust.authorities", "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg , Kay64UG8yvCyLhqU000LxzYeUm0L_hLIl5S8kyKWbdc",
                "mesh.trust.clock-skew", "30s");
        assertEquals(TrustPolicy.Mode.CERTIFIED, c.trustMode());
        assertEquals(2, c.trust().authorities().size());
        assertEquals(Duration.ofSeconds(30), c.trust().clockSkew());
        assertEquals(Duration.ofMinutes(5), read().trust().clockSkew());
    }

    @Test
    void certifiedModeWithoutAuthoritiesOrWithABadKeyIsRefused() {
        assertEquals("mesh.trust.authorities", refusedKey("mesh.trust.mode", "certified"));
        assertEquals("mesh.trust.authorities", refusedKey("mesh.trust.mode", "certified", "mesh.trust.authorities", "abc"));
        assertEquals("mesh.trust.authorities", refusedKey("mesh.trust.authorities", "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg="));
    }

    @Test
    void badTrustModeNamesTheKey() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read("mesh.trust.mode", "sometimes"));
        assertEquals("mesh.trust.mode", e.key());
        assertTrue(e.getMessage().contains("sometimes"));
    }

    @Test
    void badDurationNamesTheKey() {
        assertEquals("mesh.link.handshake-timeout", refusedKey("mesh.link.handshake-timeout", "soon"));
    }

    @Test
    void badSendTimeoutNamesTheKey() {
        assertEquals("mesh.link.send-timeout", refusedKey("mesh.link.send-timeout", "0s"));
    }

    @Test
    void zeroDurationIsRefused() {
        assertEquals("mesh.rpc.timeout", refusedKey("mesh.rpc.timeout", "0s"));
    }

    @Test
    void theLinksMemoryBudgetIsReadAndMustHoldOneLargestMessage() {
        assertEquals(128L << 20, read().link().memoryBudget());
        assertEquals(20_000_000, read("mesh.link.memory-budget", "20000000").link().memoryBudget());
        assertEquals(150_000, read("mesh.link.max-message-bytes", "100000", "mesh.link.memory-budget", "150000")
                .link().memoryBudget());
        assertEquals("mesh.link.memory-budget", refusedKey("mesh.link.memory-budget", "11184809"));
        assertEquals("mesh.link.memory-budget", refusedKey("mesh.link.max-message-bytes", "200000000"));
        assertEquals("mesh.link.memory-budget", refusedKey("mesh.link.memory-budget", "0"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class,
                () -> read("mesh.link.memory-budget", "8388608"));
        assertTrue(e.getMessage().contains("at least 4/3 of mesh.link.max-message-bytes"), e.getMessage());
    }

    @Test
    void workerThreadsAndWorkQueueAreBounded() {
        assertEquals("mesh.route.worker-threads", refusedKey("mesh.route.worker-threads", "0"));
        assertEquals("mesh.route.worker-threads", refusedKey("mesh.route.worker-threads", "1025"));
        assertEquals("mesh.route.work-queue", refusedKey("mesh.route.worker-threads", "4", "mesh.route.work-queue", "0"));
        MeshConfig c = read("mesh.route.worker-threads", "4", "mesh.route.work-queue", "10");
        assertEquals(4, c.routing().workerThreads());
        assertEquals(10, c.routing().workQueueCapacity());
    }

    @Test
    void registryCapsAreReadAndBounded() {
        RegistrySettings r = read("mesh.registry.max-adverts", "500", "mesh.registry.max-bytes", "1048576",
                "mesh.registry.max-adverts-per-agent", "7", "mesh.registry.max-adverts-per-peer", "50",
                "mesh.registry.max-new-adverts-per-push", "9").registry();
        assertEquals(List.of(500, 1048576, 7, 50, 9), List.of(r.maxAdverts(), r.maxHeldBytes(), r.maxAdvertsPerAgent(),
                r.maxAdvertsPerPeer(), r.maxNewAdvertsPerPush()));
        assertEquals(RegistrySettings.defaults().maxAdvertsPerAgent(), read().registry().maxAdvertsPerAgent());
        assertEquals("mesh.registry.max-adverts", refusedKey("mesh.registry.max-adverts", "0"));
        assertEquals("mesh.registry.max-bytes", refusedKey("mesh.registry.max-bytes", "1000"));
        assertEquals("mesh.registry.max-adverts-per-agent", refusedKey("mesh.registry.max-adverts-per-agent", "many"));
        assertEquals("mesh.registry.max-new-adverts-per-push", refusedKey("mesh.registry.max-new-adverts-per-push", "-1"));
    }

    @Test
    void failoverAttemptsMustBeOneToSixtyFour() {
        assertEquals("mesh.route.failover-attempts", refusedKey("mesh.route.failover-attempts", "0"));
        assertEquals("mesh.route.failover-attempts", refusedKey("mesh.route.failover-attempts", "65"));
        assertEquals(64, read("mesh.route.failover-attempts", "64").routing().failoverAttempts());
    }

    @Test
    void backoffMaxBelowInitialIsRefused() {
        assertEquals("mesh.bootstrap.backoff-max",
                refusedKey("mesh.bootstrap.backoff-initial", "10s", "mesh.bootstrap.backoff-max", "2s"));
    }

    @Test
    void keepAliveIsReadAndItsTimeoutMustExceedItsInterval() {
        assertEquals(KeepAlive.defaults(), read().link().keepAlive());
        assertEquals(new KeepAlive(Duration.ofSeconds(2), Duration.ofSeconds(6)),
                read("mesh.link.keepalive-interval", "2s", "mesh.link.liveness-timeout", "6s").link().keepAlive());
        assertEquals("mesh.link.liveness-timeout",
                refusedKey("mesh.link.keepalive-interval", "10s", "mesh.link.liveness-timeout", "10s"));
        assertEquals("mesh.link.keepalive-interval", refusedKey("mesh.link.keepalive-interval", "0s"));
    }

    @Test
    void advertiseMustBeWebSocketUrls() {
        assertEquals("mesh.advertise", refusedKey("mesh.advertise", "http://127.0.0.1:9080/mesh"));
    }

    @Test
    void linkAllowedOriginsAreReadExactlyAndNoneByDefault() {
        assertEquals(List.of(), read().link().allowedOrigins());
        assertEquals(List.of("https://app.example.com", "http://localhost:8080"),
                read("mesh.link.allowed-origins", " https://app.example.com , http://localhost:8080 ").link().allowedOrigins());
        assertEquals("mesh.link.allowed-origins", refusedKey("mesh.link.allowed-origins", "https://app.example.com/"));
        assertEquals("mesh.link.allowed-origins", refusedKey("mesh.link.allowed-origins", "*"));
        assertEquals("mesh.link.allowed-origins", refusedKey("mesh.link.allowed-origins", "localhost"));
    }

    @Test
    void advertiseMustKeepToTheIdentityPayloadsLimits() {
        String sixteen = String.join(",", java.util.Collections.nCopies(16, "ws://127.0.0.1:9080/mesh"));
        assertEquals(16, read("mesh.advertise", sixteen).link().advertisedAddrs().size());
        InvalidConfigException tooMany = assertThrows(InvalidConfigException.class,
                () -> read("mesh.advertise", sixteen + ",ws://127.0.0.1:9081/mesh"));
        assertEquals("mesh.advertise", tooMany.key());
        assertTrue(tooMany.getMessage().contains("at most 16"), tooMany.getMessage());
        assertEquals("mesh.advertise", refusedKey("mesh.advertise", "ws://127.0.0.1:9080/" + "m".repeat(237)));
        assertEquals(256, read("mesh.advertise", "ws://127.0.0.1:9080/" + "m".repeat(236)).link().advertisedAddrs().get(0).length());
    }

    @Test
    void messageLimitMustBePositive() {
        assertEquals("mesh.link.max-message-bytes", refusedKey("mesh.link.max-message-bytes", "0"));
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
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read("mesh.route.hold-time", "30s"));
        assertEquals("mesh.route.hold-time", e.key());
        assertEquals("mesh.route.max-hops", refusedKey("mesh.route.max-hops", "0"));
    }

    @Test
    void adminSettingsComeFromTheAdminKeys() {
        MeshConfig c = read("mesh.admin.user", "operator", "mesh.admin.password", "a-long-password",
                "mesh.keystore.password", "", "mesh.admin.toolbox-bookmark", "false");
        assertEquals("operator", c.admin().user());
        assertEquals(Optional.of("a-long-password"), c.admin().password());
        assertTrue(c.admin().keystorePassword().isEmpty(), "an empty value counts as unset");
        assertEquals(false, c.admin().toolboxBookmark());
        assertEquals(9443, c.node().httpsPort());
    }

    @Test
    void badAdminValuesAndGraceNameTheirKeys() {
        assertEquals("mesh.admin.password", refusedKey("mesh.admin.password", "short"));
        assertEquals("mesh.health.bootstrap-grace", refusedKey("mesh.health.bootstrap-grace", "later"));
        assertEquals("https.port", refusedKey("https.port", "70000"));
    }

    @Test
    void bootstrapGraceDefaultsToAMinute() {
        assertEquals(Duration.ofSeconds(60), read().bootstrapGrace());
    }

    @Test
    void consoleSettingsHaveTheirDefaultsAndAreValidated() {
        assertEquals(ConsoleSettings.defaults(), read().console());
        assertEquals("mesh.console.traffic.slot", refusedKey("mesh.console.traffic.slot", "1500ms"));
        assertEquals("mesh.console.traffic.slots",
                refusedKey("mesh.console.traffic.slot", "10s", "mesh.console.traffic.slots", "1"));
        assertEquals("mesh.console.call-timeout", refusedKey("mesh.console.traffic.slot", "10s",
                "mesh.console.traffic.slots", "60", "mesh.console.call-timeout", "never"));
    }

    @Test
    void maxPeerSeriesIsReadAndBounded() {
        assertEquals(64, read().console().maxPeerSeries());
        assertEquals(0, read("mesh.metrics.max-peer-series", "0").console().maxPeerSeries());
        assertEquals("mesh.metrics.max-peer-series", refusedKey("mesh.metrics.max-peer-series", "-1"));
        assertEquals("mesh.metrics.max-peer-series", refusedKey("mesh.metrics.max-peer-series", "10001"));
    }

    @Test
    void mcpDefaultsAreTheDocumentedOnes() {
        assertEquals(McpHttpSettings.defaults(), read().mcp());
    }

    @Test
    void mcpKeysAreReadAndValidated() {
        McpHttpSettings s = read("mesh.mcp.allowed-origins", " https://app.example.com , http://localhost:* ",
                "mesh.mcp.token", "0123456789abcdef-token", "mesh.mcp.session-idle-timeout", "90s").mcp();
        assertEquals(List.of("https://app.example.com", "http://localhost:*"), s.allowedOrigins());
        assertEquals(Optional.of("0123456789abcdef-token"), s.token());
        assertEquals(Duration.ofSeconds(90), s.sessionIdleTimeout());
    }

    @Test
    void badMcpValuesNameTheKey() {
        assertEquals("mesh.mcp.allowed-origins", refusedKey("mesh.mcp.allowed-origins", "localhost"));
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read("mesh.mcp.token", "short"));
        assertEquals("mesh.mcp.token", e.key());
        assertTrue(!e.getMessage().contains("short"), "the token never appears in messages");
        assertEquals("mesh.mcp.max-body-bytes", refusedKey("mesh.mcp.max-body-bytes", "10"));
    }

    @Test
    void admissionCapsAreReadAndValidated() {
        assertEquals(AdmissionLimits.defaults(), read().admission());
        MeshConfig c = read("mesh.link.max-pending-per-address", "3", "mesh.link.max-pending", "5",
                "mesh.link.max-handshakes", "7", "mesh.link.max-links-per-address", "11", "mesh.link.max-links-total", "13",
                "mesh.link.max-links-per-peer", "2");
        assertEquals(new AdmissionLimits(3, 5, 7, 11, 13, 2), c.admission());

        assertEquals("mesh.link.max-handshakes", refusedKey("mesh.link.max-handshakes", "0"));
        assertEquals("mesh.link.max-links-per-peer", refusedKey("mesh.link.max-links-per-peer", "1000001"));
        assertEquals("mesh.link.max-pending", refusedKey("mesh.link.max-pending", "31"), "below the cap per address");
        assertEquals("mesh.link.max-links-total", refusedKey("mesh.link.max-links-total", "63"), "below the cap per address");
    }

    @Test
    void registryKeysAreReadAndValidated() {
        MeshConfig c = read("mesh.registry.round-interval", "500ms", "mesh.discovery.auto-dial", "false",
                "mesh.max-links", "4");
        assertEquals(Duration.ofMillis(500), c.registry().roundInterval());
        assertEquals(false, c.autoDial());
        assertEquals(4, c.maxLinks());

        assertEquals("mesh.max-links", refusedKey("mesh.max-links", "0"));
        assertEquals("mesh.registry.fanout", refusedKey("mesh.registry.fanout", "0"));
        assertEquals("mesh.registry.round-interval", refusedKey("mesh.registry.round-interval", "soon"));
    }

    @Test
    void aValueThatIsNoNumberGetsTheKeysOwnMessage() {
        InvalidConfigException e = assertThrows(InvalidConfigException.class, () -> read("mesh.route.ttl", "abc"));
        assertEquals("invalid configuration mesh.route.ttl=abc: expected a whole number from 0 to 255", e.getMessage());
        assertEquals("invalid configuration mesh.route.ttl=-1: expected a whole number from 0 to 255",
                assertThrows(InvalidConfigException.class, () -> read("mesh.route.ttl", "-1")).getMessage());
        assertEquals("mesh.discovery.auto-dial", refusedKey("mesh.discovery.auto-dial", "maybe"));
    }

    @Test
    void theDataDirDefaultsToMeshDataInLibertysOutputDir() {
        Path out = Path.of("servers", "node-a").toAbsolutePath();
        assertEquals(out.resolve("mesh-data"), read("server.output.dir", out.toString()).node().dataDir());
        assertEquals(Path.of("/srv/mesh"), read("mesh.data-dir", "/srv/mesh", "server.output.dir", "/x").node().dataDir());
        assertEquals(Path.of("/srv/mesh"), read("mesh.data-dir", "/srv/mesh").agents().dataDir(),
                "agents keep their files in the node's data dir");
    }

    @Test
    void agentKeysAreReadAndValidated() {
        MeshConfig c = read("mesh.agents.page-size", "2", "mesh.agents.default", "calculator", "mesh.samples.enabled", "false");
        assertEquals(2, c.agents().pageSize());
        assertEquals(Optional.of("calculator"), c.agents().defaultAgent());
        assertEquals(false, c.agents().samplesEnabled());
        assertEquals("mesh.agents.page-size", refusedKey("mesh.agents.page-size", "0"));
        assertEquals("mesh.agents.default", refusedKey("mesh.agents.default", "not an id"));
    }

    @Test
    void theConformanceFixtureAgentIsOffUnlessSwitchedOn() {
        assertEquals(false, read().agents().conformanceEnabled());
        assertEquals(true, read("mesh.conformance.enabled", "true").agents().conformanceEnabled());
        assertEquals("mesh.conformance.enabled", refusedKey("mesh.conformance.enabled", "maybe"));
    }

    @Test
    void callSettingsShareTheMcpAccessRulesAndTheRpcTimeout() {
        MeshConfig c = read("mesh.rpc.timeout", "5s", "mesh.mcp.max-body-bytes", "2048");
        assertEquals(Duration.ofSeconds(5), c.callDeadline());
        assertEquals(2048, c.mcp().gate("/api/v1/call", Optional.empty()).maxBodyBytes());
    }

    @Test
    void theEventQueueOfAStreamedCallIsBounded() {
        assertEquals(io.agentmesh.api.CallSettings.DEFAULT_EVENT_QUEUE, read().callEventQueue());
        assertEquals(16, read("mesh.api.event-queue", "16").callEventQueue());
        assertEquals("mesh.api.event-queue", refusedKey("mesh.api.event-queue", "0"));
    }

    @Test
    void theJwtModeIsOffByDefaultAndOnWithTheIssuerItsKeysAndTheResource() {
        assertEquals(Optional.empty(), read().mcp().oauth());
        MeshConfig c = read("mesh.oauth.issuer", "https://auth.example", "mesh.oauth.jwks-url", "https://auth.example/jwks",
                "mesh.oauth.resource", "https://node.example/mcp", "mesh.oauth.required-scopes", "mcp:call,mcp:read");
        io.agentmesh.web.OAuthSettings o = c.mcp().oauth().orElseThrow();
        assertEquals(java.util.Set.of("mcp:call", "mcp:read"), o.requiredScopes());
        assertEquals(java.util.List.of(o.issuer()), o.authorizationServers());
        assertEquals("groups", o.rolesClaim());
        assertEquals(8192, o.maxTokenBytes());
    }

    @Test
    void aMisconfiguredJwtModeStopsTheStart() {
        assertEquals("mesh.oauth.jwks-url", refusedKey("mesh.oauth.issuer", "https://auth.example",
                "mesh.oauth.resource", "https://node.example/mcp"));
        assertEquals("mesh.oauth.resource", refusedKey("mesh.oauth.issuer", "https://auth.example",
                "mesh.oauth.jwks-url", "https://auth.example/jwks"));
        assertEquals("mesh.oauth.jwks-url", refusedKey("mesh.oauth.jwks-url", "https://auth.example/jwks"));
        assertEquals("mesh.oauth.issuer", refusedKey("mesh.oauth.issuer", "not a url",
                "mesh.oauth.jwks-url", "https://auth.example/jwks", "mesh.oauth.resource", "https://node.example/mcp"));
        assertEquals("mesh.oauth.max-token-bytes", refusedKey("mesh.oauth.issuer", "https://auth.example",
                "mesh.oauth.jwks-url", "https://auth.example/jwks", "mesh.oauth.resource", "https://node.example/mcp",
                "mesh.oauth.max-token-bytes", "10"));
        assertEquals("mesh.oauth", refusedKey("mesh.oauth.issuer", "https://auth.example",
                "mesh.oauth.jwks-url", "https://auth.example/jwks", "mesh.oauth.resource", "https://node.example/mcp?x"));
    }
}
