package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.membership.Certificate;
import io.agentmesh.membership.SignedCertificate;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.transport.Membership;
import io.agentmesh.transport.TrustPolicy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MembershipFilesTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");

    private final FixedRandom random = new FixedRandom(3);
    private final NodeIdentity authority = NodeIdentity.generate(random);
    private final NodeIdentity node = NodeIdentity.generate(random);

    @TempDir
    Path dir;

    private TrustSettings trust(TrustPolicy.Mode mode) {
        return new TrustSettings(mode, true, List.of(), List.of(authority.publicKey()), Duration.ofMinutes(5));
    }

    private void writeCertificate(NodeIdentity holder, Instant notAfter) throws Exception {
        SignedCertificate cert = SignedCertificate.issue(authority, new Certificate("00112233445566778899aabbccddeeff",
                holder.publicKey(), List.of("edge"), NOW.minusSeconds(3600).getEpochSecond(), notAfter.getEpochSecond(),
                authority.publicKey()));
        Files.writeString(dir.resolve("membership.cert"), cert.toJson().toString());
    }

    @Test
    void certifiedLoadsTheNodesValidCertificate() throws Exception {
        writeCertificate(node, NOW.plusSeconds(86_400));
        Membership membership = MembershipFiles.load(trust(TrustPolicy.Mode.CERTIFIED), dir, node, NOW);
        assertEquals(List.of("edge"), membership.own().orElseThrow().certificate().groups());
        assertTrue(membership.verifier().isPresent());
    }

    @Test
    void certifiedWithoutACertificateDoesNotStart() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> MembershipFiles.load(trust(TrustPolicy.Mode.CERTIFIED), dir, node, NOW));
        assertTrue(e.getMessage().contains("membership.cert is missing"), e.getMessage());
    }

    @Test
    void certifiedWithAnExpiredOrForeignCertificateDoesNotStart() throws Exception {
        writeCertificate(node, NOW.minusSeconds(1800));
        IllegalStateException expired = assertThrows(IllegalStateException.class,
                () -> MembershipFiles.load(trust(TrustPolicy.Mode.CERTIFIED), dir, node, NOW));
        assertTrue(expired.getMessage().contains("expired"), expired.getMessage());
        writeCertificate(authority, NOW.plusSeconds(86_400));
        IllegalStateException other = assertThrows(IllegalStateException.class,
                () -> MembershipFiles.load(trust(TrustPolicy.Mode.CERTIFIED), dir, node, NOW));
        assertTrue(other.getMessage().contains("for another identity"), other.getMessage());
    }

    @Test
    void anUnreadableCertificateDoesNotStart() throws Exception {
        Files.writeString(dir.resolve("membership.cert"), "{\"body\":");
        assertThrows(IllegalStateException.class, () -> MembershipFiles.load(trust(TrustPolicy.Mode.OPEN), dir, node, NOW));
    }

    @Test
    void openModeWithoutAuthoritiesOrCertificateHasNeither() {
        TrustSettings open = new TrustSettings(TrustPolicy.Mode.OPEN, false, List.of(), List.of(), Duration.ofMinutes(5));
        Membership membership = MembershipFiles.load(open, dir, node, NOW);
        assertTrue(membership.verifier().isEmpty());
        assertTrue(membership.own().isEmpty());
    }
}
