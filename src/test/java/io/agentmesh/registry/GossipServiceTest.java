package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.ManualClock;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The registry's node operations as served (docs/registry.md §3). */
class GossipServiceTest {

    private static final List<String> ADDRS = List.of("ws://127.0.0.1:9080/mesh");

    private final NodeIdentity self = Fixtures.identity(1);
    private final NodeIdentity alice = Fixtures.identity(2);
    private final NodeIdentity bob = Fixtures.identity(3);
    private final NodeIdentity carol = Fixtures.identity(4);
    private final ManualClock clock = new ManualClock(T0.plusSeconds(1));
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final PeerBook peers = new PeerBook(self.nodeId(), settings, clock);
    private final Registry registry = new Registry(self.nodeId(), settings, clock, new AdvertVerifier(settings), peers::health);
    private final GossipService service = new GossipService(settings, registry, peers, new Random(1));

    @Test
    void syncReturnsWhatTheRequesterLacksAndWantsWhatItHasNewer() throws JsonRpcException {
        registry.offer(Fixtures.signed(alice, 10).envelope());
        registry.offer(Fixtures.signed(bob, 20).envelope());
        registry.offer(Fixtures.signed(carol, 30).envelope());
        Digest remote = new Digest(Map.of(alice.nodeId().value(), 5L, bob.nodeId().value(), 20L,
                carol.nodeId().value(), 31L, Fixtures.identity(5).nodeId().value(), 1L));
        JsonObject result = service.handle(GossipMessages.SYNC, GossipMessages.syncParams(remote), alice.nodeId());

        assertEquals(1, result.getJsonArray("adverts").size());
        assertTrue(registry.get(alice.nodeId()).orElseThrow().envelope().equals(result.getJsonArray("adverts").get(0)));
        assertEquals(List.of(carol.nodeId().value(), Fixtures.identity(5).nodeId().value()).stream().sorted().toList(),
                result.getJsonArray("want").getValuesAs(JsonString::getString).stream().sorted().toList());
        assertFalse(result.getBoolean("more"));
    }

    @Test
    void syncHonoursTheAdvertLimitAndSaysThereIsMore() throws JsonRpcException {
        GossipService limited = new GossipService(settings.toBuilder().maxAdvertsPerMessage(2).build(), registry, peers,
                new Random(1));
        for (int i = 10; i < 15; i++) {
            registry.offer(Fixtures.signed(Fixtures.identity(i), 1).envelope());
        }
        JsonObject result = limited.handle(GossipMessages.SYNC, GossipMessages.syncParams(Digest.EMPTY), null);
        assertEquals(2, result.getJsonArray("adverts").size());
        assertTrue(result.getBoolean("more"));
    }

