package io.agentmesh.it.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.NodeMetrics;
import io.agentmesh.testsupport.NoisePeer;
import io.agentmesh.testsupport.RawLink;
import io.agentmesh.testsupport.SocketUpgrade;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The admission caps of {@code /mesh} through real sockets: on the node the build starts, with
 * the default caps, 2,000 silent sockets and 500 links of fresh identities from loopback; on a node with
 * small caps ({@value #TIGHT_OFFSET} above the base port), each cap in turn, from several loopback
 * addresses (127.0.0.2, ...: Linux routes all of 127/8 to loopback), slots given back, and a silent
 * socket's connection ended soon after its 4004 close. Each refusal is
 * the documented one (HTTP 429 or 503 at the upgrade, 4003 after message 1 or 3) and counted in
 * {@code agentmesh_links_refused_total{reason}}, while a healthy link on each node keeps answering
 * {@code node/get_info}.
 */
class AdmissionIT {

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final int HTTPS_PORT = Integer.getInteger("mesh.it.https.port", 9443);
    private static final String URL = "ws://127.0.0.1:" + PORT + "/mesh";
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));
    private static final int TIGHT_OFFSET = 80;
    private static final Duration WAIT = Duration.ofSeconds(60);
    private static final SecureRandom RANDOM = new SecureRandom();

    private static RawLink healthy;
    private static LibertyNode tight;
    private static RawLink tightHealthy;
    private static int ids;

    @BeforeAll
    static void setUp() throws Exception {
        healthy = RawLink.open(URL, NodeId.of(Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim()));
        tight = LibertyNode.create("it-admission", LibertyNode.basePort() + TIGHT_OFFSET, Map.of(
                "MESH_LINK_MAX_PENDING_PER_ADDRESS", "4",
                "MESH_LINK_MAX_PENDING", "6",
                "MESH_LINK_MAX_HANDSHAKES", "3",
                "MESH_LINK_MAX_LINKS_PER_ADDRESS", "3",
                "MESH_LINK_MAX_LINKS_TOTAL", "8",
                "MESH_LINK_MAX_LINKS_PER_PEER", "2",
                "MESH_LINK_HANDSHAKE_TIMEOUT", "8s"));
        tight.start();
        tightHealthy = RawLink.open(tight.meshUrl(), NodeId.of(tight.nodeId()));
    }

    @AfterAll
    static void tearDown() {
        if (healthy != null) {
            healthy.close();
        }
        if (tightHealthy != null) {
            tightHealthy.close();
        }
        if (tight != null) {
            tight.stop();
        }
    }

    @AfterEach
    void healthyLinksStillAnswer() throws Exception {
        assertAnswers(healthy);
        assertAnswers(tightHealthy);
    }

    /** {@code link} answers {@code node/get_info} (requests the node sends on it meanwhile are skipped). */
    private static void assertAnswers(RawLink link) throws Exception {
        int id = ++ids;
        link.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"node/get_info\"}");
        for (int i = 0; i < 20; i++) {
            String answer = link.receive();
            if (answer.contains("\"id\":" + id + ",") || answer.contains("\"id\":" + id + "}")) {
                assertTrue(answer.contains("\"result\""), answer);
                return;
            }
        }
        throw new AssertionError("no answer to node/get_info " + id);
    }

    // ---------------------------------------------------------------- default caps

    @Test
    void twoThousandSilentSocketsFromOneAddressAreRefusedBeyondTheDefaultCap() throws Exception {
        double before = refused(null, "pending_per_address");
        List<SocketUpgrade> held = new ArrayList<>();
        int refused429 = 0;
        long started = System.nanoTime();
        try {
            for (int i = 0; i < 2000; i++) {
                SocketUpgrade socket = SocketUpgrade.open("127.0.0.1", PORT);
                if (socket.status() == 101) {
                    held.add(socket);   // silent: no handshake message
                } else {
                    assertEquals(429, socket.status(), "socket " + i);
                    refused429++;
                    socket.close();
                }
                if (i % 500 == 499) {
                    assertAnswers(healthy);
                }
            }
            long tenSecondPeriods = 1 + Duration.ofNanos(System.nanoTime() - started).toSeconds() / 10;
            assertTrue(held.size() <= 32 * tenSecondPeriods,
                    held.size() + " upgraded in " + tenSecondPeriods + " handshake timeouts: over the cap of 32");
            assertEquals(2000, held.size() + refused429);
            assertTrue(refused429 >= 1000, "refused " + refused429);
            assertEquals(before + refused429, refused(null, "pending_per_address"), "refusals counted");
        } finally {
            held.forEach(SocketUpgrade::close);
        }
        // the closed sockets give their slots back: a full cap of sockets is upgraded again
        assertTrue(Eventually.within(WAIT, () -> upgradesAdmitted("127.0.0.1", PORT, 32)), "slots given back");
    }

    @Test
    void fiveHundredFreshIdentitiesAreRefusedBeyondTheDefaultCapPerAddress() throws Exception {
        double before = refused(null, "links_per_address");
        List<SocketUpgrade> links = new ArrayList<>();
        try {
            // 50 links one after the other: all admitted (64 per address, the healthy link is one)
            for (int i = 0; i < 50; i++) {
                SocketUpgrade socket = SocketUpgrade.open("127.0.0.1", PORT);
                links.add(socket);
                assertEquals(101, socket.status());
                assertEquals(0, handshake(socket, freshPeer()), "link " + i);
            }
            assertAnswers(healthy);
            // 20 upgraded at once, then their handshakes: those beyond 64 links are closed with 4003
            List<SocketUpgrade> batch = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                SocketUpgrade socket = SocketUpgrade.open("127.0.0.1", PORT);
                batch.add(socket);
                links.add(socket);
                assertEquals(101, socket.status());
            }
            int admitted = 0;
            int closed4003 = 0;
            for (SocketUpgrade socket : batch) {
                int outcome = handshake(socket, freshPeer());
                if (outcome == 0) {
                    admitted++;
                } else {
                    assertEquals(4003, outcome);
                    closed4003++;
                }
            }
            assertTrue(admitted <= 13 && closed4003 >= 7, admitted + " admitted, " + closed4003 + " closed 4003");
            assertAnswers(healthy);
            // the other 430: their upgrades get 429
            for (int i = 0; i < 430; i++) {
                try (SocketUpgrade socket = SocketUpgrade.open("127.0.0.1", PORT)) {
                    assertEquals(429, socket.status(), "upgrade " + i);
                }
            }
            assertEquals(before + closed4003 + 430, refused(null, "links_per_address"), "refusals counted");
        } finally {
            links.forEach(SocketUpgrade::close);
        }
        assertTrue(Eventually.within(WAIT, () -> {
            try (SocketUpgrade socket = SocketUpgrade.open("127.0.0.1", PORT)) {
                return socket.status() == 101 && handshake(socket, freshPeer()) == 0;
            }
        }), "links given back");
    }

    // ---------------------------------------------------------------- each cap, on a node with small ones

    @Test
    void pendingSocketsPerAddressAndInAll() throws Exception {
        double perAddress = refused(tight, "pending_per_address");
        double inAll = refused(tight, "pending");
        List<SocketUpgrade> held = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) {
                held.add(upgraded("127.0.0.2"));
            }
            assertEquals(429, status("127.0.0.2"));
            held.add(upgraded("127.0.0.3"));
            held.add(upgraded("127.0.0.3"));
            assertEquals(503, status("127.0.0.4"));
            assertEquals(perAddress + 1, refused(tight, "pending_per_address"));
            assertEquals(inAll + 1, refused(tight, "pending"));
        } finally {
            held.forEach(SocketUpgrade::close);
        }
    }

    @Test
    void handshakesInProgress() throws Exception {
        double before = refused(tight, "handshakes");
        List<SocketUpgrade> held = new ArrayList<>();
        try {
            for (String address : List.of("127.0.0.5", "127.0.0.5", "127.0.0.6", "127.0.0.6")) {
                held.add(upgraded(address));
            }
            for (int i = 0; i < 4; i++) {
                NoisePeer peer = freshPeer();
                held.get(i).sendBinary(peer.write(new byte[0]));
                SocketUpgrade.Frame answer = held.get(i).receive();
                if (i < 3) {
                    assertTrue(!answer.isClose(), "message 2 of handshake " + i);
                } else {
                    assertEquals(4003, answer.closeCode());
                }
            }
            assertEquals(before + 1, refused(tight, "handshakes"));
        } finally {
            held.forEach(SocketUpgrade::close);
        }
    }

    @Test
    void linksPerPeerPerAddressAndInAll() throws Exception {
        double perPeer = refused(tight, "links_per_peer");
        double perAddress = refused(tight, "links_per_address");
        double inAll = refused(tight, "links");
        List<SocketUpgrade> links = new ArrayList<>();
        try {
            NodeIdentity one = NodeIdentity.generate(RANDOM);
            links.add(linked("127.0.0.2", one));
            links.add(linked("127.0.0.2", one));
            SocketUpgrade third = upgraded("127.0.0.3");
            links.add(third);
            assertEquals(4003, handshake(third, new NoisePeer(one, true, RANDOM)), "a third link of one node");
            for (int i = 0; i < 3; i++) {
                links.add(linked("127.0.0.4", NodeIdentity.generate(RANDOM)));
            }
            assertEquals(429, status("127.0.0.4"));
            links.add(linked("127.0.0.5", NodeIdentity.generate(RANDOM)));
            links.add(linked("127.0.0.5", NodeIdentity.generate(RANDOM)));
            // 8 links now, the healthy one among them
            assertEquals(503, status("127.0.0.6"));
            assertEquals(perPeer + 1, refused(tight, "links_per_peer"));
            assertEquals(perAddress + 1, refused(tight, "links_per_address"));
            assertEquals(inAll + 1, refused(tight, "links"));
        } finally {
            links.forEach(SocketUpgrade::close);
        }
    }

    @Test
    void slotsComeBackWhenSocketsCloseOrUpgradesFail() throws Exception {
        // upgrades the container refuses (an unsupported WebSocket version) give their reservation back
        for (int i = 0; i < 10; i++) {
            try (SocketUpgrade socket = SocketUpgrade.open("127.0.0.7", tight.httpPort(), "8")) {
                assertTrue(socket.status() != 101, "version 8 upgraded");
            }
        }
        List<SocketUpgrade> held = new ArrayList<>();
        try {
            assertTrue(Eventually.within(WAIT, () -> upgradesAdmitted("127.0.0.7", tight.httpPort(), 4)),
                    "failed upgrades kept their reservations");
            for (int i = 0; i < 4; i++) {       // the node frees the probe's slots as it sees them close
                held.add(upgradedEventually("127.0.0.7"));
            }
            assertEquals(429, status("127.0.0.7"));
            held.remove(0).close();
            held.add(upgradedEventually("127.0.0.7"));     // a closed socket's slot comes back
            // links too: 3 of one address, one closed, a new one admitted
            held.forEach(SocketUpgrade::close);
            held.clear();
            for (int i = 0; i < 3; i++) {
                held.add(linkedEventually("127.0.0.8"));
            }
            assertEquals(429, status("127.0.0.8"));
            held.remove(0).close();
            held.add(linkedEventually("127.0.0.8"));
        } finally {
            held.forEach(SocketUpgrade::close);
        }
    }

    @Test
    void aSilentSocketIsClosed4004AndItsConnectionEndedWithoutWaitingForTheCloseReply() throws Exception {
        try (SocketUpgrade socket = upgraded("127.0.0.9")) {
            assertEquals(4004, socket.receive().closeCode(), "closed at the handshake deadline (8 s)");
            long closed = System.nanoTime();
            assertEquals(-1, socket.receive().closeCode(), "the connection ended, this end's close reply never sent");
            long seconds = Duration.ofNanos(System.nanoTime() - closed).toSeconds();
            assertTrue(seconds < 15, "the connection was held " + seconds + " s after the close (the container alone: 30 s)");
        }
    }

    // ---------------------------------------------------------------- helpers

    private static NoisePeer freshPeer() {
        return new NoisePeer(NodeIdentity.generate(RANDOM), true, RANDOM);
    }

    /** An upgrade from {@code address} to the tight node that must get 101. */
    private static SocketUpgrade upgraded(String address) throws Exception {
        SocketUpgrade socket = SocketUpgrade.open(address, tight.httpPort());
        if (socket.status() != 101) {
            socket.close();
            throw new AssertionError("upgrade from " + address + ": " + socket.status());
        }
        return socket;
    }

    /** The status of an upgrade from {@code address} to the tight node (the socket is closed). */
    private static int status(String address) throws Exception {
        try (SocketUpgrade socket = SocketUpgrade.open(address, tight.httpPort())) {
            return socket.status();
        }
    }

    /** A link of {@code identity} from {@code address} to the tight node that must be admitted. */
    private static SocketUpgrade linked(String address, NodeIdentity identity) throws Exception {
        SocketUpgrade socket = upgraded(address);
        int outcome = handshake(socket, new NoisePeer(identity, true, RANDOM));
        if (outcome != 0) {
            socket.close();
            throw new AssertionError("link from " + address + " closed " + outcome);
        }
        return socket;
    }

    /** A link of a fresh identity from {@code address} to the tight node, once one is admitted. */
    /** An upgrade from {@code address} to the tight node that gets 101 within the wait. */
    private static SocketUpgrade upgradedEventually(String address) {
        SocketUpgrade[] upgraded = new SocketUpgrade[1];
        assertTrue(Eventually.within(WAIT, () -> {
            SocketUpgrade socket = SocketUpgrade.open(address, tight.httpPort());
            if (socket.status() == 101) {
                upgraded[0] = socket;
                return true;
            }
            socket.close();
            return false;
        }), "an upgrade from " + address);
        return upgraded[0];
    }

    private static SocketUpgrade linkedEventually(String address) {
        SocketUpgrade[] link = new SocketUpgrade[1];
        assertTrue(Eventually.within(WAIT, () -> {
            SocketUpgrade socket = SocketUpgrade.open(address, tight.httpPort());
            if (socket.status() == 101 && handshake(socket, freshPeer()) == 0) {
                link[0] = socket;
                return true;
            }
            socket.close();
            return false;
        }), "a link from " + address);
        return link[0];
    }

    /** Whether {@code count} upgrades from {@code address} in a row get 101 (they are closed after). */
    private static boolean upgradesAdmitted(String address, int port, int count) throws Exception {
        List<SocketUpgrade> sockets = new ArrayList<>();
        try {
            for (int i = 0; i < count; i++) {
                SocketUpgrade socket = SocketUpgrade.open(address, port);
                sockets.add(socket);
                if (socket.status() != 101) {
                    return false;
                }
            }
            return true;
        } finally {
            sockets.forEach(SocketUpgrade::close);
        }
    }

    /**
     * Runs the handshake of {@code peer} on an upgraded {@code socket} and asks {@code node/get_info}:
     * 0 when answered, else the close code the node sent (-1 when the connection ended without one).
     */
    private static int handshake(SocketUpgrade socket, NoisePeer peer) throws Exception {
        socket.sendBinary(peer.write(new byte[0]));
        SocketUpgrade.Frame message2 = socket.receive();
        if (message2.isClose()) {
            return message2.closeCode();
        }
        peer.read(message2.binary());
        socket.sendBinary(peer.write(peer.identityPayload()));
        socket.sendBinary(peer.encryptFinal("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"node/get_info\"}"));
        while (true) {
            SocketUpgrade.Frame frame = socket.receive();
            if (frame.isClose()) {
                return frame.closeCode();
            }
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            byte[] plain = peer.decrypt(frame.binary());
            message.write(plain, 1, plain.length - 1);
            while ((plain[0] & 1) == 0) {
                SocketUpgrade.Frame next = socket.receive();
                if (next.isClose()) {
                    return next.closeCode();
                }
                plain = peer.decrypt(next.binary());
                message.write(plain, 1, plain.length - 1);
            }
            String text = message.toString(StandardCharsets.UTF_8);
            if (text.contains("\"id\":1") && text.contains("\"result\"")) {
                return 0;
            }
        }
    }

    /** {@code agentmesh_links_refused_total{reason}} of {@code node} (null: the node the build starts). */
    private static double refused(LibertyNode node, String reason) {
        String text = node == null
                ? NodeMetrics.scrape("https://127.0.0.1:" + HTTPS_PORT, LibertyNode.buildNodeAdminPassword(), WAIT)
                : NodeMetrics.scrape(node.httpsUrl(), node.adminPassword(), WAIT);
        Double value = NodeMetrics.byReason(text, "agentmesh_links_refused_total").get(reason);
        if (value == null) {
            throw new AssertionError("no agentmesh_links_refused_total{reason=\"" + reason + "\"} in\n" + text);
        }
        return value;
    }
}
