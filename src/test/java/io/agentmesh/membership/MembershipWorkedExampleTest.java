package io.agentmesh.membership;

import static io.agentmesh.membership.MembershipFixtures.AUTHORITY;
import static io.agentmesh.membership.MembershipFixtures.NODE;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The worked example of docs/protocol.md, "Membership certificates", byte for byte. */
class MembershipWorkedExampleTest {

    static final String AUTHORITY_KEY = "A6EHv_POEL4dcN0Y50vAmWfk1jCbpQ1fHdyGZBJVMbg";
    static final String NODE_KEY = "Kay64UG8yvCyLhqU000LxzYeUm0L_hLIl5S8kyKWbdc";
    static final String BODY = "{\"v\":1,\"serial\":\"000102030405060708090a0b0c0d0e0f\",\"identity\":\"" + NODE_KEY
            + "\",\"groups\":[\"edge\",\"tools\"],\"not_before\":1767225600,\"not_after\":1798761600,\"issuer\":\""
            + AUTHORITY_KEY + "\"}";
    static final String ENVELOPE = "{\"body\":\"eyJ2IjoxLCJzZXJpYWwiOiIwMDAxMDIwMzA0MDUwNjA3MDgwOTBhMGIwYzBkMGUwZiIsImlkZW50aXR5IjoiS2F5NjRVRzh5dkN5TGhxVTAwMEx4elllVW0wTF9oTElsNVM4a3lLV2JkYyIsImdyb3VwcyI6WyJlZGdlIiwidG9vbHMiXSwibm90X2JlZm9yZSI6MTc2NzIyNTYwMCwibm90X2FmdGVyIjoxNzk4NzYxNjAwLCJpc3N1ZXIiOiJBNkVIdl9QT0VMNGRjTjBZNTB2QW1XZmsxakNicFExZkhkeUdaQkpWTWJnIn0\","
            + "\"sig\":\"xuBKBhhRdHwBJes99f7kEDRQWEtKi_VqmUEN3r-sY3IeyPPD9QFAnchDG7rfh9Z1t3Fa27SiPkCvAaGm_vdXBQ\"}";
    static final String REVOCATION_BODY = "{\"v\":1,\"issuer\":\"" + AUTHORITY_KEY
            + "\",\"seq\":1,\"issued_at\":1767312000,\"serials\":[\"000102030405060708090a0b0c0d0e0f\"]}";
    static final String REVOCATION_ENVELOPE = "{\"body\":\"eyJ2IjoxLCJpc3N1ZXIiOiJBNkVIdl9QT0VMNGRjTjBZNTB2QW1XZmsxakNicFExZkhkeUdaQkpWTWJnIiwic2VxIjoxLCJpc3N1ZWRfYXQiOjE3NjczMTIwMDAsInNlcmlhbHMiOlsiMDAwMTAyMDMwNDA1MDYwNzA4MDkwYTBiMGMwZDBlMGYiXX0\","
            + "\"sig\":\"E_w2IohlPTIyiQVny6Cm3Xsv3hGiNhRccsQBrckesYRH2ghKlxB0aLgwgCuMBFy3HHtTimclTMNco5xeJ0W1BQ\"}";

    @Test
    void keysFromTheFixedSeeds() {
        assertEquals(AUTHORITY_KEY, AUTHORITY.publicKeyBase64Url());
        assertEquals(NODE_KEY, NODE.publicKeyBase64Url());
        assertEquals("24f6ed6acbfe1009c030d7ca567c33ca48309114", NODE.nodeId().value());
    }

    @Test
    void certificateBodyEnvelopeAndSignature() {
        SignedCertificate issued = SignedCertificate.issue(AUTHORITY, MembershipFixtures.certificate());
        assertEquals(BODY, new String(issued.envelope().body(), StandardCharsets.UTF_8));
        assertEquals(ENVELOPE, issued.toJson().toString());
        assertArrayEquals(AUTHORITY.sign(("agentmesh-cert:" + BODY).getBytes(StandardCharsets.UTF_8)),
                issued.envelope().sig());
    }

    @Test
    void theEnvelopeVerifiesForTheNodeIn2026(@TempDir Path dir) throws Exception {
        MembershipVerifier.Verdict verdict = MembershipFixtures.verifier(dir).verify(Base64Url.decode(NODE_KEY),
                Json.readStrictObject(ENVELOPE.getBytes(StandardCharsets.US_ASCII)), Instant.parse("2026-06-01T00:00:00Z"));
        assertTrue(verdict.valid(), verdict.detail());
        assertEquals(Set.of("edge", "tools"), verdict.groups());
    }

    @Test
    void revocationListBodyAndEnvelope(@TempDir Path dir) {
        SignedRevocationList issued = SignedRevocationList.issue(AUTHORITY, new RevocationList(AUTHORITY.publicKey(), 1,
                1_767_312_000L, Set.of(MembershipFixtures.SERIAL)));
        assertEquals(REVOCATION_BODY, new String(issued.envelope().body(), StandardCharsets.UTF_8));
        assertEquals(REVOCATION_ENVELOPE, issued.toJson().toString());
        Revocations revocations = Revocations.load(List.of(AUTHORITY.publicKey()), dir.resolve("revocations.json"));
        assertEquals(Revocations.Outcome.ACCEPTED,
                revocations.offer(Json.readStrictObject(REVOCATION_ENVELOPE.getBytes(StandardCharsets.US_ASCII))));
        assertTrue(revocations.isRevoked(MembershipFixtures.certificate()));
    }
}
