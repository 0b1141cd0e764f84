package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
import io.agentmesh.testsupport.InMemoryPipe;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualScheduler;
import io.agentmesh.testsupport.RecordingListener;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust mode certified on a link (docs/protocol.md, "Membership certificates"): the responder admits a
 * peer whose identity payload carries a valid certificate, gives its link the certificate's groups, and
 * closes any other with 4003 naming the problem, counted by reason; a revocation closes an open link.
 */
class CertifiedLinkTest {

    private static final Instant NOW = Instant.parse("2026-06-01T00:00:00Z");
    private static final String SERIAL = "0123456789abcdef0123456789abcdef";

    private final FixedRandom random = new FixedRandom(21);
    private final NodeIdentity authority = NodeIdentity.generate(random);
    private final NodeIdentity foreign = NodeIdentity.generate(random);
    private final NodeIdentity alice = NodeIdentity.generate(random);
    private final NodeIdentity bob = NodeIdentity.generate(random);
    private final ManualClock clock = new ManualClock(NOW);
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private final List<Refusal> counted = new CopyOnWriteArrayList<>();
    private final CompletableFuture<String> bobClosed = new CompletableFuture<>();
    private final RecordingListener bobHears = new RecordingListener();
    private InMemoryPipe pipe;
    private TrustEnforcer enforcer;
    private TrustPolicy bobTrust;

    @TempDir
    Path dir;

    @AfterEach
    void tearDown() throws Exception {
        if (enforcer != null) {
            enforcer.stopWatching();
        }
        if (pipe != null) {
            pipe.close();
        }
        pool.shutdownNow();
    }

    private SignedCertificate certificate(NodeIdentity by, NodeIdentity node, Instant from, Instant to) {
        return SignedCertificate.issue(by, new Certificate(SERIAL, node.publicKey(), List.of("edge"),
                from.getEpochSecond(), to.getEpochSecond(), by.publicKey()));
    }

    private SignedCertificate valid(NodeIdentity node) {
        return certificate(authority, node, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30)));
    }

    /** Links alice (presenting {@code aliceCert}, or none) to bob, who is in {@code mode} with the authority. */
    private LinkSession link(SignedCertificate aliceCert, TrustPolicy.Mode mode) {
        LinkSettings settings = LinkSettings.defaults();
        MembershipVerifier verifier = new MembershipVerifier(
                Revocations.load(List.of(authority.publicKey()), dir.resolve("revocations.json")), Duration.ofMinutes(5));
        bobTrust = new TrustPolicy(mode, List.of(), new Membership(Optional.of(verifier), Optional.of(valid(bob))));
        LinkObserver metrics = new LinkObserver() {
            @Override
            public void certificateRefused(Refusal reason) {
                counted.add(reason);
            }
        };
        LinkEnvironment a = new LinkEnvironment(LocalNode.create(alice, random, List.of(), null, aliceCert), settings,
                TrustPolicy.open(), random, clock, new ManualScheduler(), pool);
        LinkEnvironment b = new LinkEnvironment(LocalNode.create(bob, random, settings, bobTrust.membership()), settings,
                bobTrust, random, clock, new ManualScheduler(), pool, metrics);
        LinkRegistry registry = new LinkRegistry(bobTrust);
        enforcer = new TrustEnforcer(bobTrust, registry, clock, metrics);
        enforcer.watch();
        LinkKeeper observer = new LinkKeeper() {
            @Override
            public void admit(LinkSession session) throws LinkProtocolException {
                registry.admit(session);
            }

            @Override
            public void closed(LinkSession session, int code, String reason) {
                registry.remove(session);
                bobClosed.complete(code + " " + reason);
            }
        };
        pipe = new InMemoryPipe(
                ch -> LinkSession.initiator(a, ch, new RecordingListener(), null, "ws://127.0.0.1:1/mesh", bob.nodeId()),
                ch -> LinkSession.responder(b, ch, bobHears, observer));
        return pipe.responder();
    }

    private void refused(SignedCertificate aliceCert, Refusal refusal) throws Exception {
        link(aliceCert, TrustPolicy.Mode.CERTIFIED);
        assertEquals("4003 membership certificate " + refusal.phrase(), bobClosed.get(30, TimeUnit.SECONDS));
        assertEquals(0, bobHears.count("up"));
        assertEquals(List.of(refusal), counted);
    }

    @Test
    void aMemberLinksWithItsGroups() throws Exception {
        LinkSession session = link(valid(alice), TrustPolicy.Mode.CERTIFIED);
        bobHears.awaitCount("up", 1);
        assertEquals(Set.of("edge"), session.peerGroups());
        assertEquals(SERIAL, session.peerCertificate().serial());
        assertTrue(counted.isEmpty());
    }

    @Test
    void noCertificate() throws Exception {
        refused(null, Refusal.MISSING);
    }

    @Test
    void expired() throws Exception {
        refused(certificate(authority, alice, NOW.minus(Duration.ofDays(30)), NOW.minus(Duration.ofDays(1))), Refusal.EXPIRED);
    }

    @Test
    void notYetValid() throws Exception {
        refused(certificate(authority, alice, NOW.plus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(30))),
                Refusal.NOT_YET_VALID);
    }

    @Test
    void foreignAuthority() throws Exception {
        refused(certificate(foreign, alice, NOW.minus(Duration.ofDays(1)), NOW.plus(Duration.ofDays(1))),
                Refusal.UNKNOWN_AUTHORITY);
    }

    @Test
    void anotherNodesCertificate() throws Exception {
        refused(valid(bob), Refusal.OTHER_IDENTITY);
    }

    @Test
    void aRevocationClosesTheOpenLink() throws Exception {
        LinkSession session = link(valid(alice), TrustPolicy.Mode.CERTIFIED);
        bobHears.awaitCount("up", 1);
        bobTrust.membership().verifier().orElseThrow().revocations().offer(SignedRevocationList.issue(authority,
                new RevocationList(authority.publicKey(), 1, NOW.getEpochSecond(), Set.of(SERIAL))).toJson());
        assertEquals("4003 membership certificate revoked", bobClosed.get(30, TimeUnit.SECONDS));
        assertEquals(List.of(Refusal.REVOKED), counted);
    }

    @Test
    void openModeAdmitsAPeerWithoutCertificate() throws Exception {
        LinkSession session = link(null, TrustPolicy.Mode.OPEN);
        bobHears.awaitCount("up", 1);
        assertEquals(Set.of(), session.peerGroups());
    }

    @Test
    void openModeStillReadsTheGroupsOfAValidCertificate() throws Exception {
        LinkSession session = link(valid(alice), TrustPolicy.Mode.OPEN);
        bobHears.awaitCount("up", 1);
        assertEquals(Set.of("edge"), session.peerGroups());
    }
}
