package io.agentmesh.registry.sim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.Advert;
import io.agentmesh.registry.AdvertIssuer;
import io.agentmesh.registry.AdvertRejection;
import io.agentmesh.registry.AdvertisedTool;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.registry.GossipMessages;
import io.agentmesh.registry.RegistrySettings;
import io.agentmesh.registry.SignedAdvert;
import io.agentmesh.identity.Base64Url;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Random;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Convergence, expiry and forgery resistance of the gossip with many nodes (docs/registry.md §7).
 * Rounds are counted, never timed. The 10-node and forgery runs verify every envelope on every node;
 * the larger runs share one cache of verification outcomes among their nodes.
 */
class GossipSimulationTest {

    private static final Logger REGISTRY_LOG = Logger.getLogger("io.agentmesh.registry");
    private static Level saved;

    @BeforeAll
    static void quiet() {
        saved = REGISTRY_LOG.getLevel();
        REGISTRY_LOG.setLevel(Level.SEVERE); // forgeries are logged at WARNING, thousands of them here
    }

    @AfterAll
    static void restore() {
        REGISTRY_LOG.setLevel(saved);
    }

    @Test
    void tenNodesConverge() {
        Simulation sim = new Simulation(10, 10, RegistrySettings.defaults(), 2, false, false);
        assertFalse(sim.converged());
        int rounds = sim.runUntilConverged(12);
        assertTrue(rounds > 0, "10 nodes did not converge in 12 rounds");
        for (Simulation.Node n : sim.nodes()) {
            assertEquals(10, n.registry().registry().size());
            assertEquals(9, n.registry().peers().size(), "every node knows every other as a peer");
        }
    }

    @Test
    void hundredNodesConvergeAndAgreeOnQueries() {
        Simulation sim = new Simulation(100, 100, RegistrySettings.defaults(), 2, true, false);
        int rounds = sim.runUntilConverged(12);
        assertTrue(rounds > 0, "100 nodes did not converge in 12 rounds");
        // agent-7 runs on nodes 7, 57: every node finds both replicas
        for (Simulation.Node n : sim.nodes()) {
            assertEquals(List.of(sim.node(7).id(), sim.node(57).id()).stream().sorted().toList(),
                    n.registry().registry().replicas("agent-7"));
            assertEquals(2, n.registry().registry().find(null, null, "kind 7").stream()
                    .filter(m -> m.agent().equals("agent-7")).count());
        }
    }

    @Test
    void thousandNodesConvergeInAtMostTwelveRounds() {
        Simulation sim = new Simulation(1000, 1000, RegistrySettings.defaults(), 2, true, false);
        int rounds = sim.runUntilConverged(12);
        assertTrue(rounds > 0 && rounds <= 12, "1,000 nodes did not converge in 12 rounds");
        assertEquals(1000, sim.node(0).registry().registry().size());
        assertEquals(1000, sim.cache().verified(), "each advert verified once, then taken from the shared cache");
    }

    @Test
    void thousandNodesConvergeInAtMostTwelveRoundsDespiteLossAndChurn() {
        Simulation sim = new Simulation(1000, 1001, RegistrySettings.defaults(), 2, true, false);
        sim.network().lose(0.10, new Random(1002));
        // before every round 5 % of the nodes leave and as many new ones join, each knowing 3 live nodes
        ChurnRun.Result run = ChurnRun.run(sim, 16, 50, 3, 12);
        assertTrue(run.cohortRounds() > 0 && run.cohortRounds() <= 12,
                "the first nodes still alive know each other after " + run.cohortRounds() + " rounds");
        assertEquals(0, run.lagging(), "after every round from the 12th on, the nodes alive 12 rounds earlier "
                + "know each other");
        assertEquals(0, run.unsettled(), "every new node is settled in within 12 rounds");
        assertTrue(run.settleRounds().size() > 200 && run.settleMax() <= 12, "settled: " + run.settleRounds().size()
                + ", slowest " + run.settleMax() + " rounds");
        assertTrue(run.lost() > run.messages() / 20, "about a tenth of the messages were lost: " + run.lost()
                + " of " + run.messages());
    }

