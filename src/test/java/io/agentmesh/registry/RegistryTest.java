package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.ManualClock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The registry's view: acceptance rules, expiry, queries (docs/registry.md §2.3–2.4). */
class RegistryTest {

    private static final Random RANDOM = new Random(1);

    private final NodeIdentity self = Fixtures.identity(1);
    private final NodeIdentity alice = Fixtures.identity(2);
    private final NodeIdentity bob = Fixtures.identity(3);
    private final ManualClock clock = new ManualClock(T0.plusSeconds(1));
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final Registry registry = new Registry(self.nodeId(), settings, clock, new AdvertVerifier(settings),
            node -> node.equals(bob.nodeId()) ? 0.25 : 0.75);

    @Test
    void newerSequenceWinsAndOlderIsStale() {
        assertTrue(registry.offer(Fixtures.signed(alice, 10).envelope()).isAccepted());
        assertTrue(registry.offer(Fixtures.signed(alice, 11).envelope()).isAccepted());
        OfferResult older = registry.offer(Fixtures.signed(alice, 10).envelope());
        assertEquals(AdvertRejection.STALE, older.reason());
        assertEquals(alice.nodeId(), older.node());
        assertEquals(11, registry.get(alice.nodeId()).orElseThrow().advert().seq());
        assertEquals(2, registry.acceptedCount());
        assertEquals(1, registry.rejectionCount(AdvertRejection.STALE));
    }

    @Test
    void theSameEnvelopeAgainIsADuplicateButAnotherBodyWithTheSameSequenceIsStale() {
        SignedAdvert a = Fixtures.signed(alice, 10);
        registry.offer(a.envelope());
        assertEquals(OfferResult.Outcome.DUPLICATE, registry.offer(a.envelope()).outcome());
        SignedAdvert other = Fixtures.signed(alice, 10, T0, Duration.ofMinutes(5), List.of());
        assertEquals(AdvertRejection.STALE, registry.offer(other.envelope()).reason());
        assertEquals(1, registry.duplicateCount());
        assertTrue(registry.get(alice.nodeId()).orElseThrow().sameBytes(a));
    }

    @Test
    void expiredFutureAndOverlongAdvertsAreRejected() {
        SignedAdvert expired = Fixtures.signed(alice, 1, T0.minusSeconds(700), Duration.ofMinutes(10), List.of());
        assertEquals(AdvertRejection.EXPIRED, registry.offer(expired.envelope()).reason());
        SignedAdvert future = Fixtures.signed(alice, 2, T0.plus(Duration.ofMinutes(6)), Duration.ofMinutes(10), List.of());
        assertEquals(AdvertRejection.NOT_YET_VALID, registry.offer(future.envelope()).reason());
        SignedAdvert nearFuture = Fixtures.signed(alice, 3, T0.plus(Duration.ofMinutes(4)), Duration.ofMinutes(10), List.of());
        assertTrue(registry.offer(nearFuture.envelope()).isAccepted(), "within the allowed clock skew");
        SignedAdvert forever = Fixtures.signed(bob, 4, T0, Duration.ofDays(30), List.of());
        assertEquals(AdvertRejection.LIFETIME_TOO_LONG, registry.offer(forever.envelope()).reason());
        Map<AdvertRejection, Long> counts = registry.rejectionCounts();
        assertEquals(1L, counts.get(AdvertRejection.EXPIRED));
        assertEquals(1L, counts.get(AdvertRejection.NOT_YET_VALID));
        assertEquals(1L, counts.get(AdvertRejection.LIFETIME_TOO_LONG));
        assertEquals(0L, counts.get(AdvertRejection.BAD_SIGNATURE));
    }

