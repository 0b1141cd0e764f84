package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.ManualClock;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The peer book's bookkeeping (docs/registry.md §4). */
class PeerBookTest {

    private static final List<String> ADDRS = List.of("ws://127.0.0.1:9080/mesh");

    private final NodeIdentity self = Fixtures.identity(1);
    private final NodeIdentity alice = Fixtures.identity(2);
    private final NodeIdentity bob = Fixtures.identity(3);
    private final ManualClock clock = new ManualClock(T0);
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final PeerBook book = new PeerBook(self.nodeId(), settings, clock);

    @Test
    void learnsNewPeersWithInitialHealth() {
        assertTrue(book.learn(alice.nodeId(), alice.publicKeyBase64Url(), ADDRS, T0.minusSeconds(30)));
        PeerRecord r = book.get(alice.nodeId()).orElseThrow();
        assertEquals(PeerBook.INITIAL_HEALTH, r.health());
        assertEquals(T0.minusSeconds(30), r.lastSeen());
        assertEquals(ADDRS, r.addrs());
        assertEquals(0, r.consecutiveFailures());
        assertFalse(book.learn(alice.nodeId(), null, List.of(), T0), "known already");
        assertEquals(T0, book.get(alice.nodeId()).orElseThrow().lastSeen(), "newer last-seen taken");
        assertEquals(ADDRS, book.get(alice.nodeId()).orElseThrow().addrs(), "empty addrs keep the known ones");
        assertTrue(book.isDirty());
    }

    @Test
    void theSameNewsAgainLeavesTheBookClean() {
        book.learn(alice.nodeId(), alice.publicKeyBase64Url(), ADDRS, T0);
        book.markClean();
        book.learn(alice.nodeId(), alice.publicKeyBase64Url(), ADDRS, T0);
        assertFalse(book.isDirty(), "nothing to save");
        book.learn(alice.nodeId(), alice.publicKeyBase64Url(), List.of("ws://127.0.0.1:9081/mesh"), T0);
        assertTrue(book.isDirty());
    }

    @Test
    void ignoresItselfMismatchedKeysAndPeersTooOldToKeep() {
        assertFalse(book.learn(self.nodeId(), null, ADDRS, T0));
        assertFalse(book.learn(alice.nodeId(), bob.publicKeyBase64Url(), ADDRS, T0));
        assertFalse(book.learn(alice.nodeId(), null, ADDRS, T0.minus(settings.peerExpiry())));
        assertEquals(0, book.size());
    }

    @Test
    void reportedLastSeenInTheFutureIsCappedAtNow() {
        book.learn(alice.nodeId(), null, ADDRS, T0.plusSeconds(3600));
        assertEquals(T0, book.get(alice.nodeId()).orElseThrow().lastSeen());
    }

