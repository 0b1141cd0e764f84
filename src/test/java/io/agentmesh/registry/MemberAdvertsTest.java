package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.membership.Certificate;
import io.agentmesh.membership.MembershipVerifier;
import io.agentmesh.membership.RevocationList;
import io.agentmesh.membership.Revocations;
import io.agentmesh.membership.SignedCertificate;
import io.agentmesh.membership.SignedRevocationList;
import io.agentmesh.registry.sim.SimNetwork;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.transport.Membership;
import io.agentmesh.transport.TrustPolicy;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Adverts carry their node's membership certificate, and in certified trust mode the registry holds
 * only members' adverts and drops those whose certificate is revoked or expires (docs/registry.md §2.2,
 * §2.5).
 */
class MemberAdvertsTest {

    private static final NodeIdentity AUTHORITY = Fixtures.identity(100);
    private static final NodeIdentity FOREIGN_AUTHORITY = Fixtures.identity(101);
    private static final long DAY = 86_400;

    private final NodeIdentity self = Fixtures.identity(1);
    private final NodeIdentity member = Fixtures.identity(2);
    private final NodeIdentity stranger = Fixtures.identity(3);
    private final ManualClock clock = new ManualClock(T0.plusSeconds(1));
    private final RegistrySettings settings = RegistrySettings.defaults();
    private TrustPolicy policy;
    private Registry registry;

    @TempDir
    Path dir;

    @BeforeEach
    void setUp() {
        MembershipVerifier verifier = new MembershipVerifier(
                Revocations.load(List.of(AUTHORITY.publicKey()), dir.resolve("revocations.json")), Duration.ZERO);
        policy = new TrustPolicy(TrustPolicy.Mode.CERTIFIED, List.of(), new Membership(Optional.of(verifier),
                Optional.of(certificate(AUTHORITY, self, "01", T0.getEpochSecond() - DAY, T0.getEpochSecond() + DAY))));
        registry = new Registry(self.nodeId(), settings, clock, new AdvertVerifier(settings), n -> 1.0,
                new PolicyAdvertTrust(policy));
        policy.addChangeListener(registry::dropUntrusted);
    }

    private static SignedCertificate certificate(NodeIdentity authority, NodeIdentity node, String serial,
                                                 long notBefore, long notAfter) {
        return SignedCertificate.issue(authority, new Certificate(serial.repeat(16), node.publicKey(), List.of("edge"),
                notBefore, notAfter, authority.publicKey()));
    }

    /** A certificate of AUTHORITY for {@code node} valid for a day either side of T0. */
    private static SignedCertificate certificate(NodeIdentity node, String serial) {
        return certificate(AUTHORITY, node, serial, T0.getEpochSecond() - DAY, T0.getEpochSecond() + DAY);
    }

    private SignedAdvert advert(NodeIdentity node, SignedCertificate cert) {
        return new AdvertIssuer(node, clock, Duration.ofMinutes(10), cert == null ? null : cert.toJson())
                .issue(List.of(), List.of(Fixtures.echoAgent()));
    }

    @Test
    void anAdvertCarriesItsNodesCertificateAndAMembersAdvertIsHeld() throws Exception {
        SignedCertificate cert = certificate(member, "02");
        SignedAdvert signed = advert(member, cert);
        SignedAdvert opened = new AdvertVerifier(settings).open(signed.envelope());
        assertEquals(cert.toJson(), opened.advert().cert(), "the body member cert is the certificate's envelope");
        assertTrue(registry.offer(signed.envelope(), member.nodeId(), true).isAccepted());
        assertEquals(Set.of(member.nodeId()), Set.copyOf(registry.replicas("echo")));
    }

    @Test
    void aNodePublishesItsCertificateInItsAdverts() {
        SignedCertificate cert = certificate(member, "02");
        RegistryNode node = new RegistryNode(member, settings, clock, new Random(1),
                new SimNetwork(false).transportFor(member.nodeId()), new AdvertVerifier(settings), null,
                new PolicyAdvertTrust(policy), cert.toJson());
        SignedAdvert own = node.publish(List.of(), List.of(Fixtures.echoAgent()));
        assertEquals(cert.toJson(), own.advert().cert());
        assertTrue(registry.offer(own.envelope()).isAccepted());
    }

