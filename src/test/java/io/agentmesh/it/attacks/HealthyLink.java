package io.agentmesh.it.attacks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.RawLink;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;

/**
 * A real Noise link to a node under attack, with a fresh identity: it sends requests and picks out their
 * answers among whatever else the node sends it (route announcements, the registry's own requests).
 * {@link #assertAnswers()} proves the node still serves it: {@code node/get_info} names the node.
 */
final class HealthyLink implements AutoCloseable {

    private final RawLink link;
    private final NodeId node;
    private int ids;

    private HealthyLink(RawLink link, NodeId node) {
        this.link = link;
        this.node = node;
    }

    /** Links to {@code url}, and waits until the node answers on the link, so that it has admitted it. */
    static HealthyLink open(String url, NodeId node) throws Exception {
        HealthyLink link = new HealthyLink(RawLink.open(url, node), node);
        link.assertAnswers();
        return link;
    }

    RawLink raw() {
        return link;
    }

    NodeId self() {
        return link.noise().identity().nodeId();
    }

    /** Sends a request with object {@code params} (JSON text) and waits for its answer. */
    JsonObject call(String method, String params) throws Exception {
        return answer(send(method, params));
    }

    /** Sends a request with object {@code params} (JSON text); returns its id. */
    synchronized int send(String method, String params) throws Exception {
        int id = ++ids;
        link.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}");
        return id;
    }

    /** Waits for the answer to request {@code id}, passing over everything else. */
    synchronized JsonObject answer(int id) throws Exception {
        return link.answer(id);
    }

    /** Waits for a request of {@code method} from the node, passing over everything else. */
    synchronized JsonObject awaitRequest(String method) throws Exception {
        while (true) {
            JsonObject message = Json.createReader(new StringReader(link.receive())).readObject();
            if (method.equals(message.getString("method", null)) && message.containsKey("id")) {
                return message;
            }
        }
    }

    /** The result of a request that must succeed. */
    JsonObject result(String method, String params) throws Exception {
        JsonObject answer = call(method, params);
        if (!answer.containsKey("result")) {
            throw new AssertionError(method + " answered " + answer);
        }
        return answer.getJsonObject("result");
    }

    /** {@code node/get_info} answers with the node's id. */
    void assertAnswers() throws Exception {
        assertEquals(node.value(), result("node/get_info", "{}").getString("node_id"));
    }

    @Override
    public void close() {
        link.close();
    }
}