    @Test
    void forgedAdvertIsRejectedAndCounted() {
        NodeIdentity mallory = Fixtures.identity(9);
        Advert claim = Fixtures.advert(alice, 99, T0, Duration.ofMinutes(10), List.of(Fixtures.echoAgent()));
        OfferResult r = registry.offer(AdvertIssuer.sign(mallory, claim).envelope());
        assertEquals(AdvertRejection.BAD_SIGNATURE, r.reason());
        assertTrue(registry.get(alice.nodeId()).isEmpty());
        assertEquals(1, registry.rejectionCount(AdvertRejection.BAD_SIGNATURE));
    }

    @Test
    void expiredAdvertsLeaveAndListenersHear() {
        List<RegistryChange> changes = new ArrayList<>();
        registry.addListener(changes::add);
        registry.offer(Fixtures.signed(alice, 1, T0, Duration.ofMinutes(10), List.of()).envelope());
        registry.offer(Fixtures.signed(alice, 2, T0, Duration.ofMinutes(10), List.of()).envelope());
        registry.offer(Fixtures.signed(bob, 1, T0, Duration.ofMinutes(20), List.of()).envelope());
        clock.set(T0.plus(Duration.ofMinutes(10)));
        assertEquals(List.of(alice.nodeId()), registry.expire());
        assertTrue(registry.get(alice.nodeId()).isEmpty());
        assertTrue(registry.get(bob.nodeId()).isPresent());
        assertEquals(List.of(RegistryChange.Kind.ADDED, RegistryChange.Kind.UPDATED, RegistryChange.Kind.ADDED,
                RegistryChange.Kind.REMOVED), changes.stream().map(RegistryChange::kind).toList());
        assertEquals(alice.nodeId(), changes.get(3).node());
    }

    @Test
    void aNodeGoneTooLongLeavesAndItsReplayIsStaleUntilItExpires() {
        Duration longTtl = Duration.ofMinutes(50);
        SignedAdvert a = Fixtures.signed(alice, 5, T0, longTtl, List.of());
        registry.offer(a.envelope());
        clock.advance(settings.nodeGoneAfter().minusSeconds(1));
        assertEquals(List.of(), registry.expire());
        clock.advance(Duration.ofSeconds(1));
        assertEquals(List.of(alice.nodeId()), registry.expire());
        assertEquals(AdvertRejection.STALE, registry.offer(a.envelope()).reason(), "replay of a removed node's advert");
        assertTrue(registry.offer(Fixtures.signed(alice, 6, clock.instant(), longTtl, List.of()).envelope()).isAccepted());
    }

    @Test
    void ownAdvertIsNeverDroppedAsGone() {
        registry.offer(Fixtures.signed(self, 5, T0, Duration.ofMinutes(50), List.of()).envelope());
        clock.advance(settings.nodeGoneAfter().plusMinutes(1));
        assertEquals(List.of(), registry.expire());
        assertTrue(registry.get(self.nodeId()).isPresent());
    }

    @Test
    void findFiltersByAgentToolAndText() {
        registry.offer(Fixtures.signed(self, 1, T0, Duration.ofMinutes(10), List.of(Fixtures.echoAgent())).envelope());
        registry.offer(Fixtures.signed(alice, 1, T0, Duration.ofMinutes(10),
                List.of(Fixtures.echoAgent(), Fixtures.calculatorAgent())).envelope());
        registry.offer(Fixtures.signed(bob, 1, T0, Duration.ofMinutes(10), List.of(Fixtures.echoAgent())).envelope());

        List<AgentMatch> all = registry.find(null, null, null);
        assertEquals(4, all.size());
        assertEquals("calculator", all.get(0).agent());

        List<AgentMatch> echo = registry.find("echo", null, "");
        assertEquals(List.of(self.nodeId(), alice.nodeId(), bob.nodeId()),
                echo.stream().map(AgentMatch::nodeId).toList(), "healthier first");
        assertEquals(List.of(1.0, 0.75, 0.25), echo.stream().map(AgentMatch::health).toList());
        assertEquals(alice.nodeId() + ":echo", echo.get(1).address());
        assertEquals(List.of("echo", "shout"), echo.get(1).tools());

        assertEquals(1, registry.find(null, "increment_counter", null).size());
        assertEquals(0, registry.find("echo", "add", null).size());
        assertEquals(1, registry.find(null, null, "CALC").size(), "text matches the title, any case");
        assertEquals(3, registry.find(null, null, "shou").size(), "text matches tool names");
        assertEquals(0, registry.find(null, null, "nothing-like-this").size());
    }