    @Test
    void anAdvertWithoutAValidCertificateForItsIdentityIsRefused() {
        long now = T0.getEpochSecond();
        List<SignedAdvert> refused = List.of(
                advert(stranger, null),
                advert(stranger, certificate(AUTHORITY, stranger, "03", now - 2 * DAY, now - DAY)),
                advert(stranger, certificate(FOREIGN_AUTHORITY, stranger, "04", now - DAY, now + DAY)),
                advert(stranger, certificate(member, "05")));
        List<String> details = List.of("missing", "expired", "unknown authority", "for another identity");
        for (int i = 0; i < refused.size(); i++) {
            OfferResult r = registry.offer(refused.get(i).envelope(), member.nodeId(), true);
            assertEquals(AdvertRejection.NOT_MEMBER, r.reason());
            assertTrue(r.detail().startsWith("membership certificate " + details.get(i)), r.detail());
        }
        assertEquals(4, registry.rejectionCount(AdvertRejection.NOT_MEMBER));
        assertEquals(0, registry.size());
    }

    @Test
    void aRevocationListDropsTheAdvertsOfTheMembersItNames() {
        assertTrue(registry.offer(advert(self, policy.membership().own().orElseThrow())).isAccepted());
        assertTrue(registry.offer(advert(member, certificate(member, "02")).envelope()).isAccepted());
        assertTrue(registry.offer(advert(stranger, certificate(stranger, "03")).envelope()).isAccepted());
        policy.membership().verifier().orElseThrow().revocations().offer(SignedRevocationList.issue(AUTHORITY,
                new RevocationList(AUTHORITY.publicKey(), 1, T0.getEpochSecond(), Set.of("02".repeat(16)))).toJson());
        assertTrue(registry.get(member.nodeId()).isEmpty(), "revoked");
        assertTrue(registry.get(stranger.nodeId()).isPresent());
        assertTrue(registry.get(self.nodeId()).isPresent());
        assertEquals(1, registry.rejectionCount(AdvertRejection.NOT_MEMBER));
        assertEquals(AdvertRejection.NOT_MEMBER,
                registry.offer(advert(member, certificate(member, "02")).envelope()).reason(), "and it stays out");
    }

    @Test
    void anAdvertLeavesWhenItsCertificateExpires() {
        long now = T0.getEpochSecond();
        assertTrue(registry.offer(advert(member, certificate(AUTHORITY, member, "02", now - DAY, now + 60))
                .envelope()).isAccepted());
        assertTrue(registry.offer(advert(stranger, certificate(stranger, "03")).envelope()).isAccepted());
        policy.recheck();
        assertEquals(2, registry.size());
        clock.set(Instant.ofEpochSecond(now + 61));
        policy.recheck();
        assertEquals(Set.of(stranger.nodeId()), Set.copyOf(registry.replicas("echo")));
    }

    @Test
    void openModeHoldsAdvertsWithOrWithoutACertificateAndCertifiedModeThenDropsNonMembers() {
        policy.setMode(TrustPolicy.Mode.OPEN);
        SignedAdvert foreign = advert(stranger, certificate(FOREIGN_AUTHORITY, stranger, "04",
                T0.getEpochSecond() - DAY, T0.getEpochSecond() + DAY));
        assertTrue(registry.offer(foreign.envelope()).isAccepted(), "a certificate is carried, not judged");
        assertTrue(registry.offer(advert(Fixtures.identity(4), null).envelope()).isAccepted());
        SignedAdvert certified = advert(member, certificate(member, "02"));
        assertTrue(registry.offer(certified.envelope()).isAccepted());
        assertEquals(0, registry.rejectionCount(AdvertRejection.NOT_MEMBER));
        policy.setMode(TrustPolicy.Mode.CERTIFIED);
        assertEquals(List.of(member.nodeId()), registry.replicas("echo"));
        assertEquals(2, registry.rejectionCount(AdvertRejection.NOT_MEMBER));
        assertEquals(certified, registry.get(member.nodeId()).orElseThrow());
    }

    @Test
    void anAdvertWithoutCertificateHasNoCertMember() {
        JsonObject body = advert(member, null).advert().toJson();
        assertFalse(body.containsKey("cert"));
        assertNull(Advert.fromJson(body).cert());
    }
}
