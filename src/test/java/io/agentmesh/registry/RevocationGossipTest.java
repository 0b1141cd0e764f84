package io.agentmesh.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import io.agentmesh.membership.RevocationList;
import io.agentmesh.membership.Revocations;
import io.agentmesh.membership.SignedRevocationList;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.transport.Link;
import jakarta.json.JsonObject;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RevocationGossipTest {

    private final FixedRandom random = new FixedRandom(31);
    private final NodeIdentity authority = NodeIdentity.generate(random);
    private final List<Link> links = new CopyOnWriteArrayList<>();
    private final List<String> sentTo = new ArrayList<>();

    @TempDir
    Path dir;

    private RevocationGossip gossip(Revocations revocations) {
        RevocationGossip gossip = new RevocationGossip(revocations, () -> links,
                (link, params) -> sentTo.add(link.id() + " " + params.getJsonArray("lists").size()));
        gossip.register(new io.agentmesh.routing.NodeOperations(
                new io.agentmesh.routing.NodeInfo(NodeId.fromIdentityKey(authority.publicKey()), "k", List.of(), "s",
                        java.time.Instant.EPOCH),
                io.agentmesh.routing.AgentDirectory.EMPTY, io.agentmesh.routing.LinkDirectory.NONE, java.time.Clock.systemUTC()));
        return gossip;
    }

    private Revocations revocations(String name) {
        return Revocations.load(List.of(authority.publicKey()), dir.resolve(name));
    }

    private JsonObject list(long seq) {
        return SignedRevocationList.issue(authority, new RevocationList(authority.publicKey(), seq, 0,
                Set.of("0123456789abcdef0123456789abcdef"))).toJson();
    }

    private JsonObject params(JsonObject... lists) {
        var array = Json.createArrayBuilder();
        for (JsonObject l : lists) {
            array.add(l);
        }
        return Json.createObjectBuilder().add("lists", array).build();
    }

    @Test
    void aNewerListGoesToEveryLinkOnceAndToLinksThatComeUpLater() {
        Revocations revocations = revocations("a.json");
        RevocationGossip gossip = gossip(revocations);
        links.add(FakeLink.to(NodeId.of("a".repeat(40)), "l1"));
        gossip.round();
        assertEquals(List.of(), sentTo);   // nothing held yet
        revocations.offer(list(1));
        assertEquals(List.of("l1 1"), sentTo);
        gossip.round();
        assertEquals(List.of("l1 1"), sentTo);
        links.add(FakeLink.to(NodeId.of("b".repeat(40)), "l2"));
        gossip.round();
        assertEquals(List.of("l1 1", "l2 1"), sentTo);
        revocations.offer(list(2));
        assertEquals(List.of("l1 1", "l2 1", "l1 1", "l2 1"), sentTo);
    }

    @Test
    void theOperationTakesNewerListsAndNamesEachRefusal() throws Exception {
        Revocations revocations = revocations("b.json");
        RevocationGossip gossip = gossip(revocations);
        links.add(FakeLink.to(NodeId.of("a".repeat(40)), "l1"));
        JsonObject result = gossip.receive(params(list(3), list(2), Json.createObjectBuilder().add("body", 1).build()));
        assertEquals("[\"accepted\",\"revocations_stale\",\"revocations_malformed\"]", result.get("results").toString());
        assertEquals(3, revocations.seq(authority.publicKey()));
        assertEquals(List.of("l1 1"), sentTo);   // passed on once
        JsonRpcException none = assertThrows(JsonRpcException.class, () -> gossip.receive(Json.createObjectBuilder().build()));
        assertEquals(JsonRpc.INVALID_PARAMS, none.error().code());
    }
}
