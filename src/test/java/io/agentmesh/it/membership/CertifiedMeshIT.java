package io.agentmesh.it.membership;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.membership.AuthorityTool;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoopbackHttps;
import io.agentmesh.testsupport.RawLink;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * A certified mesh of three real nodes (docs/protocol.md, "Membership certificates"), provisioned by the
 * authority tool: B and C bootstrap from A and call each other through it; a raw peer without a
 * certificate is closed with 4003; a revocation list posted to B cuts C off at every node; the node of
 * the build, in open mode, still links with a peer that has no certificate. Ports:
 * {@code mesh.it.node.base-port} + 120..122.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CertifiedMeshIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();   // no h2c upgrade: Liberty may answer it with GOAWAY under load

    private static Path authority;
    private static String authorityKey;
    private static final Map<String, String> SERIALS = new LinkedHashMap<>();
    private static LibertyNode a;
    private static LibertyNode b;
    private static LibertyNode c;

    @BeforeAll
    static void setUp() throws Exception {
        Path root = Files.createTempDirectory(Path.of("target"), "certified-mesh");
        authority = root.resolve("authority");
        List<String> init = tool("init", authority.toString());
        authorityKey = init.get(init.size() - 1);
        a = node("a", 120, null);
        b = node("b", 121, a.meshUrl());
        c = node("c", 122, a.meshUrl());
        a.startNoWait();
        b.startNoWait();
        c.startNoWait();
        a.waitUntilReady();
        b.waitUntilReady();
        c.waitUntilReady();
    }

    private static List<String> tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AuthorityTool(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC(), new SecureRandom()).run(args);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    /** A certified node whose data directory the authority tool provisioned (its identity and certificate). */
    private static LibertyNode node(String name, int offset, String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_TRUST_MODE", "certified");
        env.put("MESH_TRUST_AUTHORITIES", authorityKey);
        env.put("MESH_REGISTRY_ROUND_INTERVAL", "2s");
        if (bootstrap != null) {
            env.put("MESH_BOOTSTRAP", bootstrap);
        }
        LibertyNode node = LibertyNode.create("it-certified-" + name, LibertyNode.basePort() + offset, env);
        List<String> printed = tool("provision", authority.toString(), "--groups", "edge", "--days", "2", "--out",
                node.serverDir().resolve("mesh-data").toString());
        SERIALS.put(name, printed.get(1).substring("serial ".length()));
        return node;
    }

    @AfterAll
    static void tearDown() {
        for (LibertyNode node : new LibertyNode[] {a, b, c}) {
            if (node != null) {
                node.stop();
            }
        }
    }

    private static String call(LibertyNode from, String target) throws Exception {
        String body = "{\"target\":\"" + target + "\",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                + "\"arguments\":{\"text\":\"member\"}}}";
        return HTTP.send(HttpRequest.newBuilder(URI.create(from.httpUrl() + "/api/v1/call")).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
    }

    private static String links(LibertyNode node) {
        HttpResponse<String> r = new LoopbackHttps().get(node.httpsUrl() + "/api/v1/admin/links", "admin", node.adminPassword());
        return r == null ? "" : r.body();
    }

    @Test
    @Order(1)
    void membersLinkAndCallEachOtherThroughTheirCommonPeer() {
        Eventually.until(WAIT, () -> call(b, c.nodeId() + ":echo"), answer -> answer.contains("\"text\":\"member\""),
                last -> "B calls C's echo through A: " + last);
        Eventually.until(WAIT, () -> call(c, b.nodeId() + ":echo"), answer -> answer.contains("\"text\":\"member\""),
                last -> "C calls B's echo through A: " + last);
    }

    @Test
    @Order(2)
    void aPeerWithoutCertificateIsClosedWith4003() throws Exception {
        try (RawLink link = RawLink.connect(a.meshUrl())) {
            link.sendMessage1();
            assertNotNull(link.readMessage2().cert(), "a member's identity payload carries its certificate");
            link.sendMessage3(link.noise().identityPayload());
            var close = link.client().awaitClose();
            assertEquals(4003, close.code());
            assertEquals("membership certificate missing", close.reason());
        }
        java.util.regex.Pattern counted = java.util.regex.Pattern.compile("reason=\"cert_missing\",?} 1(\\.0)?\\b");
        HttpResponse<String> metrics = new LoopbackHttps().await(a.httpsUrl() + "/metrics?scope=application", "admin",
                a.adminPassword(), r -> counted.matcher(r.body()).find(), WAIT);
        assertTrue(counted.matcher(metrics.body()).find(), "refusal counted: " + metrics.body());
        assertTrue(call(b, c.nodeId() + ":echo").contains("\"text\":\"member\""), "the members keep working");
    }

    @Test
    @Order(3)
    void aRevocationPostedToOneNodeCutsTheRevokedNodeOffEverywhere() throws Exception {
        tool("revoke", authority.toString(), "--serial", SERIALS.get("c"));
        String list = Files.readString(authority.resolve(AuthorityTool.REVOCATIONS_FILE));
        HttpResponse<String> posted = new LoopbackHttps().postJson(b.httpsUrl() + "/api/v1/admin/revocations", "admin",
                b.adminPassword(), list);
        assertEquals(200, posted.statusCode(), posted.body());
        String cId = c.nodeId();
        Eventually.until(WAIT, "A and B hold no link with C", () -> !links(a).contains(cId) && !links(b).contains(cId)
                && links(a).contains(b.nodeId()));
        Eventually.until(WAIT, () -> call(b, cId + ":echo"), answer -> answer.contains("\"error\""),
                last -> "B no longer reaches C: " + last);
        HttpResponse<String> again = new LoopbackHttps().postJson(a.httpsUrl() + "/api/v1/admin/revocations", "admin",
                a.adminPassword(), list);
        assertEquals(409, again.statusCode(), "A already holds the list by gossip: " + again.body());
        assertTrue(again.body().contains("revocations_stale"), again.body());
    }

    @Test
    @Order(4)
    void openModeStillAdmitsPeersWithoutCertificate() throws Exception {
        int port = Integer.getInteger("mesh.it.http.port", 9080);
        Path serverDir = Path.of(System.getProperty("mesh.it.server.dir", "target/liberty/wlp/usr/servers/defaultServer"));
        NodeId id = NodeId.of(Files.readString(serverDir.resolve("mesh-data/node.id")).trim());
        try (RawLink link = RawLink.open("ws://127.0.0.1:" + port + "/mesh", id)) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", link.ping(1));
        }
    }
}
