package io.agentmesh.membership;

import static io.agentmesh.membership.MembershipFixtures.AUTHORITY;
import static io.agentmesh.membership.MembershipFixtures.FOREIGN;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationsTest {

    private static final String OTHER_SERIAL = "ffeeddccbbaa99887766554433221100";

    @TempDir
    Path dir;

    private Revocations load() {
        return Revocations.load(List.of(AUTHORITY.publicKey()), dir.resolve("revocations.json"));
    }

    private static JsonObject list(long seq, String... serials) {
        return SignedRevocationList.issue(AUTHORITY, new RevocationList(AUTHORITY.publicKey(), seq, 0, Set.of(serials)))
                .toJson();
    }

    @Test
    void theHighestSeqWinsAndAnOlderOrEqualIsStale() {
        Revocations revocations = load();
        List<Long> heard = new ArrayList<>();
        revocations.addListener(l -> heard.add(l.list().seq()));
        assertEquals(Revocations.Outcome.ACCEPTED, revocations.offer(list(2, MembershipFixtures.SERIAL)));
        assertEquals(Revocations.Outcome.STALE, revocations.offer(list(1, OTHER_SERIAL)));
        assertEquals(Revocations.Outcome.STALE, revocations.offer(list(2, OTHER_SERIAL)));
        assertTrue(revocations.isRevoked(MembershipFixtures.certificate()));
        assertEquals(Revocations.Outcome.ACCEPTED, revocations.offer(list(3)));
        assertFalse(revocations.isRevoked(MembershipFixtures.certificate()));
        assertEquals(List.of(2L, 3L), heard);
        assertEquals("revocations_stale", Revocations.Outcome.STALE.code());
    }

    @Test
    void anEnvelopeWithOtherMembersIsTakenAndHeard() {
        Revocations revocations = load();
        List<Long> heard = new ArrayList<>();
        revocations.addListener(l -> heard.add(l.list().seq()));
        JsonObject extended = Json.createObjectBuilder(list(7, MembershipFixtures.SERIAL)).add("note", "ignored").build();
        assertEquals(Revocations.Outcome.ACCEPTED, revocations.offer(extended));
        assertEquals(List.of(7L), heard);
    }

    @Test
    void aBadSignatureIsRefused() {
        Revocations revocations = load();
        JsonObject good = list(1, MembershipFixtures.SERIAL);
        byte[] sig = Base64Url.decode(good.getString("sig"));
        sig[0] ^= 1;
        JsonObject bad = Json.createObjectBuilder(good).add("sig", Base64Url.encode(sig)).build();
        assertEquals(Revocations.Outcome.BAD_SIGNATURE, revocations.offer(bad));
        assertEquals(-1, revocations.seq(AUTHORITY.publicKey()));
    }

    @Test
    void aForeignIssuerOrAMalformedListIsRefused() {
        Revocations revocations = load();
        JsonObject foreign = SignedRevocationList.issue(FOREIGN, new RevocationList(FOREIGN.publicKey(), 1, 0, Set.of()))
                .toJson();
        assertEquals(Revocations.Outcome.UNKNOWN_AUTHORITY, revocations.offer(foreign));
        assertEquals(Revocations.Outcome.MALFORMED, revocations.offer(Json.createObjectBuilder().add("body", "e30").build()));
        JsonObject negative = SignedEnvelope.sign(RevocationList.SIGNATURE_PREFIX, ("{\"v\":1,\"issuer\":\""
                + AUTHORITY.publicKeyBase64Url() + "\",\"seq\":-1,\"issued_at\":0,\"serials\":[]}").getBytes(), AUTHORITY).toJson();
        assertEquals(Revocations.Outcome.MALFORMED, revocations.offer(negative));
    }

    @Test
    void tooManySerialsIsMalformed() {
        StringBuilder body = new StringBuilder("{\"v\":1,\"issuer\":\"" + AUTHORITY.publicKeyBase64Url()
                + "\",\"seq\":1,\"issued_at\":0,\"serials\":[");
        for (int i = 0; i <= RevocationList.MAX_SERIALS; i++) {
            body.append(i == 0 ? "" : ",").append('"').append(String.format("%032x", i)).append('"');
        }
        body.append("]}");
        JsonObject envelope = SignedEnvelope.sign(RevocationList.SIGNATURE_PREFIX, body.toString().getBytes(), AUTHORITY)
                .toJson();
        assertEquals(Revocations.Outcome.MALFORMED, load().offer(envelope));
    }

    @Test
    void keptAcrossARestart() {
        load().offer(list(5, MembershipFixtures.SERIAL));
        Revocations again = load();
        assertEquals(5, again.seq(AUTHORITY.publicKey()));
        assertTrue(again.isRevoked(MembershipFixtures.certificate()));
        assertEquals(Revocations.Outcome.STALE, again.offer(list(4)));
    }

    @Test
    void anUnreadableFileStopsTheLoad() throws Exception {
        Files.writeString(dir.resolve("revocations.json"), "{\"lists\":");
        assertThrows(UncheckedIOException.class, this::load);
    }
}
