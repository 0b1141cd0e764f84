package io.agentmesh.it.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoopbackHttps;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Metric cardinality against the build's node with default settings (docs/metrics.md, "Labels and bounds"):
 * 200 fresh identities link in batches, each answers a request the node routes to it with an error code
 * of its choosing and leaves with a close code of its choosing. The application metrics never hold more
 * than {@code mesh.metrics.max-peer-series} (64) peers plus {@code other}, no code label a peer chose, and
 * once they have left the text is back near its size before; a healthy link answers throughout.
 */
class MetricCardinalityIT {

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final int HTTPS_PORT = Integer.getInteger("mesh.it.https.port", 9443);
    private static final String URL = "ws://127.0.0.1:" + PORT + "/mesh";
    private static final String METRICS = "https://127.0.0.1:" + HTTPS_PORT + "/metrics?scope=application";
    private static final String PASSWORD = LibertyNode.buildNodeAdminPassword();
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));
    private static final int IDENTITIES = 200;
    private static final int BATCH = 20;
    private static final int MAX_PEER_SERIES = 64;
    private static final Pattern PEER = Pattern.compile("peer=\"([^\"]+)\"");
    private static final Pattern CODE = Pattern.compile("code=\"([^\"]+)\"");
    /** Error codes (docs/metrics.md) and close codes (wire-v1 §6) the node names; all else is "other". */
    private static final Set<String> KNOWN_CODES = Set.of("none", "other", "-32700", "-32600", "-32601", "-32602",
            "-32603", "-32060", "-32061", "-32062", "-32063", "-32064", "-32065", "-32002", "-32800", "-32020", "-32021", "-32022", "1000", "1001",
            "1002", "1003", "1005", "1006", "1008", "1009", "1011", "4000", "4001", "4002", "4003", "4004", "4005");

    private static final LoopbackHttps https = new LoopbackHttps();
    private static HealthyLink healthy;
    private static NodeId node;

    @BeforeAll
    static void openHealthyLink() throws Exception {
        node = NodeId.of(Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim());
        healthy = HealthyLink.open(URL, node);
        healthy.assertAnswers();
    }

    @AfterAll
    static void closeHealthyLink() {
        if (healthy != null) {
            healthy.close();
        }
    }

    private static String scrape() {
        HttpResponse<String> r = https.await(METRICS, "admin", PASSWORD, x -> x.statusCode() == 200, Duration.ofSeconds(60));
        assertNotNull(r, "metrics answer on " + METRICS);
        assertEquals(200, r.statusCode(), r.body());
        return r.body();
    }

    private static Set<String> values(Pattern label, String text) {
        Set<String> out = new TreeSet<>();
        Matcher m = label.matcher(text);
        while (m.find()) {
            out.add(m.group(1));
        }
        return out;
    }

    private static void assertBounded(String text) {
        Set<String> peers = values(PEER, text);
        assertTrue(peers.size() <= MAX_PEER_SERIES + 1, peers.size() + " peer series: " + peers);
        Set<String> codes = values(CODE, text);
        codes.removeAll(KNOWN_CODES);
        assertEquals(Set.of(), codes, "code labels a peer chose");
    }

    @Test
    void twoHundredIdentitiesLeaveTheMetricTextBounded() throws Exception {
        String before = scrape();
        int identity = 0;
        while (identity < IDENTITIES) {
            List<HealthyLink> batch = new ArrayList<>();
            for (int i = 0; i < BATCH; i++, identity++) {
                HealthyLink peer = HealthyLink.open(URL, node);
                batch.add(peer);
                // the node routes a request to this peer, which answers with an error code of its own
                String method = peer.self().value() + ":x/tools/call";
                int id = healthy.send(method, "{\"name\":\"x\"}");
                JsonObject request = peer.awaitRequest(method);
                int chosen = -31000 - identity;
                peer.raw().send("{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"error\":{\"code\":" + chosen
                        + ",\"message\":\"chosen\"}}");
                assertEquals(chosen, healthy.answer(id).getJsonObject("error").getInt("code"));
            }
            assertBounded(scrape());
            for (int i = 0; i < batch.size(); i++) {
                batch.get(i).raw().client().sendClose(4100 + identity + i, "chosen");
                batch.get(i).close();
            }
            healthy.assertAnswers();
        }
        int lines = before.split("\n").length;
        int peersBefore = values(PEER, before).size();
        String after = https.await(METRICS, "admin", PASSWORD, r -> r.statusCode() == 200
                && values(PEER, r.body()).size() <= peersBefore + 2, Duration.ofSeconds(60)).body();
        assertBounded(after);
        assertTrue(after.split("\n").length <= lines + 100,
                "lines before " + lines + ", after " + after.split("\n").length + " (was +1,800 for 200 identities)");
        assertTrue(after.contains("code=\"other\""), "the peers' codes count as other");
        healthy.assertAnswers();
    }
}
