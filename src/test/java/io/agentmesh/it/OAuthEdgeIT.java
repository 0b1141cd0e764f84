package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.json.Json;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NodeMetrics;
import io.agentmesh.testsupport.TestIssuer;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A node in JWT mode ({@code mesh.oauth.*}) whose issuer is this test: it generates the keys, serves the
 * key set over HTTP on loopback and mints the tokens. Loopback clients need credentials
 * ({@code mesh.mcp.allow-loopback=false}); the static token works beside the JWT mode. A good token's
 * user reaches the agent (the {@code echo} sample's {@code whoami}) through {@code /mcp} and
 * {@code POST /api/v1/call}; each bad token gets its answer and is counted by reason.
 */
class OAuthEdgeIT {

    private static final String ISSUER = "https://issuer.test/realms/mesh";
    private static final String STATIC = "it-static-token-0123456789";
    private static TestIssuer issuer;
    private static LibertyNode node;
    private static String resource;

    @BeforeAll
    static void start() {
        issuer = new TestIssuer().start();
        int port = LibertyNode.basePort() + 130;
        resource = "http://127.0.0.1:" + port + "/mcp";
        node = LibertyNode.create("oauth-edge", port, Map.of(
                "MESH_MCP_ALLOW_LOOPBACK", "false",
                "MESH_MCP_TOKEN", STATIC,
                "MESH_OAUTH_ISSUER", ISSUER,
                "MESH_OAUTH_JWKS_URL", issuer.jwksUrl().toString(),
                "MESH_OAUTH_RESOURCE", resource,
                "MESH_OAUTH_REQUIRED_SCOPES", "mcp:call",
                "MESH_ADMIN_PASSWORD", "it-oauth-admin-0123")).start();
    }

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
        if (issuer != null) {
            issuer.close();
        }
    }

    private static JsonObjectBuilder claims() {
        long now = Instant.now().getEpochSecond();
        return Json.createObjectBuilder().add("iss", ISSUER).add("sub", "alice@example.com").add("aud", resource)
                .add("iat", now).add("exp", now + 600).add("scope", "openid mcp:call")
                .add("groups", Json.createArrayBuilder().add("team-a").add("ops"));
    }

    private static Map<String, String> bearer(String token) {
        return Map.of("Authorization", "Bearer " + token);
    }

    private McpHttp http() {
        return new McpHttp(node.httpPort());
    }

    private HttpResponse<String> initialize(Map<String, String> headers) throws Exception {
        return http().post("/mcp/echo", McpHttp.initialize(), headers);
    }

    private String metadataUrl() {
        return node.httpUrl() + "/.well-known/oauth-protected-resource/mcp";
    }

    @Test
    void aGoodTokensUserReachesTheAgentThroughMcp() throws Exception {
        Map<String, String> auth = bearer(issuer.rs256(claims().build()));
        HttpResponse<String> init = initialize(auth);
        assertEquals(200, init.statusCode(), init.body());
        Map<String, String> headers = new HashMap<>(McpHttp.inSession(init.headers().firstValue("Mcp-Session-Id").orElseThrow()));
        headers.putAll(auth);
        HttpResponse<String> who = http().post("/mcp/echo", McpHttp.request(2, "tools/call", "{\"name\":\"whoami\"}"), headers);
        assertEquals(200, who.statusCode(), who.body());
        JsonObject seen = McpHttp.json(who.body()).getJsonObject("result").getJsonObject("structuredContent");
        assertEquals("alice@example.com", seen.getString("subject"), seen.toString());
        assertEquals("[\"ops\",\"team-a\"]", seen.getJsonArray("roles").toString());
        assertEquals(node.nodeId(), seen.getString("node"));
    }

    @Test
    void anEs256TokensUserReachesTheAgentThroughTheRestApi() throws Exception {
        HttpRequest.Builder call = http().request("/api/v1/call").header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + issuer.es256(claims().add("sub", "bob").build()))
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"target\":\"local:echo\",\"method\":\"tools/call\",\"params\":{\"name\":\"whoami\"}}"));
        HttpResponse<String> r = http().send(call.build());
        assertEquals(200, r.statusCode(), r.body());
        assertEquals("bob", McpHttp.json(r.body()).getJsonObject("result").getJsonObject("structuredContent").getString("subject"));
    }

    @Test
    void withoutATokenThe401NamesTheMetadata() throws Exception {
        HttpResponse<String> r = initialize(Map.of());
        assertEquals(401, r.statusCode());
        assertEquals("Bearer realm=\"agentmesh\", resource_metadata=\"" + metadataUrl() + "\"",
                r.headers().firstValue("WWW-Authenticate").orElseThrow());
        assertEquals(-32064, McpHttp.errorCode(r));
    }

    @Test
    void badTokensAre401InvalidTokenAndCountedByReason() throws Exception {
        long now = Instant.now().getEpochSecond();
        Map<String, Function<JsonObjectBuilder, String>> cases = Map.of(
                "bad_signature", c -> TestIssuer.foreignRs256(c.build()),
                "wrong_audience", c -> issuer.rs256(c.add("aud", "http://127.0.0.1:1/mcp").build()),
                "wrong_issuer", c -> issuer.rs256(c.add("iss", "https://evil.test").build()),
                "expired", c -> issuer.rs256(c.add("exp", now - 3600).build()),
                "malformed", c -> "not.a-jwt");
        for (var e : cases.entrySet()) {
            HttpResponse<String> r = initialize(bearer(e.getValue().apply(claims())));
            assertEquals(401, r.statusCode(), e.getKey());
            assertEquals("Bearer realm=\"agentmesh\", resource_metadata=\"" + metadataUrl() + "\", error=\"invalid_token\"",
                    r.headers().firstValue("WWW-Authenticate").orElseThrow(), e.getKey());
        }
        Map<String, Double> refused = NodeMetrics.byReason(
                NodeMetrics.scrape(node.httpsUrl(), node.adminPassword(), Duration.ofMinutes(2)), "agentmesh_oauth_refused_total");
        for (String reason : cases.keySet()) {
            assertTrue(refused.getOrDefault(reason, 0.0) >= 1, reason + " in " + refused);
        }
        assertTrue(node.messagesLog().contains("refused an access token"), "logged");
    }

    @Test
    void aTokenWithoutTheScopeIs403InsufficientScope() throws Exception {
        HttpResponse<String> r = initialize(bearer(issuer.rs256(claims().add("scope", "openid").build())));
        assertEquals(403, r.statusCode());
        assertEquals("Bearer error=\"insufficient_scope\", scope=\"mcp:call\", resource_metadata=\"" + metadataUrl() + "\"",
                r.headers().firstValue("WWW-Authenticate").orElseThrow());
    }

    @Test
    void theMetadataIsServedAtTheRootAndThePathForms() throws Exception {
        for (String path : new String[] {"", "/mcp", "/mcp/echo", "/api/v1/call"}) {
            HttpResponse<String> r = http().send(http().request("/.well-known/oauth-protected-resource" + path).GET().build());
            assertEquals(200, r.statusCode(), path);
            JsonObject m = McpHttp.json(r.body());
            assertEquals(resource, m.getString("resource"));
            assertEquals("[\"" + ISSUER + "\"]", m.getJsonArray("authorization_servers").toString());
            assertEquals("[\"mcp:call\"]", m.getJsonArray("scopes_supported").toString());
            assertEquals("[\"header\"]", m.getJsonArray("bearer_methods_supported").toString());
        }
        assertEquals(404, http().send(http().request("/.well-known/oauth-protected-resource/other").GET().build()).statusCode());
    }

    @Test
    void theStaticTokenStillWorks() throws Exception {
        HttpResponse<String> r = initialize(bearer(STATIC));
        assertEquals(200, r.statusCode(), r.body());
    }
}