    @Test
    void findResultHasTheWireShape() {
        registry.offer(Fixtures.signed(alice, 1).envelope());
        var json = registry.find("echo", null, null).get(0).toJson();
        assertEquals(alice.nodeId() + ":echo", json.getString("address"));
        assertEquals(alice.nodeId().value(), json.getString("node_id"));
        assertEquals("echo", json.getString("agent"));
        assertEquals(2, json.getJsonArray("tools").size());
        assertEquals(0.75, json.getJsonNumber("health").doubleValue());
    }

    @Test
    void expiredAdvertsAreNotFoundEvenBeforeTheyAreRemoved() {
        registry.offer(Fixtures.signed(alice, 1).envelope());
        clock.set(T0.plus(Duration.ofMinutes(10)));
        assertEquals(List.of(), registry.find("echo", null, null));
        assertEquals(List.of(), registry.replicas("echo"));
    }

    @Test
    void replicasAndToolAnnotations() {
        registry.offer(Fixtures.signed(alice, 1).envelope());
        registry.offer(Fixtures.signed(bob, 1, T0, Duration.ofMinutes(10), List.of(Fixtures.calculatorAgent())).envelope());
        assertEquals(List.of(alice.nodeId()), registry.replicas("echo"));
        assertEquals(Optional.of(new ToolAnnotations(true, false, true, false)),
                registry.toolAnnotations(alice.nodeId(), "echo", "echo"));
        assertEquals(Optional.empty(), registry.toolAnnotations(alice.nodeId(), "echo", "missing"));
        assertEquals(Optional.empty(), registry.toolAnnotations(bob.nodeId(), "echo", "echo"));
    }

    @Test
    void compareFindsWhatThePeerLacksAndWhatItHasNewer() {
        registry.offer(Fixtures.signed(alice, 10).envelope());
        registry.offer(Fixtures.signed(bob, 20).envelope());
        NodeIdentity carol = Fixtures.identity(4);
        registry.offer(Fixtures.signed(carol, 30).envelope());
        assertEquals(Map.of(alice.nodeId().value(), 10L, bob.nodeId().value(), 20L, carol.nodeId().value(), 30L),
                registry.digest().entries());

        String dave = Fixtures.identity(5).nodeId().value();
        Digest remote = new Digest(Map.of(alice.nodeId().value(), 10L, bob.nodeId().value(), 25L,
                carol.nodeId().value(), 29L, dave, 3L, "x".repeat(40), 4L));
        SyncPlan plan = registry.compare(remote, null, new SyncPlan.Limits(10, 1 << 20, 10, 10), RANDOM);
        assertEquals(List.of(registry.get(carol.nodeId()).orElseThrow()), plan.adverts(), "carol's is newer here");
        assertEquals(Set.of(bob.nodeId().value(), dave), Set.copyOf(plan.want()), "a key that is no node id is not wanted");
        assertFalse(plan.more());
        assertEquals(1, registry.compare(remote, null, new SyncPlan.Limits(10, 1 << 20, 1, 1), RANDOM).want().size());
    }

    @Test
    void compareHonoursTheLimits() {
        registry.offer(Fixtures.signed(alice, 10).envelope());
        registry.offer(Fixtures.signed(bob, 20).envelope());
        SyncPlan all = registry.compare(Digest.EMPTY, null, new SyncPlan.Limits(10, 1 << 20, 10, 10), RANDOM);
        assertEquals(2, all.adverts().size());
        assertFalse(all.more());
        SyncPlan one = registry.compare(Digest.EMPTY, null, new SyncPlan.Limits(1, 1 << 20, 10, 10), RANDOM);
        assertEquals(1, one.adverts().size());
        assertTrue(one.more());
        int size = registry.get(alice.nodeId()).orElseThrow().encodedSize();
        SyncPlan none = registry.compare(Digest.EMPTY, null, new SyncPlan.Limits(10, size - 1, 10, 10), RANDOM);
        assertTrue(none.adverts().isEmpty());
        assertTrue(none.more());
    }

