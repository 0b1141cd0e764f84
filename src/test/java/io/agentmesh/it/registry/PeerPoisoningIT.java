package io.agentmesh.it.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NodeMetrics;
import io.agentmesh.testsupport.RawLink;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Peer-book poisoning against a running node with default limits (docs/registry.md §4.3, operations.md
 * "Limits"): a raw peer sends 16 {@code node/peer_exchange} messages of 256 made-up entries, half without
 * identity keys, half with fresh keys, pointing at a listener of the test's own on loopback, at names that
 * do not resolve and at a private range. The keyless entries are all refused, the keyed ones beyond the
 * per-source cap too (both counted in {@code agentmesh_registry_peers_refused}); {@code peers.json} holds
 * at most the cap of them and still the honest peer this node had linked to (now stopped);
 * {@code node/list_peers} shows none of them; the node's dials of them stay within the dial governor's
 * rate (the connections the listener counts) and the refused ones are counted; a healthy link answers
 * {@code node/get_info} throughout. Ports: {@code mesh.it.node.base-port} + 90..91.
 */
class PeerPoisoningIT {

    private static final Duration WAIT = Duration.ofSeconds(90);
    private static final int MESSAGES = 16;
    private static final int ENTRIES = 256;
    /** Defaults of mesh.dial.rate, mesh.dial.burst and mesh.registry.max-peers-per-source. */
    private static final double RATE = 2.0;
    private static final int BURST = 8;
    private static final int PER_SOURCE = 256;

    private static LibertyNode node;
    private static LibertyNode honest;
    private static ServerSocket listener;
    private static final List<Long> accepted = new CopyOnWriteArrayList<>();
    private static int ids;

    @BeforeAll
    static void setUp() throws IOException {
        node = LibertyNode.create("it-peers-1", LibertyNode.basePort() + 90, env(null));
        honest = LibertyNode.create("it-peers-2", LibertyNode.basePort() + 91, env(node.meshUrl()));
        LibertyNode.startAll(node, honest);
        listener = new ServerSocket(0, 200, InetAddress.getLoopbackAddress());
        Thread accepting = new Thread(() -> {
            while (!listener.isClosed()) {
                try (Socket s = listener.accept()) {
                    accepted.add(System.nanoTime());
                } catch (IOException e) {
                    // closed at the end
                }
            }
        }, "peer-poisoning-listener");
        accepting.setDaemon(true);
        accepting.start();
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (listener != null) {
            listener.close();
        }
        LibertyNode.stopAll(honest, node);
    }

    /** Default limits; only the peer book is saved more often, so that the test sees it soon. */
    private static Map<String, String> env(String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_REGISTRY_PEER_BOOK_SAVE_INTERVAL", "1s");
        env.put("MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms");   // the nodes start side by side
        env.put("MESH_BOOTSTRAP_BACKOFF_MAX", "2s");
        if (bootstrap != null) {
            env.put("MESH_BOOTSTRAP", bootstrap);
        }
        return env;
    }

