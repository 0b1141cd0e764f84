package io.agentmesh.noise;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.Vectors;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Protocol names, suite and pattern look-up, key pairs (Noise rev 34 §7, §8, §12). */
class NamesAndKeysTest {

    private static final CipherSuite SUITE = CipherSuite.X25519_AESGCM_SHA256;

    @Test
    void parsesTheWireV1ProtocolName() {
        NoiseProtocol protocol = NoiseProtocol.parse("Noise_XX_25519_AESGCM_SHA256");
        assertSame(HandshakePattern.XX, protocol.pattern());
        assertSame(SUITE, protocol.suite());
        assertEquals(NoiseProtocol.AGENTMESH_V1, protocol);
        assertEquals("25519_AESGCM_SHA256", SUITE.name());
        assertSame(SUITE, CipherSuites.x25519AesGcmSha256());
        assertSame(SUITE, CipherSuites.byName("25519_AESGCM_SHA256"));
        assertSame(SUITE, CipherSuites.byNames("25519", "AESGCM", "SHA256"));
        assertEquals(32, SUITE.dhLen());
        assertEquals(32, SUITE.hashLen());
        assertEquals(64, SUITE.blockLen());
    }

    @ParameterizedTest
    @ValueSource(strings = {"Noise_XX_25519_ChaChaPoly_SHA256", "Noise_XX_448_AESGCM_SHA256",
            "Noise_XX_25519_AESGCM_BLAKE2s", "Noise_XXpsk0_25519_AESGCM_SHA256", "Noise_ZZ_25519_AESGCM_SHA256",
            "Noise_XX_25519_AESGCM", "Noiz_XX_25519_AESGCM_SHA256", "Noise_XX_25519_AESGCM_SHA256_"})
    void refusesWhatItDoesNotImplement(String name) {
        assertThrows(IllegalArgumentException.class, () -> NoiseProtocol.parse(name));
    }

    @Test
    void patternsAsData() {
        assertSame(HandshakePattern.XX, HandshakePattern.byName("XX"));
        assertEquals(List.of(List.of(HandshakePattern.Token.E),
                List.of(HandshakePattern.Token.E, HandshakePattern.Token.EE, HandshakePattern.Token.S,
                        HandshakePattern.Token.ES),
                List.of(HandshakePattern.Token.S, HandshakePattern.Token.SE)), HandshakePattern.XX.messages());
        assertEquals(List.of(HandshakePattern.Token.S), HandshakePattern.IK.responderPreMessage());
        assertTrue(HandshakePattern.IK.initiatorPreMessage().isEmpty());
        assertTrue(HandshakePattern.XX.needsLocalStatic(true));
        assertTrue(HandshakePattern.XX.needsLocalStatic(false));
        assertFalse(HandshakePattern.NN.needsLocalStatic(true));
        assertFalse(HandshakePattern.NK.needsLocalStatic(true));
        assertTrue(HandshakePattern.NK.needsLocalStatic(false));
        assertTrue(HandshakePattern.IK.needsRemoteStaticAtStart(true));
        assertFalse(HandshakePattern.IK.needsRemoteStaticAtStart(false));
        assertTrue(HandshakePattern.N.isOneWay());
        assertThrows(IllegalArgumentException.class, () -> HandshakePattern.byName("xx"));
    }

    @Test
    void keyPairsCopyAndHide() {
        byte[] privateKey = Vectors.hex("e61ef9919cde45dd5f82166404bd08e38bceb5dfdfded0a34c8df7ed542214d1");
        DhKeyPair pair = SUITE.keyPairFromPrivate(privateKey);
        privateKey[0] ^= 1;
        assertFalse(pair.privateKey()[0] == privateKey[0]);
        pair.publicKey()[0] ^= 1;
        assertEquals(pair, SUITE.keyPairFromPrivate(pair.privateKey()));
        String text = pair.toString();
        assertFalse(text.contains(Vectors.hex(pair.privateKey())));
        assertTrue(text.contains(Vectors.hex(pair.publicKey())));
        pair.destroy();
        assertArrayEquals(new byte[32], pair.privateKey());
    }

    @Test
    void dhAgreesBothWaysAndRejectsBadLengths() throws NoiseException {
        DhKeyPair a = SUITE.generateKeyPair(new FixedRandom(1));
        DhKeyPair b = SUITE.generateKeyPair(new FixedRandom(2));
        assertArrayEquals(SUITE.dh(a, b.publicKey()), SUITE.dh(b, a.publicKey()));
        assertThrows(IllegalArgumentException.class, () -> SUITE.dh(a, new byte[31]));
        assertEquals(NoiseException.Reason.LOW_ORDER,
                assertThrows(NoiseException.class, () -> SUITE.dh(a, new byte[32])).reason());
    }

    @Test
    void hashAndHmac() {
        // FIPS 180-2 "abc"; RFC 4231 test case 2
        assertEquals("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
                Vectors.hex(SUITE.hash("ab".getBytes(), "c".getBytes())));
        assertEquals("5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843",
                Vectors.hex(SUITE.hmac("Jefe".getBytes(), "what do ya want ".getBytes(), "for nothing?".getBytes())));
    }
}