    /**
     * 1,000 nodes with the caps scaled by 1/5 meet them as 5,000 nodes meet the defaults (a new node lacks
     * about ten times a sync result's adverts). Each new node pages through its peers' adverts
     * ({@code syncPages}), and the peers cut a result short with a random choice, so the mesh keeps up.
     * Before both, the first nodes did not know each other after 16 rounds and 60 new nodes had not
     * settled in after 12; with the random choice alone ({@code syncPages} 1): 15 rounds and 35 nodes.
     */
    @Test
    void thousandNodesWithTheCapsOfFiveThousandSettleInDespiteLossAndChurn() {
        Simulation sim = new Simulation(1000, 1001, Simulation.scaledCaps(RegistrySettings.defaults(), 0.2), 2, true,
                false);
        sim.network().lose(0.10, new Random(1002));
        ChurnRun.Result run = ChurnRun.run(sim, 16, 50, 3, 12);
        assertTrue(run.cohortRounds() > 0 && run.cohortRounds() <= 12,
                "the first nodes still alive know each other after " + run.cohortRounds() + " rounds");
        assertEquals(0, run.lagging(), "the mesh never lags more than 12 rounds behind its churn");
        assertEquals(0, run.unsettled(), "every new node is settled in within 12 rounds");
        assertTrue(run.settleMax() <= 12, "slowest " + run.settleMax() + " rounds");
    }

    @Test
    void aStoppedNodeExpiresEverywhere() {
        RegistrySettings settings = RegistrySettings.builder()
                .advertTtl(Duration.ofSeconds(60))
                .advertRefresh(Duration.ofSeconds(20))
                .nodeGoneAfter(Duration.ofSeconds(90))
                .build();
        Simulation sim = new Simulation(100, 7, settings, 2, true, false);
        assertTrue(sim.runUntilConverged(12) > 0);
        Simulation.Node stopped = sim.node(42);
        sim.stop(stopped);
        int roundsToExpiry = (int) (settings.advertTtl().toSeconds() / settings.roundInterval().toSeconds());
        for (int i = 0; i < roundsToExpiry / 2; i++) {
            sim.round();
        }
        assertTrue(sim.holdersOf(stopped) > 90, "before its expiry the advert is still held");
        for (int i = roundsToExpiry / 2; i <= roundsToExpiry; i++) {
            sim.round();
        }
        assertEquals(0, sim.holdersOf(stopped), "the stopped node's advert expired on every node");
        for (Simulation.Node n : sim.alive()) {
            assertEquals(List.of(), n.registry().registry().replicas("agent-42").stream()
                    .filter(id -> id.equals(stopped.id())).toList());
        }
        assertTrue(sim.runUntilConverged(12) > 0, "the other nodes keep refreshing and agreeing");
        long backingOff = sim.alive().stream()
                .filter(n -> n.registry().peers().get(stopped.id()).map(p -> p.consecutiveFailures() > 0).orElse(false))
                .count();
        assertTrue(backingOff > 0, "nodes that tried the stopped node back off from it");
    }

