package io.agentmesh.it.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.registry.Advert;
import io.agentmesh.registry.AdvertIssuer;
import io.agentmesh.registry.AdvertisedTool;
import io.agentmesh.registry.AgentInfo;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoopbackHttps;
import jakarta.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import java.net.http.HttpResponse;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * 2,000 Sybil adverts against a fresh node with default settings (registry.md §2.5, operations.md
 * "Limits"): a client link pushes 2,000 validly self-signed adverts of fresh identities, each claiming
 * the agent {@code echo}. The caps hold at most {@code mesh.registry.max-adverts-per-agent} (256) of
 * them, refuse the rest (at most {@code mesh.registry.max-new-adverts-per-push}, 128, new ones per push),
 * {@code agentmesh_registry_adverts_rejected{reason}} counts every refusal, and {@code *:echo/tools/call}
 * is served throughout (the local echo ranks first), while a healthy link answers {@code node/get_info}.
 */
class SybilAdvertsIT {

    private static final int SYBILS = 2_000;
    /** More than the per-push cap, in one transport message (at most 65,519 bytes; an advert takes 490). */
    private static final int PER_PUSH = 130;
    private static final int MAX_PER_AGENT = 256;
    private static final int MAX_NEW_PER_PUSH = 128;
    private static final Pattern REJECTED =
            Pattern.compile("(?m)^agentmesh_registry_adverts_rejected\\w*\\{[^}]*reason=\"(\\w+)\"[^}]*\\} ([0-9.eE+]+)$");

    private static LibertyNode node;
    private static HealthyLink healthy;
    private static HealthyLink attacker;
    private static int calls;

    @BeforeAll
    static void startNode() throws Exception {
        node = LibertyNode.create("it-attack-sybil", LibertyNode.basePort() + 101, Map.of()).start();
        healthy = HealthyLink.open(node.meshUrl(), NodeId.of(node.nodeId()));
        attacker = HealthyLink.open(node.meshUrl(), NodeId.of(node.nodeId()));
    }

    @AfterAll
    static void stopNode() {
        for (HealthyLink link : new HealthyLink[] {healthy, attacker}) {
            if (link != null) {
                link.close();
            }
        }
        if (node != null) {
            node.stop();
        }
    }

    /** {@code *:echo/tools/call} answers with the text sent, and node/get_info answers. */
    private static void echoIsServed() throws Exception {
        String text = "call-" + (++calls);
        JsonObject result = healthy.result("*:echo/tools/call",
                "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}");
        assertEquals(text, result.getJsonArray("content").getJsonObject(0).getString("text"), result.toString());
        healthy.assertAnswers();
    }

    private static Map<String, Long> rejectedByReason() {
        HttpResponse<String> r = new LoopbackHttps().await(node.httpsUrl() + "/metrics?scope=application", "admin",
                node.adminPassword(), x -> x.statusCode() == 200, Duration.ofSeconds(120));
        assertNotNull(r, "metrics answer");
        assertEquals(200, r.statusCode(), r.body());
        Map<String, Long> out = new HashMap<>();
        Matcher m = REJECTED.matcher(r.body());
        while (m.find()) {
            out.merge(m.group(1), (long) Double.parseDouble(m.group(2)), Long::sum);
        }
        return out;
    }

    @Test
    void theCapsRefuseTheExcessCountItAndEchoIsStillServed() throws Exception {
        echoIsServed();
        long rejectedBefore = rejectedByReason().values().stream().mapToLong(Long::longValue).sum();
        SecureRandom random = new SecureRandom();
        List<AgentInfo> echo = List.of(new AgentInfo("echo", "Echo", List.of(new AdvertisedTool("echo")), 0, 0));
        int accepted = 0;
        int rejected = 0;
        for (int pushed = 0; pushed < SYBILS; pushed += PER_PUSH) {
            Instant now = Instant.now();
            JsonArrayBuilder adverts = Json.createArrayBuilder();
            for (int i = 0; i < Math.min(PER_PUSH, SYBILS - pushed); i++) {
                NodeIdentity sybil = NodeIdentity.generate(random);
                adverts.add(AdvertIssuer.sign(sybil, new Advert(sybil.publicKeyBase64Url(), sybil.nodeId(), List.of(),
                        echo, 1, now, now.plus(Duration.ofMinutes(5)))).envelope());
            }
            JsonObject push = attacker.result("node/gossip_push",
                    Json.createObjectBuilder().add("adverts", adverts).build().toString());
            assertTrue(push.getInt("accepted") <= MAX_NEW_PER_PUSH, push.toString());
            assertEquals(0, push.getInt("duplicate"), push.toString());
            accepted += push.getInt("accepted");
            rejected += push.getInt("rejected");
            echoIsServed();
        }
        assertEquals(SYBILS, accepted + rejected);
        assertTrue(accepted <= MAX_PER_AGENT, accepted + " Sybils held");
        JsonObject found = healthy.result("node/find_agents", "{\"agent\":\"echo\"}");
        assertTrue(found.getJsonArray("agents").size() <= MAX_PER_AGENT + 1, "find_agents lists "
                + found.getJsonArray("agents").size());

        Map<String, Long> reasons = rejectedByReason();
        long counted = reasons.values().stream().mapToLong(Long::longValue).sum() - rejectedBefore;
        assertEquals(rejected, counted, "every refusal counted: " + reasons);
        assertTrue(reasons.getOrDefault("agent_limit", 0L) > 0, reasons.toString());
        assertTrue(reasons.getOrDefault("push_limit", 0L) > 0, reasons.toString());
        for (int i = 0; i < 10; i++) {
            echoIsServed();
        }
        attacker.assertAnswers();
    }
}