    @Test
    void badSyncParamsAreInvalidParams() {
        assertInvalid(GossipMessages.SYNC, JsonValue.EMPTY_JSON_OBJECT);
        assertInvalid(GossipMessages.SYNC, Json.createObjectBuilder().add("digest", "x").build());
        assertInvalid(GossipMessages.SYNC, Json.createObjectBuilder().add("digest",
                Json.createObjectBuilder().add("not-a-node", 1)).build());
        assertInvalid(GossipMessages.SYNC, Json.createObjectBuilder().add("digest",
                Json.createObjectBuilder().add(alice.nodeId().value(), "1")).build());
        assertInvalid(GossipMessages.SYNC, Json.createObjectBuilder().add("digest",
                Json.createObjectBuilder().add(alice.nodeId().value(), 0)).build());
        assertInvalid(GossipMessages.SYNC, Json.createObjectBuilder().add("digest",
                Json.createObjectBuilder().add(alice.nodeId().value(), 1.5)).build());
        GossipService small = new GossipService(settings.toBuilder().maxDigestEntries(1).build(), registry, peers, new Random(1));
        JsonObject two = GossipMessages.syncParams(new Digest(Map.of(alice.nodeId().value(), 1L, bob.nodeId().value(), 1L)));
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> small.handle(GossipMessages.SYNC, two, null));
        assertEquals(JsonRpc.INVALID_PARAMS, e.code());
    }

    @Test
    void pushCountsOutcomesAndMarksASenderOfForgeriesFailed() throws JsonRpcException {
        peers.learn(carol.nodeId(), null, ADDRS, T0);
        SignedAdvert a = Fixtures.signed(alice, 10);
        Advert claim = Fixtures.advert(bob, 99, T0, Duration.ofMinutes(10), List.of());
        JsonObject forged = AdvertIssuer.sign(carol, claim).envelope();
        JsonObject params = Json.createObjectBuilder().add("adverts", Json.createArrayBuilder()
                .add(a.envelope()).add(a.envelope()).add(forged)).build();
        JsonObject result = service.handle(GossipMessages.PUSH, params, carol.nodeId());
        assertEquals(1, result.getInt("accepted"));
        assertEquals(1, result.getInt("duplicate"));
        assertEquals(1, result.getInt("rejected"));
        assertTrue(registry.get(bob.nodeId()).isEmpty());
        assertEquals(1, peers.get(carol.nodeId()).orElseThrow().consecutiveFailures());
    }

    @Test
    void pushOfStaleAdvertsDoesNotPenaliseTheSender() throws JsonRpcException {
        peers.learn(carol.nodeId(), null, ADDRS, T0);
        registry.offer(Fixtures.signed(alice, 11).envelope());
        service.handle(GossipMessages.PUSH, GossipMessages.pushParams(List.of(Fixtures.signed(alice, 10))), carol.nodeId());
        assertEquals(0, peers.get(carol.nodeId()).orElseThrow().consecutiveFailures());
    }

    @Test
    void badPushParamsAreInvalidParams() {
        assertInvalid(GossipMessages.PUSH, JsonValue.EMPTY_JSON_OBJECT);
        assertInvalid(GossipMessages.PUSH, Json.createObjectBuilder().add("adverts", 1).build());
        var many = Json.createArrayBuilder();
        for (int i = 0; i <= settings.maxAdvertsPerMessage(); i++) {
            many.add(JsonValue.EMPTY_JSON_OBJECT);
        }
        assertInvalid(GossipMessages.PUSH, Json.createObjectBuilder().add("adverts", many).build());
    }

    @Test
    void peerExchangeLearnsValidEntriesAndAnswersWithASample() throws JsonRpcException {
        peers.learn(carol.nodeId(), carol.publicKeyBase64Url(), ADDRS, T0);
        JsonObject params = Json.createObjectBuilder().add("peers", Json.createArrayBuilder()
                .add(Json.createObjectBuilder().add("node_id", alice.nodeId().value())
                        .add("identity", alice.publicKeyBase64Url()).add("addrs", Json.createArrayBuilder().add(ADDRS.get(0)))
                        .add("last_seen_ms", T0.toEpochMilli()))
                .add(Json.createObjectBuilder().add("node_id", bob.nodeId().value())
                        .add("identity", alice.publicKeyBase64Url()).add("addrs", Json.createArrayBuilder())
                        .add("last_seen_ms", T0.toEpochMilli()))
                .add(Json.createObjectBuilder().add("node_id", "xyz").add("last_seen_ms", 1))
                .add(Json.createObjectBuilder().add("node_id", Fixtures.identity(6).nodeId().value())
                        .add("addrs", Json.createArrayBuilder().add("ftp://nope")).add("last_seen_ms", 1))
                .add(7))
                .build();
        JsonObject result = service.handle(GossipMessages.PEER_EXCHANGE, params, alice.nodeId());
        assertTrue(peers.get(alice.nodeId()).isPresent());
        assertTrue(peers.get(bob.nodeId()).isEmpty(), "a key that does not derive the node id");
        assertEquals(2, peers.size());
        List<GossipMessages.PeerEntry> sample = GossipMessages.readPeers(result);
        assertEquals(2, sample.size());
        JsonObject entry = result.getJsonArray("peers").getJsonObject(0);
        assertTrue(entry.containsKey("node_id") && entry.containsKey("addrs") && entry.containsKey("last_seen_ms"));
    }

    @Test
    void peerExchangeWithTooManyEntriesIsInvalidParams() {
        var many = Json.createArrayBuilder();
        for (int i = 0; i <= GossipMessages.MAX_PEERS_PER_MESSAGE; i++) {
            many.add(JsonValue.EMPTY_JSON_OBJECT);
        }
        assertInvalid(GossipMessages.PEER_EXCHANGE, Json.createObjectBuilder().add("peers", many).build());
    }

    @Test
    void unknownOperationIsMethodNotFound() {
        JsonRpcException e = assertThrows(JsonRpcException.class,
                () -> service.handle("node/gossip_other", JsonValue.EMPTY_JSON_OBJECT, null));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code());
        assertTrue(service.handles(GossipMessages.SYNC));
        assertFalse(service.handles("node/get_info"));
    }

    private void assertInvalid(String method, JsonObject params) {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> service.handle(method, params, null));
        assertEquals(JsonRpc.INVALID_PARAMS, e.code(), e.getMessage());
    }

    @Test
    void peerExchangeEntriesCountAgainstTheLinkPeerThatSentThem() throws JsonRpcException {
        var entries = Json.createArrayBuilder();
        for (int i = 10; i < 20; i++) {
            NodeIdentity fake = Fixtures.identity(i);
            entries.add(Json.createObjectBuilder().add("node_id", fake.nodeId().value())
                    .add("identity", fake.publicKeyBase64Url()).add("addrs", Json.createArrayBuilder().add(ADDRS.get(0)))
                    .add("last_seen_ms", T0.toEpochMilli()));
            entries.add(Json.createObjectBuilder().add("node_id", Fixtures.identity(i + 100).nodeId().value())
                    .add("addrs", Json.createArrayBuilder().add(ADDRS.get(0))).add("last_seen_ms", T0.toEpochMilli()));
        }
        PeerBook capped = new PeerBook(Fixtures.identity(1).nodeId(), settings.toBuilder().maxPeersPerSource(4).build(),
                clock);
        GossipService small = new GossipService(settings, registry, capped, new Random(1));
        small.handle(GossipMessages.PEER_EXCHANGE, Json.createObjectBuilder().add("peers", entries).build(), carol.nodeId());
        assertEquals(4, capped.size());
        assertTrue(capped.peers().stream().allMatch(p -> carol.nodeId().equals(p.source())));
        assertEquals(6, capped.refusalCount(PeerRefusal.SOURCE_LIMIT));
        assertEquals(10, capped.refusalCount(PeerRefusal.NO_IDENTITY));
    }
}