    @Test
    void forgedAdvertsInjectedByAMaliciousNodeNeverSpread() {
        Simulation sim = new Simulation(100, 99, RegistrySettings.defaults(), 2, false, false);
        Simulation.Node mallory = sim.node(0);
        Simulation.Node victim = sim.node(1);
        List<JsonObject> forgeries = forgeries(mallory.identity(), victim, sim);
        sim.network().tamper(mallory.id(), (method, body, isResult) -> inject(method, body, isResult, forgeries, victim));

        int rounds = sim.runUntilConverged(15);
        assertTrue(rounds > 0, "the honest nodes still converge");
        SignedAdvert genuine = victim.registry().ownAdvert();
        long rejections = 0;
        for (Simulation.Node n : sim.nodes()) {
            if (n == mallory) {
                continue;
            }
            SignedAdvert held = n.registry().registry().get(victim.id()).orElseThrow();
            assertTrue(held.sameBytes(genuine), "node " + n.id() + " holds the victim's genuine advert");
            assertEquals(List.of("Agent kind 1", "Agent kind 1"), n.registry().registry().find("agent-1", null, null)
                    .stream().map(m -> m.title()).toList(), "agent-1 on nodes 1 and 51, no evil twin");
            long r = n.registry().registry().rejectionCount(AdvertRejection.BAD_SIGNATURE)
                    + n.registry().registry().rejectionCount(AdvertRejection.NODE_ID_MISMATCH);
            if (r > 0) {
                assertTrue(sim.network().contactsOf(mallory.id()).contains(n.id()),
                        "only nodes that talked to the forger ever saw a forgery: they never pass one on");
            }
            rejections += r;
        }
        assertTrue(rejections > 0, "forgeries were offered and refused");
        long distrusting = sim.nodes().stream()
                .filter(n -> n.registry().peers().get(mallory.id()).map(p -> p.consecutiveFailures() > 0).orElse(false))
                .count();
        assertTrue(distrusting > 0, "nodes served forgeries mark the forger failed");
    }

    /** Three forgeries of the victim's advert, each with a sequence number above any genuine one. */
    private static List<JsonObject> forgeries(NodeIdentity mallory, Simulation.Node victim, Simulation sim) {
        Advert genuine = victim.registry().ownAdvert().advert();
        long seq = genuine.seq() + 1_000_000;
        List<AgentInfo> evil = List.of(new AgentInfo("agent-1", "Evil twin", List.of(new AdvertisedTool("lookup")), 0, 0));
        // 1: the victim's identity and id, signed by mallory
        Advert claim = new Advert(genuine.identity(), genuine.nodeId(), List.of("ws://127.0.0.1:6666/mesh"), evil, seq,
                genuine.issuedAt(), genuine.expiresAt());
        JsonObject wrongKey = AdvertIssuer.sign(mallory, claim).envelope();
        // 2: mallory's own key with the victim's node id
        Advert mismatch = new Advert(mallory.publicKeyBase64Url(), genuine.nodeId(), List.of(), evil, seq + 1,
                genuine.issuedAt(), genuine.expiresAt());
        JsonObject idMismatch = AdvertIssuer.sign(mallory, mismatch).envelope();
        // 3: the genuine envelope with its body altered, the genuine signature kept
        String body = new String(Base64Url.decode(victim.registry().ownAdvert().body()), StandardCharsets.UTF_8)
                .replace("\"seq\":" + genuine.seq(), "\"seq\":" + (seq + 2))
                .replace("ws://127.0.0.1:", "ws://127.0.0.6:");
        JsonObject tampered = Json.createObjectBuilder()
                .add("body", Base64Url.encode(body.getBytes(StandardCharsets.UTF_8)))
                .add("sig", victim.registry().ownAdvert().sig()).build();
        return List.of(wrongKey, idMismatch, tampered);
    }

    /** Adds the forgeries to every sync result and push mallory sends, and claims a newer victim advert in its digests. */
    private static JsonObject inject(String method, JsonObject body, boolean isResult, List<JsonObject> forgeries,
                                     Simulation.Node victim) {
        if ((method.equals(GossipMessages.SYNC) && isResult) || (method.equals(GossipMessages.PUSH) && !isResult)) {
            var adverts = Json.createArrayBuilder(body.getJsonArray("adverts"));
            forgeries.forEach(adverts::add);
            return Json.createObjectBuilder(body).add("adverts", adverts).build();
        }
        if (method.equals(GossipMessages.SYNC)) {
            var digest = Json.createObjectBuilder(body.getJsonObject("digest"))
                    .add(victim.id().value(), victim.registry().ownAdvert().advert().seq() + 1_000_000);
            return Json.createObjectBuilder(body).add("digest", digest).build();
        }
        return body;
    }

}
