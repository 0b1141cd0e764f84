package io.agentmesh.it.zerotrust;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.membership.AuthorityTool;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NodeMetrics;
import io.agentmesh.testsupport.RawLink;
import io.agentmesh.testsupport.TestIssuer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
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
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The zero-trust mesh end to end on three real nodes in a chain A — B — C (no node dials another): A and C
 * in certified trust mode, B a member relay in open mode (so that a peer without a certificate can link to
 * it); A an OAuth resource server whose issuer is this test. A's calls to C travel sealed through B: C sees
 * A as the caller, with its groups and the token's user, two hops from where the token was checked; C's
 * group rules admit A's group and refuse B's and others'; a peer without membership linked to B cannot
 * reach C. Ports: {@code mesh.it.node.base-port} + 160..162.
 */
class ZeroTrustMeshIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final String ISSUER = "https://issuer.zero-trust.test";
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();   // no h2c upgrade: Liberty may answer it with GOAWAY under load

    private static TestIssuer issuer;
    private static Path authority;
    private static String authorityKey;
    private static LibertyNode a;
    private static LibertyNode b;
    private static LibertyNode c;

    @BeforeAll
    static void start() throws Exception {
        issuer = new TestIssuer().start();
        authority = Files.createTempDirectory(Path.of("target"), "zero-trust").resolve("authority");
        List<String> init = tool("init", authority.toString());
        authorityKey = init.get(init.size() - 1);
        int base = LibertyNode.basePort() + 160;
        Map<String, String> envA = env("certified", null);
        envA.put("MESH_OAUTH_ISSUER", ISSUER);
        envA.put("MESH_OAUTH_JWKS_URL", issuer.jwksUrl().toString());
        envA.put("MESH_OAUTH_RESOURCE", "http://127.0.0.1:" + base + "/mcp");
        envA.put("MESH_OAUTH_REQUIRED_SCOPES", "mcp:call");
        a = member(LibertyNode.create("it-zt-a", base, envA), "edge");
        b = member(LibertyNode.create("it-zt-b", base + 1, env("open", a.meshUrl())), "relay");
        Map<String, String> envC = env("certified", b.meshUrl());
        envC.put("MESH_ACCESS_AGENTS", "echo,calculator");
        envC.put("MESH_ACCESS_AGENT_ECHO", "group:edge");
        envC.put("MESH_ACCESS_AGENT_CALCULATOR", "group:tools");
        c = member(LibertyNode.create("it-zt-c", base + 2, envC), "tools");
        LibertyNode.startAll(a, b, c);
    }

    private static Map<String, String> env(String trustMode, String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_TRUST_MODE", trustMode);
        env.put("MESH_TRUST_AUTHORITIES", authorityKey);
        env.put("MESH_DISCOVERY_AUTO_DIAL", "false");
        if (bootstrap != null) {
            env.put("MESH_BOOTSTRAP", bootstrap);
        }
        return env;
    }

    /** {@code node} with a data directory the authority provisioned: its identity and a certificate for {@code group}. */
    private static LibertyNode member(LibertyNode node, String group) {
        tool("provision", authority.toString(), "--groups", group, "--days", "2", "--out",
                node.serverDir().resolve("mesh-data").toString());
        return node;
    }

    private static List<String> tool(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        new AuthorityTool(new PrintStream(out, true, StandardCharsets.UTF_8), Clock.systemUTC(), new SecureRandom()).run(args);
        return out.toString(StandardCharsets.UTF_8).lines().toList();
    }

    @AfterAll
    static void stop() {
        LibertyNode.stopAll(a, b, c);
        if (issuer != null) {
            issuer.close();
        }
    }

    private static String token(String subject, String... groups) {
        long now = Instant.now().getEpochSecond();
        return issuer.rs256(Json.createObjectBuilder().add("iss", ISSUER).add("sub", subject)
                .add("aud", "http://127.0.0.1:" + a.httpPort() + "/mcp").add("iat", now).add("exp", now + 600)
                .add("scope", "mcp:call").add("groups", Json.createArrayBuilder(List.of(groups))).build());
    }

    /** POST /api/v1/call on {@code from}, with a bearer token when given; the response's JSON. */
    private static JsonObject call(LibertyNode from, String token, String target, String tool, String arguments)
            throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(from.httpUrl() + "/api/v1/call"))
                .timeout(Duration.ofSeconds(40)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"" + target + "\",\"method\":\"tools/call\","
                        + "\"params\":{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}}"));
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> r = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        try (var reader = Json.createReader(new java.io.StringReader(r.body()))) {
            return reader.readObject();
        }
    }

    private static JsonObject whoamiAtC(String token) throws Exception {
        return Eventually.until(WAIT, () -> call(a, token, c.nodeId() + ":echo", "whoami", "{}"),
                r -> r.containsKey("result"), last -> "A calls C's whoami through B: " + last)
                .getJsonObject("result").getJsonObject("structuredContent");
    }

    @Test
    void aTokensUserReachesAnAgentTwoHopsAwayWhichSeesTheOriginNodeItsGroupsAndTheUser() throws Exception {
        JsonObject seen = whoamiAtC(token("alice@example.com", "team-a"));
        assertEquals(a.nodeId(), seen.getString("node"), seen.toString());
        assertEquals("[\"edge\"]", seen.getJsonArray("groups").toString());
        assertEquals("alice@example.com", seen.getString("subject"));
        assertEquals("[\"team-a\"]", seen.getJsonArray("roles").toString());
        for (int i = 0; i < 3; i++) {
            assertTrue(call(a, token("bob", "team-b"), c.nodeId() + ":echo", "echo", "{\"text\":\"sealed\"}")
                    .containsKey("result"));
        }
        Map<String, Double> events = NodeMetrics.byLabel(NodeMetrics.scrape(a.httpsUrl(), a.adminPassword(), WAIT),
                "agentmesh_sessions_events_total", "event");
        assertEquals(1.0, events.get("handshake_started"), "one handshake for the pair A, C: " + events);
        assertTrue(events.get("sealed_sent") >= 4, events.toString());
    }

    @Test
    void groupRulesAdmitAndRefuseByTheAuthenticatedOrigin() throws Exception {
        whoamiAtC(token("alice", "team-a"));
        JsonObject refused = call(a, token("alice", "team-a"), c.nodeId() + ":calculator", "add", "{\"a\":1,\"b\":2}");
        assertEquals(-32064, refused.getJsonObject("error").getInt("code"), refused.toString());
        assertEquals("agent calculator", refused.getJsonObject("error").getJsonObject("data").getString("rule"));
        JsonObject relay = Eventually.until(WAIT, () -> call(b, null, c.nodeId() + ":echo", "echo", "{\"text\":\"x\"}"),
                r -> r.containsKey("error") && r.getJsonObject("error").getInt("code") == -32064,
                last -> "B, a member of group relay, calls C's echo (group edge only): " + last);
        assertEquals("agent echo", relay.getJsonObject("error").getJsonObject("data").getString("rule"));
    }

    @Test
    void aNonMemberLinkedToAMemberRelayCannotReachTheFarNode() throws Exception {
        whoamiAtC(token("alice", "team-a"));
        try (RawLink stranger = RawLink.open(b.meshUrl(), io.agentmesh.identity.NodeId.of(b.nodeId()))) {
            JsonObject answer = stranger.call(7, c.nodeId() + ":echo/tools/call",
                    "{\"name\":\"echo\",\"arguments\":{\"text\":\"let me in\"}}");
            assertEquals(-32064, answer.getJsonObject("error").getInt("code"), answer.toString());
            JsonObject claimed = stranger.call(8, c.nodeId() + ":echo/tools/call",
                    "{\"name\":\"echo\",\"arguments\":{\"text\":\"let me in\"},\"_meta\":{\"agentmesh/route\":"
                            + "{\"ttl\":8,\"origin\":\"" + a.nodeId() + "\",\"trace\":\"t\"}}}");
            assertEquals(-32064, claimed.getJsonObject("error").getInt("code"),
                    "claiming to come from A changes nothing: " + claimed);
        }
    }
}
