package io.agentmesh.it.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NodeMetrics;
import io.agentmesh.testsupport.RawLink;
import io.agentmesh.testsupport.RawMeshClient;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The {@code Origin} rule of wire-v1 §2 on the node the build starts (no {@code mesh.link.allowed-origins}):
 * a WebSocket upgrade to {@code /mesh} that carries an {@code Origin} header, as every browser's does, is
 * refused with HTTP 403 and never becomes a link; one without {@code Origin}, as mesh peers send, is
 * upgraded (101) with the subprotocol {@code agentmesh.v1}. Each refusal is counted in
 * {@code agentmesh_links_refused_total{reason="origin"}}. A healthy link, open before the first
 * attempt, answers {@code node/get_info} after each.
 */
class MeshOriginIT {

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final String URL = "ws://127.0.0.1:" + PORT + "/mesh";
    private static final List<String> OFFER = List.of("agentmesh.v1");
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));

    private static NodeId nodeId;
    private static RawLink healthy;
    private static int requests;

    @BeforeAll
    static void openHealthyLink() throws Exception {
        nodeId = NodeId.of(Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim());
        healthy = RawLink.open(URL, nodeId);
    }

    @AfterEach
    void healthyLinkStillAnswers() throws Exception {
        int id = ++requests;
        healthy.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"node/get_info\"}");
        String answer = healthy.receive();
        while (answer.contains("\"method\"")) { // a request of the node's own (the registry's), not the answer
            answer = healthy.receive();
        }
        assertTrue(answer.contains("\"id\":" + id + ",") && answer.contains("\"node_id\":\"" + nodeId.value() + "\""),
                answer);
    }

    @AfterAll
    static void closeHealthyLink() {
        if (healthy != null) {
            healthy.close();
        }
    }

    @Test
    void anUpgradeWithAnOriginGetsHttp403AndIsCounted() {
        double before = refusedForOrigin();
        for (String origin : List.of("https://evil.example", "http://127.0.0.1:" + PORT, "null")) {
            ExecutionException e = assertThrows(ExecutionException.class,
                    () -> RawMeshClient.connect(URL, OFFER, Map.of("Origin", origin)).close(), origin);
            WebSocketHandshakeException refused = assertInstanceOf(WebSocketHandshakeException.class, e.getCause());
            assertEquals(403, refused.getResponse().statusCode(), "Origin " + origin);
        }
        assertEquals(before + 3, refusedForOrigin(), "agentmesh_links_refused_total{reason=\"origin\"}");
    }

    private static double refusedForOrigin() {
        String text = NodeMetrics.scrape("https://127.0.0.1:" + Integer.getInteger("mesh.it.https.port", 9443),
                LibertyNode.buildNodeAdminPassword(), Duration.ofSeconds(60));
        return NodeMetrics.byReason(text, "agentmesh_links_refused_total").getOrDefault("origin", 0.0);
    }

    @Test
    void anUpgradeWithoutOriginGets101WithTheSubprotocol() throws Exception {
        try (RawMeshClient client = RawMeshClient.connect(URL, OFFER, Map.of())) {
            assertEquals("agentmesh.v1", client.subprotocol());
        }
    }
}
