package io.agentmesh.it.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.Advert;
import io.agentmesh.registry.AdvertIssuer;
import io.agentmesh.registry.AdvertisedTool;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.registry.SignedAdvert;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.RawLink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Files;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The registry in running nodes (docs/registry.md): three Liberty servers, two of which bootstrap from
 * the first, gossip their adverts until {@code node/find_agents} on the first lists {@code echo} on all
 * three; {@code *:echo/tools/call} reaches a replica; after all three stop and start again without
 * bootstrap configuration, they re-form from their peer books. A running node rejects a forged and a
 * tampered advert pushed to it by gossip. Ports: {@code mesh.it.node.base-port}
 * + 60..62.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class RegistryIT {

    private static final Duration WAIT = Duration.ofSeconds(60);

    private static LibertyNode one;
    private static LibertyNode two;
    private static LibertyNode three;
    private static int ids;

    @BeforeAll
    static void setUp() {
        one = LibertyNode.create("it-registry-1", LibertyNode.basePort() + 60, env(null));
        two = LibertyNode.create("it-registry-2", LibertyNode.basePort() + 61, env(one.meshUrl()));
        three = LibertyNode.create("it-registry-3", LibertyNode.basePort() + 62, env(one.meshUrl()));
        LibertyNode.startAll(one, two, three);
    }

    @AfterAll
    static void tearDown() {
        LibertyNode.stopAll(one, two, three);
    }

    private static Map<String, String> env(String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_REGISTRY_ROUND_INTERVAL", "300ms");
        env.put("MESH_REGISTRY_PEER_BOOK_SAVE_INTERVAL", "1s");
        env.put("MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms");   // the nodes start side by side
        env.put("MESH_BOOTSTRAP_BACKOFF_MAX", "2s");
        if (bootstrap != null) {
            env.put("MESH_BOOTSTRAP", bootstrap);
        }
        return env;
    }

    @Test
    @Order(1)
    void findAgentsOnTheFirstNodeListsEchoOnAllThree() throws Exception {
        Set<String> expected = new TreeSet<>(Set.of(one.nodeId(), two.nodeId(), three.nodeId()));
        JsonObject result = awaitResult(one, "node/find_agents", "{\"agent\":\"echo\"}",
                r -> nodeIds(r, "agents").equals(expected));
        assertEquals(expected, nodeIds(result, "agents"));
        for (JsonValue v : result.getJsonArray("agents")) {
            JsonObject a = v.asJsonObject();
            assertEquals(a.getString("node_id") + ":echo", a.getString("address"));
        }
    }

    @Test
    @Order(2)
    void anyReplicaOfEchoAnswersThroughTheRegistry() throws Exception {
        awaitResult(one, "node/find_agents", "{\"agent\":\"echo\"}", r -> nodeIds(r, "agents").size() == 3);
        try (RawLink link = RawLink.open(one.meshUrl(), NodeId.of(one.nodeId()))) {
            for (int i = 0; i < 5; i++) {
                JsonObject response = call(link, "*:echo/tools/call",
                        "{\"name\":\"echo\",\"arguments\":{\"text\":\"hello " + i + "\"}}");
                assertFalse(response.containsKey("error"), response.toString());
                assertTrue(response.getJsonObject("result").toString().contains("hello " + i), response.toString());
            }
        }
    }

    @Test
    @Order(3)
    void forgedAndTamperedAdvertsAreRejectedByARunningNode() throws Exception {
        NodeIdentity mallory = NodeIdentity.generate(new SecureRandom());
        NodeId victim = NodeId.of(two.nodeId());
        Instant now = Instant.now();
        List<AgentInfo> agents = List.of(new AgentInfo("weather", "Weather", List.of(new AdvertisedTool("forecast")), 0, 0));
        // node two's key and id, signed by another key
        Advert claim = new Advert(identityOf(two), victim, List.of("ws://127.0.0.1:1/mesh"), agents,
                Long.MAX_VALUE >> 11, now, now.plus(Duration.ofMinutes(5)));
        SignedAdvert forged = AdvertIssuer.sign(mallory, claim);
        // mallory's own, validly signed, then one byte of the body changed
        Advert own = new Advert(mallory.publicKeyBase64Url(), mallory.nodeId(), List.of(), agents, 1, now,
                now.plus(Duration.ofMinutes(5)));
        JsonObject signed = AdvertIssuer.sign(mallory, own).envelope();
        byte[] body = Base64.getUrlDecoder().decode(signed.getString("body"));
        body[body.length - 2] ^= 1;
        JsonObject tampered = Json.createObjectBuilder(signed)
                .add("body", Base64.getUrlEncoder().withoutPadding().encodeToString(body)).build();
        String params = Json.createObjectBuilder().add("adverts", Json.createArrayBuilder()
                .add(forged.envelope()).add(tampered)).build().toString();
        try (RawLink link = RawLink.open(one.meshUrl(), NodeId.of(one.nodeId()))) {
            JsonObject response = call(link, "node/gossip_push", params);
            assertEquals(Json.createObjectBuilder().add("accepted", 0).add("duplicate", 0).add("rejected", 2).build(),
                    response.getJsonObject("result"), response.toString());
            JsonObject found = call(link, "node/find_agents", "{\"agent\":\"weather\"}");
            assertEquals(0, found.getJsonObject("result").getJsonArray("agents").size(), found.toString());
            JsonObject echo = call(link, "node/find_agents", "{\"agent\":\"echo\"}");
            assertTrue(nodeIds(echo.getJsonObject("result"), "agents").contains(two.nodeId()),
                    "node two's own advert stands: " + echo);
        }
    }

    /** A node's identity key (base64url) as its peers see it: the {@code identity} of {@code node/get_info}. */
    private static String identityOf(LibertyNode node) throws Exception {
        try (RawLink link = RawLink.open(node.meshUrl(), NodeId.of(node.nodeId()))) {
            return call(link, "node/get_info", "{}").getJsonObject("result").getString("identity");
        }
    }

    @Test
    @Order(4)
    void afterARestartWithoutBootstrapTheNodesReformFromTheirPeerBooks() throws Exception {
        awaitResult(two, "node/list_peers", "{}", r -> connected(r).contains(one.nodeId()));
        awaitResult(three, "node/list_peers", "{}", r -> connected(r).contains(one.nodeId()));
        for (LibertyNode n : new LibertyNode[] {three, two, one}) {
            n.stop();
        }
        for (LibertyNode n : new LibertyNode[] {one, two, three}) {
            assertTrue(Files.isRegularFile(n.serverDir().resolve("mesh-data/peers.json")), n.name() + " peers.json");
            Files.writeString(n.serverDir().resolve("server.env"),
                    "MESH_REGISTRY_ROUND_INTERVAL=300ms\nMESH_REGISTRY_PEER_BOOK_SAVE_INTERVAL=1s\n");
        }
        for (LibertyNode n : new LibertyNode[] {one, two, three}) {
            n.start();
        }
        JsonObject peers = awaitResult(two, "node/list_peers", "{}", r -> connected(r).contains(one.nodeId()));
        assertTrue(connected(peers).contains(one.nodeId()), peers.toString());
        Set<String> all = new TreeSet<>(Set.of(one.nodeId(), two.nodeId(), three.nodeId()));
        JsonObject found = awaitResult(one, "node/find_agents", "{\"agent\":\"echo\"}",
                r -> nodeIds(r, "agents").equals(all));
        assertEquals(all, nodeIds(found, "agents"));
    }

    // ---------------------------------------------------------------- helpers

    /** Asks {@code node} {@code method} until its result satisfies {@code done}, for at most {@link #WAIT}. */
    private static JsonObject awaitResult(LibertyNode node, String method, String params, Predicate<JsonObject> done)
            throws Exception {
        try (RawLink link = RawLink.open(node.meshUrl(), NodeId.of(node.nodeId()))) {
            return Eventually.until(WAIT, () -> call(link, method, params),
                    response -> response.containsKey("result") && done.test(response.getJsonObject("result")),
                    last -> node.name() + " " + method + " did not reach the expected state within " + WAIT
                            + "; last answer " + last + "\n" + node.messagesLog()).getJsonObject("result");
        }
    }

    /** Sends a request and returns its response, skipping requests the node sends the raw peer meanwhile. */
    private static JsonObject call(RawLink link, String method, String params) throws Exception {
        return link.call(++ids, method, params);
    }

    private static Set<String> nodeIds(JsonObject result, String array) {
        Set<String> out = new TreeSet<>();
        for (JsonValue v : result.getJsonArray(array)) {
            out.add(v.asJsonObject().getString("node_id"));
        }
        return out;
    }

    private static Set<String> connected(JsonObject result) {
        Set<String> out = new TreeSet<>();
        for (JsonValue v : result.getJsonArray("peers")) {
            JsonObject p = v.asJsonObject();
            if (p.getBoolean("connected", false) && p.get("node_id").getValueType() == JsonValue.ValueType.STRING) {
                out.add(p.getString("node_id"));
            }
        }
        return out;
    }
}
