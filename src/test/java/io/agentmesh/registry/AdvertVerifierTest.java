package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.Ed25519;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.ManualClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The advert envelope and its verification (docs/registry.md §2.1–2.3). */
class AdvertVerifierTest {

    private final NodeIdentity alice = Fixtures.identity(1);
    private final NodeIdentity mallory = Fixtures.identity(2);
    private final AdvertVerifier verifier = new AdvertVerifier(RegistrySettings.defaults());

    @Test
    void issuedAdvertOpensWithAllItsFields() throws Exception {
        SignedAdvert signed = Fixtures.signed(alice, 42);
        SignedAdvert opened = verifier.open(signed.envelope());
        assertEquals(signed.advert(), opened.advert());
        assertEquals(alice.nodeId(), opened.advert().nodeId());
        assertEquals(42, opened.advert().seq());
        ToolAnnotations echo = opened.advert().agent("echo").orElseThrow().tool("echo").orElseThrow().annotations();
        assertEquals(new ToolAnnotations(true, false, true, false), echo);
        assertEquals(ToolAnnotations.NONE,
                opened.advert().agent("echo").orElseThrow().tool("shout").orElseThrow().annotations());
        assertEquals(1, opened.advert().agent("echo").orElseThrow().resources());
        assertEquals(2, opened.advert().agent("echo").orElseThrow().prompts());
    }

    @Test
    void envelopeHoldsBodyAndSignatureOverThePrefixedBodyBytes() {
        SignedAdvert signed = Fixtures.signed(alice, 7);
        assertEquals(2, signed.envelope().size());
        byte[] body = Base64Url.decode(signed.body());
        byte[] sig = Base64Url.decode(signed.sig());
        byte[] prefixed = concat("agentmesh-advert:".getBytes(StandardCharsets.US_ASCII), body);
        assertTrue(Ed25519.verify(alice.publicKey(), prefixed, sig));
        assertFalse(Ed25519.verify(alice.publicKey(), body, sig), "the prefix is part of what is signed");
        JsonObject json = Json.createReader(new java.io.StringReader(new String(body, StandardCharsets.UTF_8))).readObject();
        assertEquals(1, json.getInt("v"));
        assertEquals(alice.publicKeyBase64Url(), json.getString("identity"));
        assertEquals(alice.nodeId().value(), json.getString("node_id"));
        assertEquals(7, json.getJsonNumber("seq").longValue());
    }

    @Test
    void theExactBytesAreVerifiedSoAnyJsonLayoutIsAccepted() throws Exception {
        // another implementation's layout: spaces, members in another order, an unknown member
        String body = "{ \"seq\": 5, \"node_id\": \"" + alice.nodeId() + "\", \"identity\": \""
                + alice.publicKeyBase64Url() + "\", \"v\": 1, \"x-extra\": {\"a\": [1,2]},"
                + " \"agents\": [ {\"id\": \"echo\", \"tools\": [\"echo\"]} ],"
                + " \"issued_at_ms\": " + T0.toEpochMilli() + ", \"expires_at_ms\": " + (T0.toEpochMilli() + 60_000) + " }";
        SignedAdvert opened = verifier.open(sign(alice, body.getBytes(StandardCharsets.UTF_8)));
        assertEquals(5, opened.advert().seq());
        assertEquals(List.of("echo"), opened.advert().agent("echo").orElseThrow().toolNames());
        assertEquals(List.of(), opened.advert().addrs());
    }

    @Test
    void tamperedBodyIsRejected() {
        SignedAdvert signed = Fixtures.signed(alice, 7);
        String body = new String(Base64Url.decode(signed.body()), StandardCharsets.UTF_8);
        String tampered = body.replace("Echo service", "Evil service");
        JsonObject envelope = envelope(tampered.getBytes(StandardCharsets.UTF_8), Base64Url.decode(signed.sig()));
        assertRejected(AdvertRejection.BAD_SIGNATURE, envelope);
    }

    @Test
    void tamperedSignatureIsRejected() {
        SignedAdvert signed = Fixtures.signed(alice, 7);
        byte[] sig = Base64Url.decode(signed.sig());
        sig[10] ^= 1;
        assertRejected(AdvertRejection.BAD_SIGNATURE, envelope(Base64Url.decode(signed.body()), sig));
    }

    @Test
    void advertSignedByAnotherKeyIsRejected() {
        // body names alice's key and id, but mallory signs it
        Advert claim = Fixtures.advert(alice, 9, T0, Duration.ofMinutes(10), List.of(Fixtures.echoAgent()));
        assertRejected(AdvertRejection.BAD_SIGNATURE, AdvertIssuer.sign(mallory, claim).envelope());
    }

    @Test
    void forgedAdvertWithOwnKeyButVictimsNodeIdIsRejected() {
        // mallory signs correctly with her own key but claims alice's node id
        Advert forged = new Advert(mallory.publicKeyBase64Url(), alice.nodeId(), List.of(), List.of(Fixtures.echoAgent()),
                9, T0, T0.plusSeconds(600));
        assertRejected(AdvertRejection.NODE_ID_MISMATCH, AdvertIssuer.sign(mallory, forged).envelope());
    }

