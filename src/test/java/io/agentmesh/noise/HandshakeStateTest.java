package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.Vectors;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class HandshakeStateTest {

    private static final CipherSuite SUITE = CipherSuite.X25519_AESGCM_SHA256;
    private static final byte[] PROLOGUE = "agentmesh/1".getBytes(StandardCharsets.US_ASCII);

    private final SecureRandom random = new FixedRandom(42);
    private final DhKeyPair initiatorStatic = SUITE.generateKeyPair(random);
    private final DhKeyPair responderStatic = SUITE.generateKeyPair(random);

    private HandshakeState xx(boolean initiator) {
        return HandshakeState.initialize(SUITE, HandshakePattern.XX, initiator, PROLOGUE,
                initiator ? initiatorStatic : responderStatic, null, null, null, random);
    }

    @Test
    void xxRunsToSplitWithTheWireV1MessageSizes() throws NoiseException {
        HandshakeState initiator = xx(true);
        HandshakeState responder = xx(false);
        assertEquals("Noise_XX_25519_AESGCM_SHA256", initiator.protocolName());
        assertTrue(initiator.isMyTurnToWrite());
        assertFalse(responder.isMyTurnToWrite());

        byte[] m1 = initiator.writeMessage(new byte[0]);
        assertEquals(32, m1.length);
        assertEquals(0, responder.readMessage(m1).length);
        byte[] payload2 = "responder identity".getBytes(StandardCharsets.UTF_8);
        byte[] m2 = responder.writeMessage(payload2);
        assertEquals(32 + 48 + payload2.length + 16, m2.length);
        assertArrayEquals(payload2, initiator.readMessage(m2));
        assertArrayEquals(responderStatic.publicKey(), initiator.remoteStaticPublicKey());
        assertNull(responder.remoteStaticPublicKey());
        byte[] payload3 = "initiator identity".getBytes(StandardCharsets.UTF_8);
        byte[] m3 = initiator.writeMessage(payload3);
        assertEquals(48 + payload3.length + 16, m3.length);
        assertArrayEquals(payload3, responder.readMessage(m3));
        assertArrayEquals(initiatorStatic.publicKey(), responder.remoteStaticPublicKey());

        assertTrue(initiator.isComplete());
        assertTrue(responder.isComplete());
        assertFalse(initiator.isMyTurnToWrite());
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());

        CipherStatePair i = initiator.split();
        CipherStatePair r = responder.split();
        byte[] hello = "hello".getBytes(StandardCharsets.UTF_8);
        assertArrayEquals(hello, r.receiver(false).decryptWithAd(null, i.sender(true).encryptWithAd(null, hello)));
        assertArrayEquals(hello, i.receiver(true).decryptWithAd(null, r.sender(false).encryptWithAd(null, hello)));
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        assertThrows(IllegalStateException.class, initiator::split);
    }

    @Test
    void splitBeforeCompletionIsRefusedAndFails() throws NoiseException {
        HandshakeState initiator = xx(true);
        initiator.writeMessage(null);
        assertThrows(IllegalStateException.class, initiator::split);
        assertTrue(initiator.isFailed());
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> initiator.readMessage(new byte[96])).reason());
    }

    @Test
    void truncatedHandshakeMessageIsShort() throws NoiseException {
        HandshakeState initiator = xx(true);
        HandshakeState responder = xx(false);
        byte[] m1 = initiator.writeMessage(null);
        NoiseException e = assertThrows(NoiseException.class, () -> responder.readMessage(Arrays.copyOf(m1, 31)));
        assertEquals(NoiseException.Reason.SHORT_MESSAGE, e.reason());
        assertTrue(responder.isFailed());
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> responder.readMessage(m1)).reason());
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 32, 95})
    void truncatedSecondMessageIsShort(int length) throws NoiseException {
        HandshakeState initiator = xx(true);
        HandshakeState responder = xx(false);
        responder.readMessage(initiator.writeMessage(null));
        byte[] m2 = responder.writeMessage(null);
        assertEquals(96, m2.length);
        assertEquals(NoiseException.Reason.SHORT_MESSAGE,
                assertThrows(NoiseException.class, () -> initiator.readMessage(Arrays.copyOf(m2, length))).reason());
        assertTrue(initiator.isFailed());
    }

    @ParameterizedTest
    @ValueSource(ints = {32, 70, 95})
    void tamperedMessageFailsToDecryptAndTheStateStaysFailed(int index) throws NoiseException {
        HandshakeState initiator = xx(true);
        HandshakeState responder = xx(false);
        responder.readMessage(initiator.writeMessage(null));
        byte[] m2 = responder.writeMessage("payload".getBytes(StandardCharsets.UTF_8));
        byte[] tampered = m2.clone();
        tampered[index] ^= 0x40;
        NoiseException e = assertThrows(NoiseException.class, () -> initiator.readMessage(tampered));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED, e.reason());
        assertTrue(initiator.isFailed());
        assertFalse(initiator.isMyTurnToWrite());
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> initiator.readMessage(m2)).reason());
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> initiator.writeMessage(null)).reason());
        assertThrows(IllegalStateException.class, initiator::split);
    }

    static Stream<String> lowOrderPoints() {
        return Stream.of(
                "0000000000000000000000000000000000000000000000000000000000000000",
                "0100000000000000000000000000000000000000000000000000000000000000",
                "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
                "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
                "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f");
    }

    @ParameterizedTest
    @MethodSource("lowOrderPoints")
    void lowOrderRemoteEphemeralIsRefused(String point) throws NoiseException {
        // the initiator reads "e, ee, s, es" whose e has low order: ee is all zeros
        HandshakeState initiator = xx(true);
        initiator.writeMessage(null);
        byte[] m2 = new byte[96];
        System.arraycopy(Vectors.hex(point), 0, m2, 0, 32);
        NoiseException e = assertThrows(NoiseException.class, () -> initiator.readMessage(m2));
        assertEquals(NoiseException.Reason.LOW_ORDER, e.reason());
        assertTrue(initiator.isFailed());

        // the responder accepts "-> e" (no DH yet) and refuses at its ee
        HandshakeState responder = xx(false);
        responder.readMessage(Vectors.hex(point));
        assertEquals(NoiseException.Reason.LOW_ORDER,
                assertThrows(NoiseException.class, () -> responder.writeMessage(null)).reason());
        assertTrue(responder.isFailed());
    }

    @Test
    void messagesOver65535BytesAreRefused() throws NoiseException {
        HandshakeState initiator = xx(true);
        assertEquals(NoiseException.Reason.MESSAGE_TOO_LONG,
                assertThrows(NoiseException.class, () -> initiator.writeMessage(new byte[65535 - 31])).reason());
        assertTrue(initiator.isFailed());

        HandshakeState ok = xx(true);
        assertEquals(65535, ok.writeMessage(new byte[65535 - 32]).length);

        HandshakeState responder = xx(false);
        assertEquals(NoiseException.Reason.MESSAGE_TOO_LONG,
                assertThrows(NoiseException.class, () -> responder.readMessage(new byte[65536])).reason());
        assertTrue(responder.isFailed());
    }

    @Test
    void outOfTurnCallsFail() throws NoiseException {
        HandshakeState responder = xx(false);
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> responder.writeMessage(null)).reason());
        assertTrue(responder.isFailed());
        HandshakeState initiator = xx(true);
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> initiator.readMessage(new byte[32])).reason());
    }

    @Test
    void completedHandshakeRefusesMoreMessages() throws NoiseException {
        HandshakeState initiator = xx(true);
        HandshakeState responder = xx(false);
        responder.readMessage(initiator.writeMessage(null));
        initiator.readMessage(responder.writeMessage(null));
        responder.readMessage(initiator.writeMessage(null));
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> responder.writeMessage(null)).reason());
    }

    @Test
    void destroyWipesAndRefusesLaterCalls() throws NoiseException {
        HandshakeState initiator = xx(true);
        initiator.writeMessage(null);
        initiator.destroy();
        assertEquals(NoiseException.Reason.INVALID_STATE,
                assertThrows(NoiseException.class, () -> initiator.readMessage(new byte[96])).reason());
        assertThrows(IllegalStateException.class, initiator::split);
    }

    @Test
    void differentProloguesDoNotAgree() throws NoiseException {
        HandshakeState initiator = xx(true);
        HandshakeState responder = HandshakeState.initialize(SUITE, HandshakePattern.XX, false,
                "agentmesh/2".getBytes(StandardCharsets.US_ASCII), responderStatic, null, null, null, random);
        responder.readMessage(initiator.writeMessage(null));
        assertEquals(NoiseException.Reason.DECRYPT_FAILED,
                assertThrows(NoiseException.class, () -> initiator.readMessage(responder.writeMessage(null))).reason());
    }

    @Test
    void initializeChecksTheKeysThePatternNeeds() {
        assertThrows(IllegalArgumentException.class, () -> HandshakeState.initialize(SUITE, HandshakePattern.XX, true,
                PROLOGUE, null, null, null, null, random));
        assertThrows(IllegalArgumentException.class, () -> HandshakeState.initialize(SUITE, HandshakePattern.IK, true,
                PROLOGUE, initiatorStatic, null, null, null, random));
        assertThrows(IllegalArgumentException.class, () -> HandshakeState.initialize(SUITE, HandshakePattern.XX, true,
                PROLOGUE, initiatorStatic, null, responderStatic.publicKey(), null, random));
        assertThrows(IllegalArgumentException.class, () -> HandshakeState.initialize(SUITE, HandshakePattern.IK, true,
                PROLOGUE, initiatorStatic, null, new byte[31], null, random));
        assertThrows(IllegalArgumentException.class, () -> HandshakeState.initialize(SUITE, HandshakePattern.NN, true,
                PROLOGUE, null, null, null, null, null));
        HandshakeState.initialize(SUITE, HandshakePattern.NN, true, PROLOGUE, null, null, null, null, random);
    }

    static Stream<HandshakePattern> patterns() {
        return Stream.of("N", "K", "X", "NN", "NK", "NX", "KN", "KK", "KX", "XN", "XK", "XX", "IN", "IK", "IX")
                .map(HandshakePattern::byName);
    }

    @ParameterizedTest
    @MethodSource("patterns")
    void everyPatternCompletesAndAgrees(HandshakePattern pattern) throws NoiseException {
        HandshakeState initiator = HandshakeState.initialize(SUITE, pattern, true, PROLOGUE,
                pattern.needsLocalStatic(true) ? initiatorStatic : null, null,
                pattern.needsRemoteStaticAtStart(true) ? responderStatic.publicKey() : null, null, random);
        HandshakeState responder = HandshakeState.initialize(SUITE, pattern, false, PROLOGUE,
                pattern.needsLocalStatic(false) ? responderStatic : null, null,
                pattern.needsRemoteStaticAtStart(false) ? initiatorStatic.publicKey() : null, null, random);
        for (int i = 0; i < pattern.messages().size(); i++) {
            HandshakeState sender = i % 2 == 0 ? initiator : responder;
            HandshakeState receiver = i % 2 == 0 ? responder : initiator;
            byte[] payload = ("message " + i).getBytes(StandardCharsets.UTF_8);
            assertArrayEquals(payload, receiver.readMessage(sender.writeMessage(payload)));
        }
        assertTrue(initiator.isComplete() && responder.isComplete());
        assertArrayEquals(initiator.handshakeHash(), responder.handshakeHash());
        if (pattern.needsLocalStatic(true)) {
            assertArrayEquals(initiatorStatic.publicKey(), responder.remoteStaticPublicKey());
        }
        if (pattern.needsLocalStatic(false)) {
            assertArrayEquals(responderStatic.publicKey(), initiator.remoteStaticPublicKey());
        }
        CipherStatePair i = initiator.split();
        CipherStatePair r = responder.split();
        byte[] data = {1, 2, 3};
        assertArrayEquals(data, r.receiver(false).decryptWithAd(null, i.sender(true).encryptWithAd(null, data)));
        if (!pattern.isOneWay()) {
            assertArrayEquals(data, i.receiver(true).decryptWithAd(null, r.sender(false).encryptWithAd(null, data)));
        }
    }

    @Test
    void deterministicWithAFixedRandom() throws NoiseException {
        byte[] a = HandshakeState.initialize(SUITE, HandshakePattern.NN, true, PROLOGUE, null, null, null, null,
                new FixedRandom(5)).writeMessage(null);
        byte[] b = HandshakeState.initialize(SUITE, HandshakePattern.NN, true, PROLOGUE, null, null, null, null,
                new FixedRandom(5)).writeMessage(null);
        assertArrayEquals(a, b);
    }
}
