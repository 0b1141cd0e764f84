package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.FixedRandom;
import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class IdentityPayloadTest {

    private final FixedRandom random = new FixedRandom(7);
    private final NodeIdentity node = NodeIdentity.generate(random);
    private final byte[] staticKey = LinkHandshake.SUITE.generateKeyPair(random).publicKey();
    private final IdentityPayload payload = IdentityPayload.create(node, staticKey,
            List.of("ws://127.0.0.1:9080/mesh"), "agentmesh-java/0.1.0");

    private String id() {
        return Base64Url.encode(node.publicKey());
    }

    private String sig() {
        return Base64Url.encode(payload.sig());
    }

    private static void assertRejected(String json) {
        LinkProtocolException e = assertThrows(LinkProtocolException.class,
                () -> IdentityPayload.parse(json.getBytes(StandardCharsets.UTF_8)), json);
        assertEquals(CloseCodes.HANDSHAKE_FAILED, e.closeCode());
    }

    @Test
    void roundTripsAndVerifies() throws Exception {
        IdentityPayload parsed = IdentityPayload.parse(payload.toJson());
        assertEquals(payload, parsed);
        assertEquals(node.nodeId(), parsed.nodeId());
        assertEquals(List.of("ws://127.0.0.1:9080/mesh"), parsed.addrs());
        assertDoesNotThrow(() -> parsed.verify(staticKey));
    }

    @Test
    void carriesTheCertificateEnvelopeUnchanged() throws Exception {
        jakarta.json.JsonObject cert = io.agentmesh.json.Json.createObjectBuilder().add("body", "e30").add("sig", "AA")
                .add("extra", 1).build();
        IdentityPayload withCert = IdentityPayload.create(node, staticKey, List.of(), null, cert);
        IdentityPayload parsed = IdentityPayload.parse(withCert.toJson());
        assertEquals(cert, parsed.cert());
        assertDoesNotThrow(() -> parsed.verify(staticKey));
        assertNull(IdentityPayload.parse(payload.toJson()).cert());
    }

    @Test
    void listsFeaturesAndLeavesTheMemberOutWhenThereAreNone() throws Exception {
        IdentityPayload withFeatures = IdentityPayload.create(node, staticKey, List.of(), null, null,
                List.of(IdentityPayload.BINARY_BOX, "some-later-feature"));
        assertTrue(new String(withFeatures.toJson(), StandardCharsets.UTF_8)
                .endsWith(",\"features\":[\"binary-box\",\"some-later-feature\"]}"));
        assertEquals(List.of("binary-box", "some-later-feature"), IdentityPayload.parse(withFeatures.toJson()).features());
        assertFalse(new String(payload.toJson(), StandardCharsets.UTF_8).contains("features"));
        assertEquals(List.of(), IdentityPayload.parse(payload.toJson()).features());
    }

    @Test
    void featuresOverTheirLimitsOrOfTheWrongTypeAreAHandshakeFailure() {
        assertRejected(signedWith(",\"features\":\"binary-box\""));
        assertRejected(signedWith(",\"features\":[1]"));
        assertRejected(signedWith(",\"features\":[\"\"]"));
        assertRejected(signedWith(",\"features\":[\"" + "f".repeat(IdentityPayload.MAX_FEATURE_BYTES + 1) + "\"]"));
        assertRejected(signedWith(",\"features\":[" + String.join(",",
                Collections.nCopies(IdentityPayload.MAX_FEATURES + 1, "\"f\"")) + "]"));
        assertThrows(IllegalArgumentException.class, () -> IdentityPayload.create(node, staticKey, List.of(), null, null,
                Collections.nCopies(IdentityPayload.MAX_FEATURES + 1, "f")));
        assertDoesNotThrow(() -> IdentityPayload.parse(signedWith(",\"features\":[" + String.join(",",
                Collections.nCopies(IdentityPayload.MAX_FEATURES, "\"" + "f".repeat(64) + "\"")) + "]")
                .getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aCertificateOverItsLimitIsAHandshakeFailure() {
        jakarta.json.JsonObject big = io.agentmesh.json.Json.createObjectBuilder()
                .add("body", "A".repeat(IdentityPayload.MAX_CERT_CHARS)).add("sig", "AA").build();
        byte[] json = new String(payload.toJson(), StandardCharsets.UTF_8).replace("{\"v\":1", "{\"cert\":" + big + ",\"v\":1")
                .getBytes(StandardCharsets.UTF_8);
        LinkProtocolException e = assertThrows(LinkProtocolException.class, () -> IdentityPayload.parse(json));
        assertEquals(CloseCodes.HANDSHAKE_FAILED, e.closeCode());
    }

    @Test
    void signatureCoversTheContextAndTheStaticKey() {
        byte[] signed = IdentityPayload.signedBytes(staticKey);
        assertEquals(23 + 32, signed.length);
        assertEquals("agentmesh-noise-static:", new String(signed, 0, 23, StandardCharsets.US_ASCII));
        assertArrayEquals(node.sign(signed), payload.sig());
    }

    @Test
    void wrongStaticKeyFailsVerification() {
        byte[] other = staticKey.clone();
        other[0] ^= 1;
        assertEquals(CloseCodes.HANDSHAKE_FAILED,
                assertThrows(LinkProtocolException.class, () -> payload.verify(other)).closeCode());
        assertThrows(LinkProtocolException.class, () -> payload.verify(new byte[31]));
    }

    @Test
    void tamperedSignatureFails() throws Exception {
        byte[] sig = payload.sig();
        sig[5] ^= 0x40;
        String json = "{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + Base64Url.encode(sig) + "\"}";
        IdentityPayload parsed = IdentityPayload.parse(json.getBytes(StandardCharsets.UTF_8));
        assertThrows(LinkProtocolException.class, () -> parsed.verify(staticKey));
    }

    @Test
    void minimalPayloadHasEmptyAddrsAndIgnoresUnknownMembers() throws Exception {
        String json = "{\"sig\":\"" + sig() + "\",\"x-extra\":{\"a\":[1,2]},\"identity\":\"" + id() + "\",\"v\":1}";
        IdentityPayload parsed = IdentityPayload.parse(json.getBytes(StandardCharsets.UTF_8));
        assertEquals(List.of(), parsed.addrs());
        assertNull(parsed.software());
        parsed.verify(staticKey);
    }

    @Test
    void missingRequiredMembersAreRejected() {
        assertRejected("{\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\"}");
        assertRejected("{\"v\":1,\"sig\":\"" + sig() + "\"}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\"}");
    }

    @Test
    void versionMustBeOne() {
        for (String v : new String[] {"2", "0", "1.5", "\"1\"", "null", "true"}) {
            assertRejected("{\"v\":" + v + ",\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\"}");
        }
    }

    @Test
    void badBase64UrlIsRejected() {
        String padded = Base64Url.encode(node.publicKey()) + "=";
        assertRejected("{\"v\":1,\"identity\":\"" + padded + "\",\"sig\":\"" + sig() + "\"}");
        String std = id().replace('-', '+').replace('_', '/');
        if (!std.equals(id())) {
            assertRejected("{\"v\":1,\"identity\":\"" + std + "\",\"sig\":\"" + sig() + "\"}");
        }
        assertRejected("{\"v\":1,\"identity\":\" " + id() + "\",\"sig\":\"" + sig() + "\"}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "!\"}");
    }

    @Test
    void wrongLengthsAreRejected() {
        assertRejected("{\"v\":1,\"identity\":\"" + Base64Url.encode(new byte[31]) + "\",\"sig\":\"" + sig() + "\"}");
        assertRejected("{\"v\":1,\"identity\":\"" + Base64Url.encode(new byte[33]) + "\",\"sig\":\"" + sig() + "\"}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + Base64Url.encode(new byte[63]) + "\"}");
    }

    @Test
    void badJsonIsRejected() {
        assertRejected("");
        assertRejected("{");
        assertRejected("[]");
        assertRejected("\"v\"");
        assertRejected("{\"v\":1,}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\"} {}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\",\"addrs\":\"ws://x\"}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\",\"addrs\":[1]}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\",\"software\":5}");
        assertRejected("{\"v\":1,\"identity\":5,\"sig\":\"" + sig() + "\"}");
    }

    /** Found by fuzzing (LinkFuzzTest#identityPayload): the JSON provider threw NumberFormatException. */
    @Test
    void aNumberWithAnExponentTooLongToReadIsRejected() {
        assertRejected("{\"v\":1E29999999999999999999999999,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\"}");
        assertRejected("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\",\"x\":[1e99999999999]}");
    }

    @Test
    void badUtf8IsRejected() {
        byte[] json = ("{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\",\"software\":\"xx\"}")
                .getBytes(StandardCharsets.UTF_8);
        json[json.length - 3] = (byte) 0xc3; // a lead byte followed by an ASCII byte
        LinkProtocolException e = assertThrows(LinkProtocolException.class, () -> IdentityPayload.parse(json));
        assertEquals(CloseCodes.HANDSHAKE_FAILED, e.closeCode());
    }

    /** A payload with a valid signature and these members after it (JSON text, leading comma included). */
    private String signedWith(String members) {
        return "{\"v\":1,\"identity\":\"" + id() + "\",\"sig\":\"" + sig() + "\"" + members + "}";
    }

    private static String addrs(List<String> addrs) {
        return ",\"addrs\":[" + String.join(",", addrs.stream().map(a -> "\"" + a + "\"").toList()) + "]";
    }

    /** A ws:// URL of exactly {@code bytes} UTF-8 bytes, its path padded with {@code pad}. */
    private static String addrOfBytes(int bytes, String pad) {
        String base = "ws://h.example/";
        int padBytes = pad.getBytes(StandardCharsets.UTF_8).length;
        return base + pad.repeat((bytes - base.length()) / padBytes) + "a".repeat((bytes - base.length()) % padBytes);
    }

    @Test
    void addrsAndSoftwareAtTheirLimitsAreAccepted() throws Exception {
        List<String> sixteen = Collections.nCopies(16, addrOfBytes(256, "a"));
        IdentityPayload parsed = IdentityPayload.parse(
                signedWith(addrs(sixteen) + ",\"software\":\"" + "s".repeat(128) + "\"").getBytes(StandardCharsets.UTF_8));
        assertEquals(sixteen, parsed.addrs());
        assertEquals(128, parsed.software().length());
        parsed.verify(staticKey);
        String nonAscii = addrOfBytes(256, "é");
        assertEquals(List.of(nonAscii), IdentityPayload.parse(signedWith(addrs(List.of(nonAscii)))
                .getBytes(StandardCharsets.UTF_8)).addrs());
        assertEquals(List.of("wss://node.example:443/mesh?x=1"),
                IdentityPayload.parse(signedWith(addrs(List.of("wss://node.example:443/mesh?x=1")))
                        .getBytes(StandardCharsets.UTF_8)).addrs());
    }

    @Test
    void aPayloadOverTheLimitsIsAHandshakeFailure() {
        assertRejected(signedWith(addrs(Collections.nCopies(17, "ws://h.example/mesh"))));
        assertRejected(signedWith(addrs(List.of(addrOfBytes(257, "a")))));
        String twoByteChars = addrOfBytes(258, "é");
        assertTrue(twoByteChars.length() <= 256, "at most 256 characters, over 256 bytes");
        assertRejected(signedWith(addrs(List.of(twoByteChars))));
        assertRejected(signedWith(",\"software\":\"" + "s".repeat(129) + "\""));
        assertRejected(signedWith(",\"software\":\"" + "é".repeat(65) + "\""));
    }

    @Test
    void anAddrThatIsNoWebSocketUrlIsAHandshakeFailure() {
        for (String bad : List.of("http://h.example/mesh", "h.example:9080", "ws://u@h.example/mesh",
                "ws://h.example/mesh#" + node.nodeId(), "", "ws:///mesh")) {
            assertRejected(signedWith(addrs(List.of("ws://ok.example/mesh", bad))));
        }
    }

    @Test
    void noPayloadOverTheLimitsIsMade() {
        assertThrows(IllegalArgumentException.class, () -> IdentityPayload.create(node, staticKey,
                Collections.nCopies(17, "ws://h.example/mesh"), null));
        assertThrows(IllegalArgumentException.class, () -> IdentityPayload.create(node, staticKey,
                List.of(addrOfBytes(257, "a")), null));
        assertThrows(IllegalArgumentException.class, () -> IdentityPayload.create(node, staticKey,
                List.of("http://h.example/mesh"), null));
        assertThrows(IllegalArgumentException.class, () -> IdentityPayload.create(node, staticKey,
                List.of(), "s".repeat(129)));
    }
}