    @Test
    void malformedEnvelopesAreRejected() {
        SignedAdvert good = Fixtures.signed(alice, 7);
        assertRejected(AdvertRejection.MALFORMED, JsonValue.EMPTY_JSON_ARRAY);
        assertRejected(AdvertRejection.MALFORMED, Json.createValue("x"));
        assertRejected(AdvertRejection.MALFORMED, Json.createObjectBuilder().add("body", good.body()).build());
        assertRejected(AdvertRejection.MALFORMED, Json.createObjectBuilder().add("body", good.body()).add("sig", 5).build());
        assertRejected(AdvertRejection.MALFORMED, Json.createObjectBuilder().add("body", good.body() + "=").add("sig", good.sig()).build());
        assertRejected(AdvertRejection.MALFORMED, Json.createObjectBuilder().add("body", good.body()).add("sig", good.sig() + "+").build());
        assertRejected(AdvertRejection.MALFORMED, envelope(Base64Url.decode(good.body()), new byte[63]));
    }

    @Test
    void signedBodiesThatAreNotValidAdvertsAreRejected() {
        assertRejected(AdvertRejection.MALFORMED, sign(alice, "not json".getBytes(StandardCharsets.UTF_8)));
        assertRejected(AdvertRejection.MALFORMED, sign(alice, "[1]".getBytes(StandardCharsets.UTF_8)));
        assertRejected(AdvertRejection.MALFORMED, sign(alice, new byte[] {'{', '"', (byte) 0xC3, '"', '}'}));
        String base = "\"identity\":\"" + alice.publicKeyBase64Url() + "\",\"node_id\":\"" + alice.nodeId()
                + "\",\"agents\":[],\"issued_at_ms\":1,\"expires_at_ms\":2";
        assertRejected(AdvertRejection.MALFORMED, sign(alice, ("{\"v\":2,\"seq\":1," + base + "}").getBytes(StandardCharsets.UTF_8)));
        assertRejected(AdvertRejection.MALFORMED, sign(alice, ("{\"v\":1,\"seq\":0," + base + "}").getBytes(StandardCharsets.UTF_8)));
        assertRejected(AdvertRejection.MALFORMED, sign(alice, ("{\"v\":1,\"seq\":1.5," + base + "}").getBytes(StandardCharsets.UTF_8)));
        assertRejected(AdvertRejection.MALFORMED, sign(alice, ("{\"v\":1," + base + "}").getBytes(StandardCharsets.UTF_8)));
        assertRejected(AdvertRejection.MALFORMED,
                sign(alice, ("{\"v\":1,\"seq\":1,\"seq\":9," + base + "}").getBytes(StandardCharsets.UTF_8)),
                "duplicate member names are refused");
        assertRejected(AdvertRejection.MALFORMED, sign(alice, ("{\"v\":1,\"seq\":1," + base.replace("\"agents\":[]",
                "\"agents\":[{\"id\":\"bad id\"}]") + "}").getBytes(StandardCharsets.UTF_8)));
        assertRejected(AdvertRejection.MALFORMED, sign(alice, ("{\"v\":1,\"seq\":1," + base.replace("\"agents\":[]",
                "\"agents\":[],\"addrs\":[\"http://x\"]") + "}").getBytes(StandardCharsets.UTF_8)));
    }

    /**
     * Found after fuzzing found the same fault in IdentityPayload: the JSON provider threw
     * NumberFormatException on a number whose exponent BigDecimal cannot hold, out of open().
     */
    @Test
    void aBodyWithANumberTooLongToReadIsRejected() {
        assertRejected(AdvertRejection.MALFORMED,
                sign(alice, "{\"v\":1E29999999999999999999999999}".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void oversizeBodyIsRejected() {
        AdvertVerifier small = new AdvertVerifier(300);
        AdvertRejectedException e = assertThrows(AdvertRejectedException.class,
                () -> small.open(Fixtures.signed(alice, 7).envelope()));
        assertEquals(AdvertRejection.TOO_LARGE, e.reason());
    }

    @Test
    void issuerSequenceGrowsAndHonoursObservedSequences() {
        ManualClock clock = new ManualClock(T0);
        AdvertIssuer issuer = new AdvertIssuer(alice, clock, Duration.ofMinutes(10));
        SignedAdvert a = issuer.issue(List.of(), List.of());
        SignedAdvert b = issuer.issue(List.of(), List.of());
        assertEquals(T0.toEpochMilli(), a.advert().seq());
        assertEquals(T0.toEpochMilli() + 1, b.advert().seq(), "same millisecond: one more");
        issuer.observe(T0.toEpochMilli() + 1000);
        assertEquals(T0.toEpochMilli() + 1001, issuer.issue(List.of(), List.of()).advert().seq());
        clock.advance(Duration.ofSeconds(5));
        SignedAdvert c = issuer.issue(List.of(), List.of());
        assertEquals(T0.plusSeconds(5).toEpochMilli(), c.advert().seq());
        assertEquals(T0.plusSeconds(5).plus(Duration.ofMinutes(10)), c.advert().expiresAt());
    }

    @Test
    void signaturesAreDeterministicOverTheSameBytes() {
        SignedAdvert a = Fixtures.signed(alice, 7);
        SignedAdvert b = Fixtures.signed(alice, 7);
        assertArrayEquals(Base64Url.decode(a.sig()), Base64Url.decode(b.sig()));
        assertTrue(a.sameBytes(b));
    }

    private void assertRejected(AdvertRejection reason, JsonValue envelope) {
        assertRejected(reason, envelope, null);
    }

    private void assertRejected(AdvertRejection reason, JsonValue envelope, String message) {
        AdvertRejectedException e = assertThrows(AdvertRejectedException.class, () -> verifier.open(envelope), message);
        assertEquals(reason, e.reason(), e.getMessage());
    }

    private static JsonObject sign(NodeIdentity signer, byte[] body) {
        return envelope(body, signer.sign(AdvertVerifier.signedBytes(body)));
    }

    private static JsonObject envelope(byte[] body, byte[] sig) {
        return AdvertIssuer.envelope(body, sig);
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
