package io.agentmesh.it.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.RawLink;
import io.agentmesh.transport.IdentityPayload;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Oversized identity payloads against the build's node with default settings (wire-v1 §3: at most 16
 * {@code addrs}, each a {@code ws}/{@code wss} URL of at most 256 bytes; {@code software} at most 128
 * bytes): each, correctly signed, is closed with 4001, and none of those peers is remembered by
 * {@code node/list_peers}; a healthy link answers {@code node/get_info} before, between and after.
 */
class IdentityPayloadAttackIT {

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final String URL = "ws://127.0.0.1:" + PORT + "/mesh";
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));

    private static HealthyLink healthy;
    private static final List<NodeId> attackers = new ArrayList<>();

    @BeforeAll
    static void openHealthyLink() throws Exception {
        NodeId node = NodeId.of(Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim());
        healthy = HealthyLink.open(URL, node);
        healthy.assertAnswers();
    }

    @AfterEach
    void healthyLinkStillAnswers() throws Exception {
        healthy.assertAnswers();
    }

    @AfterAll
    static void closeHealthyLink() {
        if (healthy != null) {
            healthy.close();
        }
    }

    /** Completes a handshake whose identity payload is the peer's valid one changed by {@code edit}; 4001. */
    private static void assertRefused(Function<JsonObject, JsonObject> edit) throws Exception {
        try (RawLink link = RawLink.connect(URL)) {
            attackers.add(link.noise().identity().nodeId());
            link.sendMessage1();
            link.readMessage2();
            JsonObject valid = Json.createReader(new ByteArrayInputStream(link.noise().identityPayload())).readObject();
            link.sendMessage3(edit.apply(valid).toString().getBytes(StandardCharsets.UTF_8));
            assertEquals(4001, link.client().awaitClose().code());
        }
    }

    private static Function<JsonObject, JsonObject> with(String member, JsonValue value) {
        return payload -> Json.createObjectBuilder(payload).add(member, value).build();
    }

    private static JsonValue addrs(List<String> addrs) {
        JsonArrayBuilder array = Json.createArrayBuilder();
        addrs.forEach(array::add);
        return array.build();
    }

    @Test
    void seventeenAddrsClose4001() throws Exception {
        List<String> addrs = new ArrayList<>();
        for (int i = 0; i < IdentityPayload.MAX_ADDRS + 1; i++) {
            addrs.add("ws://10.0.0." + i + ":9080/mesh");
        }
        assertRefused(with("addrs", addrs(addrs)));
    }

    @Test
    void anAddrOf257BytesCloses4001() throws Exception {
        String prefix = "ws://a.example:9080/";
        String addr = prefix + "m".repeat(IdentityPayload.MAX_ADDR_BYTES + 1 - prefix.length());
        assertEquals(257, addr.getBytes(StandardCharsets.UTF_8).length);
        assertRefused(with("addrs", addrs(List.of(addr))));
    }

    @Test
    void anAddrThatIsNoWebSocketUrlCloses4001() throws Exception {
        assertRefused(with("addrs", addrs(List.of("http://127.0.0.1:9080/mesh"))));
    }

    @Test
    void softwareOf129BytesCloses4001() throws Exception {
        assertRefused(with("software", Json.createValue(String.join("", Collections.nCopies(129, "s")))));
    }

    @Test
    void noneOfThemIsRememberedAsAPeer() throws Exception {
        assertRefused(with("software", Json.createValue("x".repeat(IdentityPayload.MAX_SOFTWARE_BYTES + 1))));
        String peers = healthy.result("node/list_peers", "{}").toString();
        for (NodeId attacker : attackers) {
            assertFalse(peers.contains(attacker.value()), attacker + " in " + peers);
        }
    }
}
