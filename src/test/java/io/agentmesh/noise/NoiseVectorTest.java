package io.agentmesh.noise;

import static io.agentmesh.testsupport.Vectors.hex;
import static io.agentmesh.testsupport.Vectors.hexOrNull;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Vectors;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Replays every public Noise vector (cacophony, snow, noise-c; see vectors/README.md) byte for byte:
 * each handshake message, each transport message after Split, and the handshake hash where given.
 */
class NoiseVectorTest {

    private static final List<String> FILES = List.of(
            "noise-25519-aesgcm-sha256.json",
            "noise-25519-aesgcm-sha256.snow.json",
            "noise-25519-aesgcm-sha256.noise-c.json");

    static Stream<Arguments> vectors() {
        return FILES.stream().flatMap(file -> Vectors.load("noise/" + file).getJsonArray("vectors").stream()
                .map(JsonValue::asJsonObject)
                .map(vector -> Arguments.of(file, protocolName(vector), vector)));
    }

    private static String protocolName(JsonObject vector) {
        return vector.containsKey("protocol_name") ? vector.getString("protocol_name") : vector.getString("name");
    }

    @ParameterizedTest(name = "{0}: {1}")
    @MethodSource("vectors")
    void replays(String file, String name, JsonObject vector) throws NoiseException {
        NoiseProtocol protocol = NoiseProtocol.parse(name);
        assertEquals(name, protocol.name());
        if (vector.containsKey("pattern")) {
            assertEquals(vector.getString("pattern"), protocol.pattern().name());
            assertEquals(protocol.suite(), CipherSuites.byNames(
                    vector.getString("dh"), vector.getString("cipher"), vector.getString("hash")));
        }
        for (String psks : List.of("init_psks", "resp_psks")) {
            assertTrue(!vector.containsKey(psks) || vector.getJsonArray(psks).isEmpty(), "PSK vectors are not supported");
        }
        CipherSuite suite = protocol.suite();
        HandshakeState initiator = HandshakeState.initialize(suite, protocol.pattern(), true,
                hex(vector.getString("init_prologue")), keyPair(suite, vector, "init_static"),
                keyPair(suite, vector, "init_ephemeral"), hexOrNull(vector, "init_remote_static"), null, null);
        HandshakeState responder = HandshakeState.initialize(suite, protocol.pattern(), false,
                hex(vector.getString("resp_prologue")), keyPair(suite, vector, "resp_static"),
                keyPair(suite, vector, "resp_ephemeral"), hexOrNull(vector, "resp_remote_static"), null, null);

        JsonArray messages = vector.getJsonArray("messages");
        int handshakeMessages = protocol.pattern().messages().size();
        assertTrue(messages.size() > handshakeMessages, "vector has transport messages");
        for (int i = 0; i < handshakeMessages; i++) {
            JsonObject message = messages.getJsonObject(i);
            boolean fromInitiator = i % 2 == 0;
            HandshakeState sender = fromInitiator ? initiator : responder;
            HandshakeState receiver = fromInitiator ? responder : initiator;
            assertTrue(sender.isMyTurnToWrite());
            assertTrue(receiver.isMyTurnToRead());
            byte[] written = sender.writeMessage(hex(message.getString("payload")));
            assertEquals(message.getString("ciphertext"), hex(written), "handshake message " + i);
            assertEquals(message.getString("payload"), hex(receiver.readMessage(written)), "payload of message " + i);
        }
        assertTrue(initiator.isComplete());
        assertTrue(responder.isComplete());
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        if (vector.containsKey("handshake_hash")) {
            assertEquals(vector.getString("handshake_hash"), hex(initiator.handshakeHash()));
        }
        if (vector.containsKey("init_static") && protocol.pattern() != HandshakePattern.NN) {
            assertArrayEquals(suite.keyPairFromPrivate(hex(vector.getString("init_static"))).publicKey(),
                    responder.remoteStaticPublicKey());
        }

        CipherStatePair initiatorKeys = initiator.split();
        CipherStatePair responderKeys = responder.split();
        for (int i = handshakeMessages; i < messages.size(); i++) {
            JsonObject message = messages.getJsonObject(i);
            // messages alternate over the whole list; a one-way pattern only ever sends initiator → responder
            boolean fromInitiator = protocol.pattern().isOneWay() || i % 2 == 0;
            CipherState sender = (fromInitiator ? initiatorKeys : responderKeys).sender(fromInitiator);
            CipherState receiver = (fromInitiator ? responderKeys : initiatorKeys).receiver(!fromInitiator);
            byte[] written = sender.encryptWithAd(new byte[0], hex(message.getString("payload")));
            assertEquals(message.getString("ciphertext"), hex(written), "transport message " + i);
            assertEquals(message.getString("payload"), hex(receiver.decryptWithAd(new byte[0], written)),
                    "payload of transport message " + i);
        }
    }

    private static DhKeyPair keyPair(CipherSuite suite, JsonObject vector, String name) {
        byte[] privateKey = hexOrNull(vector, name);
        return privateKey == null ? null : suite.keyPairFromPrivate(privateKey);
    }

    @ParameterizedTest
    @ValueSource(strings = {"noise-25519-aesgcm-sha256.json", "noise-25519-aesgcm-sha256.snow.json",
            "noise-25519-aesgcm-sha256.noise-c.json"})
    void everyFileHoldsXxNnAndIk(String file) {
        List<String> names = Vectors.load("noise/" + file).getJsonArray("vectors").stream()
                .map(v -> protocolName(v.asJsonObject())).sorted().toList();
        assertEquals(List.of("Noise_IK_25519_AESGCM_SHA256", "Noise_NN_25519_AESGCM_SHA256",
                "Noise_XX_25519_AESGCM_SHA256"), names);
    }

    @Test
    void replaysNineVectors() {
        assertEquals(9, vectors().count());
    }
}
