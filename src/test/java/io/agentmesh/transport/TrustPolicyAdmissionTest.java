package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.membership.Certificate;
import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.membership.Refusal;
import io.agentmesh.membership.RevocationList;
import io.agentmesh.membership.Revocations;
import io.agentmesh.membership.SignedCertificate;
import io.agentmesh.membership.SignedRevocationList;
import io.agentmesh.testsupport.FixedRandom;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link TrustPolicy#admit}, the one judgement of a peer that links and end-to-end sessions share, and
 * {@link TrustPolicy#stillAdmits}, its cheap repetition after a change of the policy.
 */
class TrustPolicyAdmissionTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String SERIAL = "00112233445566778899aabbccddeeff";

    private final FixedRandom random = new FixedRandom(7);
    private final NodeIdentity authority = NodeIdentity.generate(random);
    private final NodeIdentity peer = NodeIdentity.generate(random);

    @TempDir
    Path dir;

    private TrustPolicy policy(TrustPolicy.Mode mode) {
        MembershipVerifier verifier = new MembershipVerifier(
                Revocations.load(List.of(authority.publicKey()), dir.resolve("revocations.json")), Duration.ofMinutes(5));
        return new TrustPolicy(mode, List.of(), new Membership(Optional.of(verifier), Optional.empty()));
    }

    private IdentityPayload payload(Instant notAfter) {
        SignedCertificate cert = SignedCertificate.issue(authority, new Certificate(SERIAL, peer.publicKey(),
                List.of("edge"), NOW.minus(Duration.ofDays(1)).getEpochSecond(), notAfter.getEpochSecond(),
                authority.publicKey()));
        return IdentityPayload.create(peer, new byte[32], List.of(), "test", cert.toJson());
    }

    @Test
    void aMemberIsAdmittedWithItsCertificateUntilItExpiresOrIsRevoked() throws Exception {
        TrustPolicy trust = policy(TrustPolicy.Mode.CERTIFIED);
        Certificate certificate = trust.admit(payload(NOW.plus(Duration.ofDays(1))), NOW);
        assertEquals(List.of("edge"), certificate.groups());
        assertTrue(trust.stillAdmits(peer.nodeId(), certificate, NOW));
        assertFalse(trust.stillAdmits(peer.nodeId(), certificate, NOW.plus(Duration.ofDays(2))), "expired");
        trust.membership().verifier().orElseThrow().revocations().offer(SignedRevocationList.issue(authority,
                new RevocationList(authority.publicKey(), 1, NOW.getEpochSecond(), Set.of(SERIAL))).toJson());
        assertFalse(trust.stillAdmits(peer.nodeId(), certificate, NOW), "revoked");
        PeerRefusedException e = assertThrows(PeerRefusedException.class,
                () -> trust.admit(payload(NOW.plus(Duration.ofDays(1))), NOW));
        assertEquals("membership certificate revoked", e.getMessage());
        assertEquals(Optional.of(Refusal.REVOKED), e.certificate());
    }

    @Test
    void aBlockedPeerIsNoLongerAdmittedInAnyMode() throws Exception {
        TrustPolicy trust = policy(TrustPolicy.Mode.OPEN);
        IdentityPayload member = payload(NOW.plus(Duration.ofDays(1)));
        Certificate certificate = trust.admit(member, NOW);
        assertTrue(trust.stillAdmits(peer.nodeId(), certificate, NOW));
        trust.block(peer.nodeId());
        assertFalse(trust.stillAdmits(peer.nodeId(), certificate, NOW));
        assertEquals("peer refused by trust policy",
                assertThrows(PeerRefusedException.class, () -> trust.admit(member, NOW)).getMessage());
    }

    @Test
    void withoutACertificateAPeerIsAdmittedOutsideCertifiedModeOnly() throws Exception {
        IdentityPayload bare = IdentityPayload.create(peer, new byte[32], List.of(), "test");
        TrustPolicy open = policy(TrustPolicy.Mode.OPEN);
        assertNull(open.admit(bare, NOW));
        assertTrue(open.stillAdmits(peer.nodeId(), null, NOW));
        TrustPolicy certified = policy(TrustPolicy.Mode.CERTIFIED);
        assertEquals(Optional.of(Refusal.MISSING),
                assertThrows(PeerRefusedException.class, () -> certified.admit(bare, NOW)).certificate());
        assertFalse(certified.stillAdmits(peer.nodeId(), null, NOW));
    }
}
