package io.agentmesh.it.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.identity.NodeId;
import jakarta.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * wire-v1 §5.3 on the build's node (default {@code mesh.route.ttl} 8): a request that arrives with ttl
 * 2,147,483,646 is lowered to the node's maximum before the usual decrement, so the next hop, a raw peer
 * linked to the node, receives it with ttl 7; a ttl below the maximum is only decremented, never raised.
 * The sender's link answers {@code node/get_info} throughout, and gets the next hop's answer back.
 */
class TtlClampIT {

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    private static final String URL = "ws://127.0.0.1:" + PORT + "/mesh";
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));
    private static final int NODE_MAX_TTL = 8;

    private static HealthyLink sender;
    private static HealthyLink nextHop;

    @BeforeAll
    static void link() throws Exception {
        NodeId node = NodeId.of(Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim());
        sender = HealthyLink.open(URL, node);
        nextHop = HealthyLink.open(URL, node);
        sender.assertAnswers();
        nextHop.assertAnswers();
    }

    @AfterAll
    static void close() {
        for (HealthyLink link : new HealthyLink[] {sender, nextHop}) {
            if (link != null) {
                link.close();
            }
        }
    }

    /** Sends a request for the next hop with route metadata of {@code ttl}; returns the ttl it arrives with. */
    private static long forwardedTtl(long ttl) throws Exception {
        String method = nextHop.self().value() + ":echo/tools/call";
        int id = sender.send(method, "{\"name\":\"echo\",\"arguments\":{\"text\":\"hop\"},\"_meta\":{\"agentmesh/route\":"
                + "{\"ttl\":" + ttl + ",\"origin\":\"" + sender.self().value() + "\",\"trace\":\"ttl-" + ttl + "\"}}}");
        JsonObject forwarded = nextHop.awaitRequest(method);
        long arrived = forwarded.getJsonObject("params").getJsonObject("_meta").getJsonObject("agentmesh/route")
                .getJsonNumber("ttl").longValueExact();
        nextHop.raw().send("{\"jsonrpc\":\"2.0\",\"id\":" + forwarded.get("id") + ",\"result\":{\"content\":[],\"isError\":false}}");
        JsonObject answer = sender.answer(id);
        assertEquals(false, answer.getJsonObject("result").getBoolean("isError"), answer.toString());
        sender.assertAnswers();
        return arrived;
    }

    @Test
    void aTtlAboveTheNodesMaximumIsLoweredToIt() throws Exception {
        assertEquals(NODE_MAX_TTL - 1, forwardedTtl(2_147_483_646L), "mesh.route.ttl, less the node's own hop");
        nextHop.assertAnswers();
    }

    @Test
    void aLowerTtlIsOnlyDecremented() throws Exception {
        assertEquals(2, forwardedTtl(3));
        nextHop.assertAnswers();
    }
}
