package io.agentmesh.membership;

import static io.agentmesh.membership.MembershipFixtures.AUTHORITY;
import static io.agentmesh.membership.MembershipFixtures.FOREIGN;
import static io.agentmesh.membership.MembershipFixtures.NODE;
import static io.agentmesh.membership.MembershipFixtures.NOT_AFTER;
import static io.agentmesh.membership.MembershipFixtures.NOT_BEFORE;
import static io.agentmesh.membership.MembershipFixtures.OTHER_NODE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembershipVerifierTest {

    private static final Instant MID_2026 = Instant.parse("2026-06-01T00:00:00Z");

    @TempDir
    Path dir;

    private MembershipVerifier verifier;

    @BeforeEach
    void create() {
        verifier = MembershipFixtures.verifier(dir);
    }

    private JsonObject issued(Certificate certificate) {
        return SignedCertificate.issue(AUTHORITY, certificate).toJson();
    }

    private Refusal refusal(JsonValue envelope, Instant now) {
        MembershipVerifier.Verdict verdict = verifier.verify(NODE.publicKey(), envelope, now);
        assertFalse(verdict.valid());
        assertEquals(Set.of(), verdict.groups());
        return verdict.refusal();
    }

    @Test
    void validWithinItsTimeAndTheSkew() {
        JsonObject envelope = issued(MembershipFixtures.certificate());
        assertTrue(verifier.verify(NODE.publicKey(), envelope, MID_2026).valid());
        assertTrue(verifier.verify(NODE.publicKey(), envelope, Instant.ofEpochSecond(NOT_BEFORE - 60)).valid());
        assertTrue(verifier.verify(NODE.publicKey(), envelope, Instant.ofEpochSecond(NOT_AFTER + 59)).valid());
    }

    @Test
    void missing() {
        assertEquals(Refusal.MISSING, refusal(null, MID_2026));
        assertEquals(Refusal.MISSING, refusal(JsonValue.NULL, MID_2026));
    }

    @Test
    void expired() {
        assertEquals(Refusal.EXPIRED, refusal(issued(MembershipFixtures.certificate()), Instant.ofEpochSecond(NOT_AFTER + 60)));
    }

    @Test
    void notYetValid() {
        assertEquals(Refusal.NOT_YET_VALID,
                refusal(issued(MembershipFixtures.certificate()), Instant.ofEpochSecond(NOT_BEFORE - 61)));
    }

    @Test
    void wronglySigned() {
        SignedCertificate issued = SignedCertificate.issue(AUTHORITY, MembershipFixtures.certificate());
        byte[] sig = issued.envelope().sig();
        sig[10] ^= 1;
        JsonObject tampered = Json.createObjectBuilder(issued.toJson()).add("sig", Base64Url.encode(sig)).build();
        assertEquals(Refusal.BAD_SIGNATURE, refusal(tampered, MID_2026));
    }

    @Test
    void signedByAnotherKeyThanItsIssuer() {
        SignedEnvelope forged = SignedEnvelope.sign(Certificate.SIGNATURE_PREFIX, MembershipFixtures.certificate().toBody(),
                FOREIGN);
        assertEquals(Refusal.BAD_SIGNATURE, refusal(forged.toJson(), MID_2026));
    }

    @Test
    void signedWithTheRevocationPrefixIsBad() {
        SignedEnvelope other = SignedEnvelope.sign(RevocationList.SIGNATURE_PREFIX, MembershipFixtures.certificate().toBody(),
                AUTHORITY);
        assertEquals(Refusal.BAD_SIGNATURE, refusal(other.toJson(), MID_2026));
    }

    @Test
    void foreignAuthority() {
        JsonObject foreign = SignedCertificate.issue(FOREIGN,
                MembershipFixtures.certificate(FOREIGN, NODE, NOT_BEFORE, NOT_AFTER)).toJson();
        assertEquals(Refusal.UNKNOWN_AUTHORITY, refusal(foreign, MID_2026));
    }

    @Test
    void anotherIdentity() {
        JsonObject other = issued(MembershipFixtures.certificate(AUTHORITY, OTHER_NODE, NOT_BEFORE, NOT_AFTER));
        assertEquals(Refusal.OTHER_IDENTITY, refusal(other, MID_2026));
    }

    @Test
    void revoked() {
        JsonObject envelope = issued(MembershipFixtures.certificate());
        verifier.revocations().offer(SignedRevocationList.issue(AUTHORITY, new RevocationList(AUTHORITY.publicKey(), 1, 0,
                Set.of(MembershipFixtures.SERIAL))).toJson());
        assertEquals(Refusal.REVOKED, refusal(envelope, MID_2026));
        assertEquals(Refusal.REVOKED, verifier.recheck(MembershipFixtures.certificate(), MID_2026).refusal());
    }

    @Test
    void malformedEnvelopes() {
        String body = Base64Url.encode(MembershipFixtures.certificate().toBody());
        String sig = Base64Url.encode(new byte[64]);
        for (JsonValue bad : new JsonValue[] {
                Json.createValue("x"),
                Json.createArrayBuilder().build(),
                Json.createObjectBuilder().add("body", body).build(),
                Json.createObjectBuilder().add("body", body).add("sig", 7).build(),
                Json.createObjectBuilder().add("body", body + "=").add("sig", sig).build(),
                Json.createObjectBuilder().add("body", body).add("sig", Base64Url.encode(new byte[63])).build(),
                envelope("[]"),
                envelope("{\"v\":2}"),
                envelope("{\"v\":1,\"serial\":\"ABC\"}"),
                envelope(new String(MembershipFixtures.certificate().toBody()).replace("\"tools\"", "\"Tools\"")),
                envelope(new String(MembershipFixtures.certificate().toBody()).replace("\"tools\"", "\"edge\"")),
                envelope(new String(MembershipFixtures.certificate().toBody()).replace("1798761600", "1767225600")),
                envelope(new String(MembershipFixtures.certificate().toBody()).replace("1798761600", "9007199254740992")),
                envelope("{\"v\":1} x"),
                Json.createObjectBuilder().add("body", Base64Url.encode(new byte[4097])).add("sig", sig).build()}) {
            assertEquals(Refusal.MALFORMED, refusal(bad, MID_2026), bad.toString());
        }
    }

    @Test
    void unknownMembersOfTheBodyAreIgnored() {
        String body = new String(MembershipFixtures.certificate().toBody()).replace("{\"v\":1,", "{\"v\":1,\"extra\":[1],");
        SignedEnvelope signed = SignedEnvelope.sign(Certificate.SIGNATURE_PREFIX, body.getBytes(), AUTHORITY);
        assertTrue(verifier.verify(NODE.publicKey(), signed.toJson(), MID_2026).valid());
    }

    private static JsonObject envelope(String body) {
        return SignedEnvelope.sign(Certificate.SIGNATURE_PREFIX, body.getBytes(), AUTHORITY).toJson();
    }
}