    @Test
    void badAddrsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> book.learn(alice.nodeId(), null, List.of("http://x/"), T0));
    }

    @Test
    void failuresBackOffExponentiallyUpToTheCap() {
        assertEquals(Duration.ofSeconds(1), book.backoff(1));
        assertEquals(Duration.ofSeconds(2), book.backoff(2));
        assertEquals(Duration.ofSeconds(4), book.backoff(3));
        assertEquals(Duration.ofSeconds(256), book.backoff(9));
        assertEquals(Duration.ofMinutes(5), book.backoff(10));
        assertEquals(Duration.ofMinutes(5), book.backoff(1000));
        assertEquals(Duration.ZERO, book.backoff(0));
    }

    @Test
    void failureDefersTheNextDialAndLowersHealthSuccessRestores() {
        book.learn(alice.nodeId(), null, ADDRS, T0);
        book.markFailure(alice.nodeId());
        book.markFailure(alice.nodeId());
        PeerRecord r = book.get(alice.nodeId()).orElseThrow();
        assertEquals(2, r.consecutiveFailures());
        assertEquals(T0.plusSeconds(2), r.nextDialAt());
        assertEquals(0.5 * 0.7 * 0.7, r.health(), 1e-12);
        assertEquals(List.of(), book.dueForDial());
        assertEquals(List.of(), book.reachable());
        clock.advance(Duration.ofSeconds(2));
        assertEquals(List.of(alice.nodeId()), book.dueForDial().stream().map(PeerRecord::nodeId).toList());
        book.markSeen(alice.nodeId(), alice.publicKeyBase64Url(), null);
        r = book.get(alice.nodeId()).orElseThrow();
        assertEquals(0, r.consecutiveFailures());
        assertEquals(clock.instant(), r.lastSeen());
        assertEquals(clock.instant(), r.nextDialAt());
        assertEquals(alice.publicKeyBase64Url(), r.identity());
        assertEquals(ADDRS, r.addrs());
        assertTrue(r.health() > 0.5 * 0.7 * 0.7);
    }

    @Test
    void markSeenOfAnUnknownPeerAddsIt() {
        book.markSeen(bob.nodeId(), bob.publicKeyBase64Url(), ADDRS);
        assertTrue(book.health(bob.nodeId()) > PeerBook.INITIAL_HEALTH);
        assertThrows(IllegalArgumentException.class, () -> book.markSeen(alice.nodeId(), bob.publicKeyBase64Url(), ADDRS));
    }

    @Test
    void dueForDialPutsHealthierFirstAndSkipsPeersWithoutAddrs() {
        book.learn(alice.nodeId(), null, ADDRS, T0);
        book.learn(bob.nodeId(), null, ADDRS, T0);
        NodeId carol = Fixtures.identity(4).nodeId();
        book.learn(carol, null, List.of(), T0);
        book.markSeen(bob.nodeId(), null, null);
        assertEquals(List.of(bob.nodeId(), alice.nodeId()), book.dueForDial().stream().map(PeerRecord::nodeId).toList());
        assertEquals(3, book.reachable().size());
    }

    @Test
    void peersUnseenForTheExpiryLeave() {
        book.learn(alice.nodeId(), null, ADDRS, T0);
        clock.advance(Duration.ofHours(12));
        book.learn(bob.nodeId(), null, ADDRS, clock.instant());
        clock.advance(Duration.ofHours(12));
        assertEquals(List.of(alice.nodeId()), book.expire());
        assertEquals(List.of(bob.nodeId()), book.peers().stream().map(PeerRecord::nodeId).toList());
    }

    @Test
    void theLongestUnseenLeaveWhenTheBookIsFull() {
        PeerBook small = new PeerBook(self.nodeId(), settings.toBuilder().maxPeers(2).build(), clock);
        small.learn(alice.nodeId(), null, ADDRS, T0.minusSeconds(10));
        small.learn(bob.nodeId(), null, ADDRS, T0.minusSeconds(5));
        NodeId carol = Fixtures.identity(4).nodeId();
        small.learn(carol, null, ADDRS, T0);
        assertEquals(2, small.size());
        assertTrue(small.get(alice.nodeId()).isEmpty());
    }

    @Test
    void sampleIsRandomButBoundedAndDeterministicForASeed() {
        for (int i = 10; i < 30; i++) {
            book.learn(Fixtures.identity(i).nodeId(), Fixtures.identity(i).publicKeyBase64Url(), ADDRS, T0);
        }
        List<PeerRecord> a = book.sample(5, new Random(7));
        List<PeerRecord> b = book.sample(5, new Random(7));
        assertEquals(5, a.size());
        assertEquals(a, b);
        assertEquals(5, a.stream().map(PeerRecord::nodeId).distinct().count());
        assertEquals(20, book.sample(50, new Random(1)).size());
    }

    @Test
    void restoreSkipsSelfAndExpiredAndIsClean() {
        PeerRecord old = new PeerRecord(alice.nodeId(), null, ADDRS, T0.minus(Duration.ofDays(2)), 0.5, 0, T0,
                PeerRecord.Origin.DIRECT, null);
        PeerRecord fresh = new PeerRecord(bob.nodeId(), null, ADDRS, T0.minusSeconds(1), 0.9, 2, T0.plusSeconds(4),
                PeerRecord.Origin.DIRECT, null);
        PeerRecord me = new PeerRecord(self.nodeId(), null, ADDRS, T0, 1.0, 0, T0, PeerRecord.Origin.DIRECT, null);
        book.restore(List.of(old, fresh, me));
        assertEquals(List.of(fresh), book.peers());
        assertFalse(book.isDirty());
    }

    // ---- hearsay (peer exchange)

    private static GossipMessages.PeerEntry entry(NodeIdentity who, String identity, List<String> addrs) {
        return new GossipMessages.PeerEntry(who.nodeId().value(), identity, addrs, T0);
    }

    private static GossipMessages.PeerEntry keyed(NodeIdentity who) {
        return entry(who, who.publicKeyBase64Url(), ADDRS);
    }

    @Test
    void hearsayNeedsTheIdentityKeyThatDerivesItsNodeIdAndGoodAddrs() {
        NodeIdentity carol = Fixtures.identity(4);
        assertFalse(book.hear(entry(carol, null, ADDRS), alice.nodeId()));
        assertFalse(book.hear(entry(carol, bob.publicKeyBase64Url(), ADDRS), alice.nodeId()));
        assertFalse(book.hear(entry(carol, carol.publicKeyBase64Url(), List.of("http://x/")), alice.nodeId()));
        assertFalse(book.hear(new GossipMessages.PeerEntry(carol.nodeId().value(), carol.publicKeyBase64Url(), ADDRS,
                T0.minus(settings.peerExpiry())), alice.nodeId()));
        assertEquals(0, book.size());
        assertEquals(1, book.refusalCount(PeerRefusal.NO_IDENTITY));
        assertEquals(1, book.refusalCount(PeerRefusal.BAD_IDENTITY));
        assertEquals(1, book.refusalCount(PeerRefusal.BAD_ADDRS));
        assertEquals(1, book.refusalCount(PeerRefusal.STALE));
        assertTrue(book.hear(keyed(carol), alice.nodeId()));
        PeerRecord r = book.get(carol.nodeId()).orElseThrow();
        assertEquals(PeerRecord.Origin.HEARSAY, r.origin());
        assertEquals(alice.nodeId(), r.source());
        assertFalse(book.hear(keyed(self), alice.nodeId()), "this node itself is not a peer");
    }

    @Test
    void oneRelayingPeerPlacesAtMostItsShare() {
        PeerBook capped = new PeerBook(self.nodeId(), settings.toBuilder().maxPeersPerSource(2).build(), clock);
        assertTrue(capped.hear(keyed(Fixtures.identity(10)), alice.nodeId()));
        assertTrue(capped.hear(keyed(Fixtures.identity(11)), alice.nodeId()));
        assertFalse(capped.hear(keyed(Fixtures.identity(12)), alice.nodeId()));
        assertEquals(1, capped.refusalCount(PeerRefusal.SOURCE_LIMIT));
        assertTrue(capped.hear(keyed(Fixtures.identity(12)), bob.nodeId()), "another source has its own share");
        capped.markSeen(Fixtures.identity(10).nodeId(), null, null);
        assertEquals(PeerRecord.Origin.DIRECT, capped.get(Fixtures.identity(10).nodeId()).orElseThrow().origin());
        assertTrue(capped.hear(keyed(Fixtures.identity(13)), alice.nodeId()), "a peer seen since no longer counts");
    }

    @Test
    void hearsayNeverEvictsAPeerKnownOtherwiseOnlyOlderHearsay() {
        PeerBook small = new PeerBook(self.nodeId(), settings.toBuilder().maxPeers(2).build(), clock);
        small.markSeen(alice.nodeId(), alice.publicKeyBase64Url(), ADDRS);
        small.learn(bob.nodeId(), bob.publicKeyBase64Url(), ADDRS, T0.minus(Duration.ofHours(20)));
        assertFalse(small.hear(keyed(Fixtures.identity(4)), Fixtures.identity(9).nodeId()));
        assertEquals(1, small.refusalCount(PeerRefusal.BOOK_FULL));
        assertTrue(small.get(alice.nodeId()).isPresent() && small.get(bob.nodeId()).isPresent(),
                "the seen peer and the configured one, though long unseen, stay");

        PeerBook mixed = new PeerBook(self.nodeId(), settings.toBuilder().maxPeers(2).build(), clock);
        mixed.markSeen(alice.nodeId(), alice.publicKeyBase64Url(), ADDRS);
        assertTrue(mixed.hear(new GossipMessages.PeerEntry(bob.nodeId().value(), bob.publicKeyBase64Url(), ADDRS,
                T0.minusSeconds(60)), Fixtures.identity(9).nodeId()));
        assertTrue(mixed.hear(keyed(Fixtures.identity(4)), Fixtures.identity(9).nodeId()));
        assertTrue(mixed.get(bob.nodeId()).isEmpty(), "older hearsay made room");
        assertTrue(mixed.get(alice.nodeId()).isPresent());
    }

    @Test
    void hearsayChangesNeitherAddrsNorLastSeenOfAPeerKnownBetter() {
        book.markSeen(alice.nodeId(), alice.publicKeyBase64Url(), ADDRS);
        clock.advance(Duration.ofMinutes(5));
        assertFalse(book.hear(new GossipMessages.PeerEntry(alice.nodeId().value(), alice.publicKeyBase64Url(),
                List.of("ws://10.0.0.9:1/mesh"), clock.instant()), bob.nodeId()));
        PeerRecord r = book.get(alice.nodeId()).orElseThrow();
        assertEquals(ADDRS, r.addrs());
        assertEquals(T0, r.lastSeen());
        assertEquals(PeerRecord.Origin.DIRECT, r.origin());
    }

    @Test
    void samplesCarryOnlyPeersWithTheirKeysAndDialsPreferPeersKnownBetter() {
        book.learn(alice.nodeId(), null, ADDRS, T0);
        book.hear(keyed(bob), Fixtures.identity(9).nodeId());
        assertEquals(List.of(bob.nodeId()), book.sample(10, new Random(1)).stream().map(PeerRecord::nodeId).toList());
        assertEquals(List.of(alice.nodeId(), bob.nodeId()), book.dueForDial().stream().map(PeerRecord::nodeId).toList());
        assertTrue(book.standing(alice.nodeId()) > book.standing(bob.nodeId()));
        assertTrue(book.standing(bob.nodeId()) > book.standing(Fixtures.identity(4).nodeId()));
    }
}
