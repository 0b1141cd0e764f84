package io.agentmesh.it.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NoisePeer;
import io.agentmesh.testsupport.RawLink;
import io.agentmesh.testsupport.RawMeshClient;
import io.agentmesh.transport.IdentityPayload;
import java.net.http.WebSocketHandshakeException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Links to a real node on Liberty (wire-v1 §2–4, §6): a raw peer misbehaves in each way the protocol
 * names and gets the close code it must get, while a second, healthy link keeps answering
 * {@code node/ping}. A second node, configured with a short handshake deadline, a small message limit
 * and a bootstrap entry pinned to a wrong id, covers the deadline, the size limit and the dialer's check.
 */
class LinkIT {

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final String URL = "ws://127.0.0.1:" + PORT + "/mesh";
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));
    private static final String WRONG_ID = "0".repeat(40);

    private static NodeId nodeId;
    private static RawLink healthy;
    private static LibertyNode strict;
    private static RawLink strictHealthy;
    private static int pings;

    @BeforeAll
    static void setUp() throws Exception {
        nodeId = NodeId.of(Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim());
        healthy = RawLink.open(URL, nodeId);
        strict = LibertyNode.create("it-links", LibertyNode.basePort() + 20, Map.of(
                "MESH_LINK_HANDSHAKE_TIMEOUT", "700ms",
                "MESH_LINK_MAX_MESSAGE_BYTES", "100000",
                "MESH_LINK_SEND_TIMEOUT", "2s",
                "MESH_BOOTSTRAP", URL + "#" + WRONG_ID,
                "MESH_BOOTSTRAP_BACKOFF_INITIAL", "30s"));
        strict.start();
        strictHealthy = RawLink.open(strict.meshUrl(), NodeId.of(strict.nodeId()));
    }

    @AfterAll
    static void tearDown() {
        if (healthy != null) {
            healthy.close();
        }
        if (strictHealthy != null) {
            strictHealthy.close();
        }
        if (strict != null) {
            strict.stop();
        }
    }

    /** After every case, both healthy links still round-trip a request. */
    @AfterEach
    void healthyLinksStillWork() throws Exception {
        int id = ++pings;
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}", healthy.ping(id));
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":{}}", strictHealthy.ping(id));
    }

    private static void assertClosedWith(int code, RawLink link) throws Exception {
        RawMeshClient.Close close = link.client().awaitClose();
        assertEquals(code, close.code(), "close " + close);
    }

    // ---------------------------------------------------------------- §2

    @Test
    void theNodeSelectsAgentmeshV1AndNamesItselfInMessage2() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            assertEquals("agentmesh.v1", link.client().subprotocol());
            link.sendMessage1();
            IdentityPayload payload = link.readMessage2();
            assertEquals(nodeId, payload.nodeId());
            assertEquals(List.of(URL), payload.addrs());
            assertEquals("agentmesh-java/0.1.0", payload.software());
        }
    }

    @Test
    void anUpgradeWithoutTheSubprotocolGetsHttp400() {
        for (List<String> offer : List.of(List.<String>of(), List.of("other.v1"))) {
            ExecutionException e = assertThrows(ExecutionException.class, () -> RawMeshClient.connect(URL, offer));
            WebSocketHandshakeException refused = (WebSocketHandshakeException) e.getCause();
            assertEquals(400, refused.getResponse().statusCode(), "offer " + offer);
        }
    }

    @Test
    void textDuringTheHandshakeCloses1003() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.client().sendText("{\"jsonrpc\":\"2.0\"}");
            assertClosedWith(1003, link);
        }
    }

    @Test
    void textOnAnOpenLinkCloses1003() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", link.ping(1));
            link.client().sendText("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"node/ping\"}");
            assertClosedWith(1003, link);
        }
    }

    // ---------------------------------------------------------------- §3

    @Test
    void shortMessage1Closes4000() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.client().sendBinary(new byte[10]);
            assertClosedWith(4000, link);
        }
    }

    @Test
    void shortMessage3Closes4000() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.sendMessage1();
            link.readMessage2();
            link.client().sendBinary(new byte[40]);
            assertClosedWith(4000, link);
        }
    }

    @Test
    void garbageMessage3Closes4001() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.sendMessage1();
            link.readMessage2();
            byte[] garbage = new byte[200];
            new SecureRandom().nextBytes(garbage);
            link.client().sendBinary(garbage);
            assertClosedWith(4001, link);
        }
    }

    @Test
    void lowOrderEphemeralCloses4001() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.client().sendBinary(new byte[32]);
            assertClosedWith(4001, link);
        }
    }

    @Test
    void badSignatureCloses4001() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.sendMessage1();
            link.readMessage2();
            SecureRandom random = new SecureRandom();
            byte[] otherStatic = NoisePeer.SUITE.generateKeyPair(random).publicKey();
            byte[] payload = IdentityPayload.create(NodeIdentity.generate(random), otherStatic, List.of(), "x").toJson();
            link.sendMessage3(payload);
            assertClosedWith(4001, link);
        }
    }

    @Test
    void badIdentityPayloadJsonCloses4001() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.sendMessage1();
            link.readMessage2();
            link.sendMessage3("{\"v\":2}".getBytes(StandardCharsets.UTF_8));
            assertClosedWith(4001, link);
        }
    }

    @Test
    void aPeerThatDialedAnotherIdClosesWith4001() throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            link.sendMessage1();
            IdentityPayload payload = link.readMessage2();
            NodeId expected = NodeId.of(WRONG_ID);
            assertTrue(!expected.equals(payload.nodeId()));
            link.client().sendClose(4001, "dialed " + expected + ", found " + payload.nodeId());
            assertClosedWith(4001, link); // the node echoes the code
        }
    }

    @Test
    void theNodesDialerChecksAPinnedId() {
        assertTrue(strict.awaitLog("bootstrap dial to " + URL + "#" + WRONG_ID + " failed: closed 4001", Duration.ofSeconds(60)),
                strict.messagesLog());
    }

    @Test
    void aStalledHandshakeCloses4004() throws Exception {
        try (RawLink silent = RawLink.connect(strict.meshUrl()); RawLink halfway = RawLink.connect(strict.meshUrl())) {
            halfway.sendMessage1();
            halfway.readMessage2();
            assertClosedWith(4004, silent);
            assertClosedWith(4004, halfway);
        }
    }

    // ---------------------------------------------------------------- §4

    @Test
    void tamperedTransportMessageCloses4002() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            byte[] message = link.noise().encryptFinal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/ping\"}");
            link.client().sendBinary(RawLink.flip(message, 5));
            assertClosedWith(4002, link);
        }
    }

    @Test
    void replayedTransportMessageCloses4002() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            byte[] message = link.noise().encryptFinal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/ping\"}");
            link.client().sendBinary(message);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", link.receive());
            link.client().sendBinary(message);
            assertClosedWith(4002, link);
        }
    }

    @Test
    void truncatedTransportMessageCloses4002() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            byte[] message = link.noise().encryptFinal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/ping\"}");
            link.client().sendBinary(Arrays.copyOf(message, message.length - 3));
            assertClosedWith(4002, link);
        }
    }

    @Test
    void badFlagsClose4000() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            link.client().sendBinary(link.noise().encrypt(0x81, "{}".getBytes(StandardCharsets.UTF_8)));
            assertClosedWith(4000, link);
        }
    }

    @Test
    void transportMessageOf65536BytesCloses4000() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            link.client().sendBinary(new byte[65536]);
            assertClosedWith(4000, link);
        }
    }

    @Test
    void transportMessageOf16BytesCloses4000() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            link.client().sendBinary(new byte[16]);
            assertClosedWith(4000, link);
        }
    }

    @Test
    void messageOverTheLimitCloses1009BeforeItsFinalChunk() throws Exception {
        try (RawLink link = RawLink.open(strict.meshUrl(), NodeId.of(strict.nodeId()))) {
            link.client().sendBinary(link.noise().encrypt(0, new byte[65518]));
            link.client().sendBinary(link.noise().encrypt(0, new byte[100_000 - 65518 + 1]));
            assertClosedWith(1009, link);
        }
    }

    @Test
    void messageOfExactlyTheLimitIsServed() throws Exception {
        try (RawLink link = RawLink.open(strict.meshUrl(), NodeId.of(strict.nodeId()))) {
            String head = "{\"jsonrpc\":\"2.0\",\"id\":7,\"method\":\"node/ping\",\"params\":{\"pad\":\"";
            String tail = "\"}}";
            String json = head + "x".repeat(100_000 - head.length() - tail.length()) + tail;
            byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
            assertEquals(100_000, bytes.length);
            link.client().sendBinary(link.noise().encrypt(0, Arrays.copyOfRange(bytes, 0, 50_001)));
            link.client().sendBinary(link.noise().encrypt(1, Arrays.copyOfRange(bytes, 50_001, bytes.length)));
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":7,\"result\":{}}", link.receive());
        }
    }

    @Test
    void malformedJsonIsAnsweredAndTheLinkKept() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            link.send("{\"jsonrpc\":\"2.0\",");
            String answer = link.receive();
            assertTrue(answer.contains("-32700") && answer.contains("\"id\":null"), answer);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", link.ping(2));
        }
    }

    @Test
    void aBatchIsAnsweredWithOneInvalidRequestError() throws Exception {
        try (RawLink link = RawLink.open(URL, nodeId)) {
            link.send("[{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/ping\"}]");
            String answer = link.receive();
            assertTrue(answer.contains("-32600") && answer.contains("\"id\":null"), answer);
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", link.ping(3));
        }
    }

    @Test
    void aPeerThatStopsReadingIsClosedAndTheOthersAreServedMeanwhile() throws Exception {
        NodeId strictId = NodeId.of(strict.nodeId());
        try (RawLink stuck = RawLink.open(strict.meshUrl(), strictId)) {
            String stuckId = stuck.noise().identity().nodeId().value();
            assertEquals("{\"jsonrpc\":\"2.0\",\"id\":1,\"result\":{}}", stuck.ping(1));   // the node has the link up
            String before = listedPeers();
            assertTrue(before.contains(stuckId), before);
            stuck.client().stopReading();
            String text = "x".repeat(40_000);
            int sent = 0;
            try {
                for (; sent < 1000 && !stuck.client().isClosed() && listedPeers().contains(stuckId); sent++) {
                    stuck.send("{\"jsonrpc\":\"2.0\",\"id\":" + sent + ",\"method\":\"local:echo/tools/call\","
                            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}}");
                    if (sent % 50 == 0) {
                        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":" + (100_000 + sent) + ",\"result\":{}}",
                                strictHealthy.ping(100_000 + sent), "another link is served meanwhile");
                    }
                }
            } catch (Exception closedUnderUs) {
                // the node closed the socket while this peer was still sending: what the test waits for
            }
            Eventually.within(Duration.ofSeconds(60), () -> !listedPeers().contains(stuckId));
            assertFalse(listedPeers().contains(stuckId), "the node closed the link of the peer that stopped reading after "
                    + sent + " requests of 40 kB");
        }
    }

    /** The node ids of the strict node's links, from {@code node/list_peers} on a healthy link. */
    private static String listedPeers() throws Exception {
        strictHealthy.send("{\"jsonrpc\":\"2.0\",\"id\":\"peers\",\"method\":\"node/list_peers\"}");
        return strictHealthy.receive();
    }
}