    @Test
    void aFloodOfMadeUpPeersIsRefusedCountedAndDialedOnlyWithinTheRate() throws Exception {
        // the honest peer is known directly, then goes away: not connected while the flood comes
        Eventually.until(WAIT, "the honest peer is in the peer book as a peer seen directly",
                () -> "direct".equals(savedPeers().getOrDefault(honest.nodeId(), Json.createObjectBuilder().build())
                        .getString("origin", "")));
        honest.stop();

        SecureRandom random = new SecureRandom();
        Set<String> keyed = new HashSet<>();
        Set<String> fakes = new HashSet<>();
        List<String> messages = new ArrayList<>();
        for (int m = 0; m < MESSAGES; m++) {
            boolean withKeys = m % 2 == 1;
            JsonArrayBuilder entries = Json.createArrayBuilder();
            for (int i = 0; i < ENTRIES; i++) {
                String id;
                var entry = Json.createObjectBuilder();
                if (withKeys) {
                    NodeIdentity fake = NodeIdentity.generate(random);
                    id = fake.nodeId().value();
                    entry.add("identity", fake.publicKeyBase64Url());
                    keyed.add(id);
                } else {
                    byte[] raw = new byte[20];
                    random.nextBytes(raw);
                    id = HexFormat.of().formatHex(raw);
                }
                fakes.add(id);
                String addr = switch (i % 3) {
                    case 0 -> "ws://127.0.0.1:" + listener.getLocalPort() + "/mesh";
                    case 1 -> "ws://no-such-host-" + m + "-" + i + ".invalid:9080/mesh";
                    default -> "ws://10.255." + m + "." + i + ":9/mesh";
                };
                entries.add(entry.add("node_id", id).add("addrs", Json.createArrayBuilder().add(addr))
                        .add("last_seen_ms", System.currentTimeMillis()));
            }
            messages.add(Json.createObjectBuilder().add("peers", entries).build().toString());
        }

        Map<String, Double> refusedBefore = metrics("agentmesh_registry_peers_refused");
        long floodStart = System.nanoTime();
        try (RawLink attacker = RawLink.open(node.meshUrl(), NodeId.of(node.nodeId()));
             RawLink healthy = RawLink.open(node.meshUrl(), NodeId.of(node.nodeId()))) {
            for (String params : messages) {
                JsonObject answer = call(attacker, "node/peer_exchange", params);
                assertTrue(answer.containsKey("result"), answer.toString());
                assertGetInfo(healthy);
            }

            Map<String, Double> refused = Eventually.until(WAIT, () -> metrics("agentmesh_registry_peers_refused"),
                    now -> delta(now, refusedBefore, "no_identity") >= MESSAGES / 2 * ENTRIES
                            && delta(now, refusedBefore, "source_limit") >= MESSAGES / 2 * ENTRIES - PER_SOURCE,
                    last -> "refusals not counted: " + last);
            assertEquals(MESSAGES / 2 * ENTRIES, delta(refused, refusedBefore, "no_identity"), refused.toString());
            assertEquals(MESSAGES / 2 * ENTRIES - PER_SOURCE, delta(refused, refusedBefore, "source_limit"),
                    refused.toString());

            // the node dials some of the fakes, but never faster than the governor lets it
            Eventually.until(WAIT, "the node dials a made-up peer at the listener", () -> {
                assertGetInfo(healthy);
                assertWithinRate(floodStart);
                return !accepted.isEmpty();
            });
            Eventually.until(WAIT, "dials beyond the rate are refused and counted", () -> {
                assertGetInfo(healthy);
                assertWithinRate(floodStart);
                return metrics("agentmesh_links_dials_refused_total").getOrDefault("rate", 0.0) > 0;
            });
            long observeUntil = System.nanoTime() + Duration.ofSeconds(10).toNanos();
            while (System.nanoTime() < observeUntil) {
                assertGetInfo(healthy);
                assertWithinRate(floodStart);
                Thread.sleep(250);
            }

            // peers.json: at most the cap of the keyed fakes, none without a key, the honest peer still there
            Map<String, JsonObject> saved = Eventually.until(WAIT, PeerPoisoningIT::savedPeers,
                    peers -> peers.keySet().stream().anyMatch(keyed::contains), last -> "peers.json: " + last.keySet());
            long fakesKept = saved.keySet().stream().filter(fakes::contains).count();
            assertTrue(fakesKept <= PER_SOURCE, fakesKept + " made-up peers kept");
            assertTrue(saved.keySet().stream().filter(fakes::contains).allMatch(keyed::contains),
                    "no keyless entry was kept");
            assertEquals("direct", saved.get(honest.nodeId()).getString("origin"), saved.get(honest.nodeId()).toString());

            JsonObject listed = call(healthy, "node/list_peers", "{}").getJsonObject("result");
            for (JsonValue p : listed.getJsonArray("peers")) {
                JsonValue id = p.asJsonObject().get("node_id");
                assertFalse(id != null && id.getValueType() == JsonValue.ValueType.STRING
                        && fakes.contains(p.asJsonObject().getString("node_id")), "list_peers shows a fake: " + p);
            }
            assertGetInfo(healthy);
        }
    }

    /** The listener's connections so far are within the token bucket: burst + rate · seconds since the flood. */
    private static void assertWithinRate(long floodStart) {
        double seconds = (System.nanoTime() - floodStart) / 1e9;
        int allowed = BURST + (int) Math.ceil(RATE * seconds) + 1;
        assertTrue(accepted.size() <= allowed, accepted.size() + " connections to made-up peers in "
                + String.format("%.1f", seconds) + " s; the governor allows at most " + allowed);
    }

    private static void assertGetInfo(RawLink link) throws Exception {
        JsonObject info = call(link, "node/get_info", "{}");
        assertEquals(node.nodeId(), info.getJsonObject("result").getString("node_id"), info.toString());
    }

    private static double delta(Map<String, Double> now, Map<String, Double> before, String reason) {
        return now.getOrDefault(reason, 0.0) - before.getOrDefault(reason, 0.0);
    }

    /** The values of {@code metric} (Prometheus text, application scope) by their {@code reason} label. */
    private static Map<String, Double> metrics(String metric) {
        return NodeMetrics.byReason(NodeMetrics.scrape(node.httpsUrl(), node.adminPassword(), WAIT), metric);
    }

    /** The node's saved peer book by node id (empty while there is none). */
    private static Map<String, JsonObject> savedPeers() throws IOException {
        Path file = node.serverDir().resolve("mesh-data/peers.json");
        Map<String, JsonObject> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(file)) {
            return out;
        }
        JsonObject book = Json.createReader(new StringReader(Files.readString(file))).readObject();
        for (JsonValue p : book.getJsonArray("peers")) {
            out.put(p.asJsonObject().getString("node_id"), p.asJsonObject());
        }
        return out;
    }

    /** Sends a request and returns its response, skipping requests the node sends the raw peer meanwhile. */
    private static JsonObject call(RawLink link, String method, String params) throws Exception {
        return link.call(++ids, method, params);
    }
}