    @Test
    void aPlanCutShortSendsThisNodesOwnAdvertAndARandomChoiceOfTheRest() {
        registry.offer(Fixtures.signed(self, 1).envelope());
        for (int i = 10; i < 30; i++) {
            registry.offer(Fixtures.signed(Fixtures.identity(i), 1).envelope());
        }
        Set<NodeId> sent = new java.util.HashSet<>();
        Random random = new Random(7);
        for (int k = 0; k < 10; k++) {
            SyncPlan plan = registry.compare(Digest.EMPTY, null, new SyncPlan.Limits(5, 1 << 20, 10, 10), random);
            assertEquals(5, plan.adverts().size());
            assertTrue(plan.more());
            assertEquals(self.nodeId(), plan.adverts().get(0).advert().nodeId(), "this node's own advert goes first");
            plan.adverts().forEach(a -> sent.add(a.advert().nodeId()));
        }
        assertTrue(sent.size() > 15, "peers syncing with a lagging node send it different adverts, not the same "
                + "first ones of the map: " + sent.size() + " distinct of 21 in 10 plans of 5");
    }

    @Test
    void theRequestersOwnAdvertIsWantedFirstAndNoMoreNewNodesThanAPushAdds() {
        registry.offer(Fixtures.signed(alice, 10).envelope());
        NodeIdentity requester = Fixtures.identity(40);
        Map<String, Long> remote = new java.util.HashMap<>();
        remote.put(alice.nodeId().value(), 11L);
        for (int i = 41; i < 61; i++) {
            remote.put(Fixtures.identity(i).nodeId().value(), 1L);
        }
        remote.put(requester.nodeId().value(), 1L);
        SyncPlan plan = registry.compare(new Digest(remote), requester.nodeId(), new SyncPlan.Limits(10, 1 << 20, 10, 3),
                RANDOM);
        assertEquals(requester.nodeId().value(), plan.want().get(0), "handed over first-hand, never refused by a cap");
        assertTrue(plan.want().contains(alice.nodeId().value()), "an update is wanted whatever a push may add");
        assertEquals(4, plan.want().size(), "the requester, alice's update and 2 more new nodes: a push adds at most 3");
        assertEquals(SyncPlan.Limits.of(settings).maxWantNew(), settings.maxNewAdvertsPerPush());
    }

    @Test
    void aNodeRemovedAsGoneIsNotWantedAtTheSameSequence() {
        registry.offer(Fixtures.signed(alice, 5, T0, Duration.ofMinutes(50), List.of()).envelope());
        clock.advance(settings.nodeGoneAfter());
        registry.expire();
        assertEquals(List.of(), registry.compare(new Digest(Map.of(alice.nodeId().value(), 5L)), null, new SyncPlan.Limits(10, 1 << 20, 10, 10), RANDOM).want());
        assertEquals(List.of(alice.nodeId().value()),
                registry.compare(new Digest(Map.of(alice.nodeId().value(), 6L)), null, new SyncPlan.Limits(10, 1 << 20, 10, 10), RANDOM).want());
    }

    @Test
    void digestFollowsChanges() {
        registry.offer(Fixtures.signed(alice, 10).envelope());
        Digest before = registry.digest();
        registry.offer(Fixtures.signed(alice, 11).envelope());
        assertEquals(10, before.seq(alice.nodeId().value()));
        assertEquals(11, registry.digest().seq(alice.nodeId().value()));
        assertEquals(0, registry.digest().seq(NodeId.fromIdentityKey(new byte[32]).value()));
    }
}
