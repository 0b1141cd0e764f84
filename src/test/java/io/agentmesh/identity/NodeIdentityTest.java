package io.agentmesh.identity;

import static io.agentmesh.testsupport.Vectors.hex;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.FixedRandom;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Arrays;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class NodeIdentityTest {

    // RFC 8032 §7.1, TEST 1 and TEST 2
    private static final String SEED_1 = "9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60";
    private static final String PUBLIC_1 = "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a";
    private static final String SIG_1 = "e5564300c360ac729086e2cc806e828a84877f1eb8e5d974d873e06522490155"
            + "5fb8821590a33bacc61e39701cf9b46bd25bf5f0595bbe24655141438e7a100b";
    private static final String SEED_2 = "4ccd089b28ff96da9db6c346ec114e0f5b8a319f35aba624da8cf6ed4fb8a6fb";
    private static final String PUBLIC_2 = "3d4017c3e843895a92b70aa74d1b7ebc9c982ccf2ec4968cc0cd55f12af4660c";
    private static final String SIG_2 = "92a009a9f0d4cab8720e820b5f642540a2b27b5416503f8fb3762223ebdb69da"
            + "085ac1e43e15996e458f3613d0f11d8c387b2eaeb4302aeeb00d291612bb0c00";

    @Test
    void rfc8032Vectors() {
        NodeIdentity one = NodeIdentity.fromPrivateKey(hex(SEED_1));
        assertEquals(PUBLIC_1, hex(one.publicKey()));
        assertEquals(SIG_1, hex(one.sign(new byte[0])));
        NodeIdentity two = NodeIdentity.fromPrivateKey(hex(SEED_2));
        assertEquals(PUBLIC_2, hex(two.publicKey()));
        assertEquals(SIG_2, hex(two.sign(new byte[] {0x72})));
        assertTrue(Ed25519.verify(hex(PUBLIC_2), new byte[] {0x72}, hex(SIG_2)));
    }

    @Test
    void nodeIdIsTheFirst20BytesOfSha256OfThePublicKey() throws Exception {
        NodeIdentity identity = NodeIdentity.fromPrivateKey(hex(SEED_1));
        byte[] digest = MessageDigest.getInstance("SHA-256").digest(hex(PUBLIC_1));
        assertEquals(HexFormat.of().formatHex(digest, 0, 20), identity.nodeId().value());
        assertEquals(Base64Url.encode(hex(PUBLIC_1)), identity.publicKeyBase64Url());
    }

    @Test
    void generateIsDrivenByTheRandomSource() {
        NodeIdentity a = NodeIdentity.generate(new FixedRandom(1));
        NodeIdentity b = NodeIdentity.generate(new FixedRandom(1));
        NodeIdentity c = NodeIdentity.generate(new FixedRandom(2));
        assertEquals(a.nodeId(), b.nodeId());
        assertNotEquals(a.nodeId(), c.nodeId());
        assertEquals(a, NodeIdentity.fromPrivateKey(a.seed()));
    }

    @Test
    void signaturesVerifyAndTamperingIsDetected() {
        NodeIdentity identity = NodeIdentity.generate(new FixedRandom(3));
        byte[] message = "agentmesh-noise-static:".getBytes(StandardCharsets.US_ASCII);
        byte[] signature = identity.sign(message);
        assertEquals(64, signature.length);
        assertTrue(Ed25519.verify(identity.publicKey(), message, signature));
        byte[] other = message.clone();
        other[0] ^= 1;
        assertFalse(Ed25519.verify(identity.publicKey(), other, signature));
        signature[10] ^= 1;
        assertFalse(Ed25519.verify(identity.publicKey(), message, signature));
    }

    @Test
    void publicKeyIsACopy() {
        NodeIdentity identity = NodeIdentity.fromPrivateKey(hex(SEED_1));
        byte[] key = identity.publicKey();
        key[0] ^= 1;
        assertEquals(PUBLIC_1, hex(identity.publicKey()));
    }

    @Test
    void toStringHidesThePrivateKey() {
        byte[] seed = hex(SEED_1);
        String text = NodeIdentity.fromPrivateKey(seed).toString();
        assertFalse(text.contains(SEED_1));
        assertFalse(text.contains(Base64Url.encode(seed)));
        assertFalse(text.toLowerCase().contains(SEED_1.substring(0, 8)));
        assertTrue(text.contains(NodeIdentity.fromPrivateKey(seed).nodeId().value()));
    }

    @Test
    void rejectsSeedsOfTheWrongLength() {
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.fromPrivateKey(new byte[31]));
        assertThrows(IllegalArgumentException.class, () -> NodeIdentity.fromPrivateKey(new byte[64]));
        assertThrows(NullPointerException.class, () -> NodeIdentity.fromPrivateKey(null));
    }

    @Test
    void verifyRejectsBadInputsWithoutThrowing() {
        NodeIdentity identity = NodeIdentity.fromPrivateKey(hex(SEED_1));
        byte[] signature = identity.sign(new byte[0]);
        assertFalse(Ed25519.verify(null, new byte[0], signature));
        assertFalse(Ed25519.verify(identity.publicKey(), null, signature));
        assertFalse(Ed25519.verify(identity.publicKey(), new byte[0], null));
        assertFalse(Ed25519.verify(Arrays.copyOf(identity.publicKey(), 31), new byte[0], signature));
        assertFalse(Ed25519.verify(identity.publicKey(), new byte[0], Arrays.copyOf(signature, 63)));
        assertFalse(Ed25519.verify(identity.publicKey(), new byte[0], Arrays.copyOf(signature, 65)));
        assertFalse(Ed25519.verify(new byte[32], new byte[0], signature));
        byte[] ff = new byte[32];
        Arrays.fill(ff, (byte) 0xff);
        assertFalse(Ed25519.verify(ff, new byte[0], signature));
    }

    @Test
    void verifyRejectsNonCanonicalS() {
        NodeIdentity identity = NodeIdentity.fromPrivateKey(hex(SEED_1));
        byte[] signature = identity.sign(new byte[0]);
        BigInteger l = BigInteger.TWO.pow(252).add(new BigInteger("27742317777372353535851937790883648493"));
        byte[] sLittle = Arrays.copyOfRange(signature, 32, 64);
        BigInteger s = new BigInteger(1, reverse(sLittle));
        byte[] sPlusL = reverse(toFixed(s.add(l), 32));
        byte[] malleable = signature.clone();
        System.arraycopy(sPlusL, 0, malleable, 32, 32);
        assertTrue(Ed25519.verify(identity.publicKey(), new byte[0], signature));
        assertFalse(Ed25519.verify(identity.publicKey(), new byte[0], malleable));
    }

    private static byte[] reverse(byte[] bytes) {
        byte[] out = new byte[bytes.length];
        for (int i = 0; i < bytes.length; i++) {
            out[i] = bytes[bytes.length - 1 - i];
        }
        return out;
    }

    private static byte[] toFixed(BigInteger value, int length) {
        byte[] raw = value.toByteArray();
        byte[] out = new byte[length];
        int copy = Math.min(raw.length, length);
        System.arraycopy(raw, raw.length - copy, out, length - copy, copy);
        return out;
    }
}
