package io.agentmesh.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.IntFunction;

/**
 * Three real nodes in a chain, shared by every multi-node integration test of one failsafe JVM: node 2
 * and node 3 bootstrap from the node before them, node 1 also from node 2 (so that nodes 1 and 2 dial
 * each other and keep one link, wire-v1 §5.6), and no node dials anyone else
 * ({@code mesh.discovery.auto-dial=false}): node 1 reaches node 3 only through node 2. Started on first
 * use, stopped when the JVM exits. Ports from {@code mesh.it.node.base-port} + 30…32.
 */
public final class ChainMesh implements AutoCloseable {

    /** The forwarding deadline of the chain's nodes, shorter than the default so that tests of it stay short. */
    public static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(15);

    private static ChainMesh shared;

    private final List<LibertyNode> nodes;

    private ChainMesh(List<LibertyNode> nodes) {
        this.nodes = nodes;
    }

    /** The chain, started on the first call. */
    public static synchronized ChainMesh get() {
        if (shared == null) {
            ChainMesh chain = start();
            Runtime.getRuntime().addShutdownHook(new Thread(chain::stopAll, "chain-mesh-stop"));
            shared = chain;
        }
        return shared;
    }

    /** Node 3 of the shared chain also hosts the MCP conformance fixture agent, for McpConformanceIT. */
    private static ChainMesh start() {
        return start("chain", 30, k -> k == 3 ? Map.of("MESH_CONFORMANCE_ENABLED", "true") : Map.of());
    }

    /**
     * Another chain like the shared one, of servers {@code <prefix>-1} to {@code -3} on ports
     * {@code mesh.it.node.base-port} + {@code offset}…{@code offset + 2}, node {@code k} with
     * {@code extraEnv.apply(k)} added to its server.env; the caller stops it ({@link #close()}).
     */
    public static ChainMesh start(String prefix, int offset, IntFunction<Map<String, String>> extraEnv) {
        int base = LibertyNode.basePort() + offset;
        String url1 = "ws://127.0.0.1:" + base + "/mesh";
        String url2 = "ws://127.0.0.1:" + (base + 1) + "/mesh";
        LibertyNode n1 = LibertyNode.create(prefix + "-1", base, env(url2, extraEnv.apply(1)));
        LibertyNode n2 = LibertyNode.create(prefix + "-2", base + 1, env(url1, extraEnv.apply(2)));
        LibertyNode n3 = LibertyNode.create(prefix + "-3", base + 2, env(url2, extraEnv.apply(3)));
        LibertyNode.startAll(n1, n2, n3);
        return new ChainMesh(List.of(n1, n2, n3));
    }

    private static Map<String, String> env(String bootstrap, Map<String, String> extra) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_BOOTSTRAP", bootstrap);
        env.put("MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms");
        env.put("MESH_BOOTSTRAP_BACKOFF_MAX", "2s");
        env.put("MESH_DISCOVERY_AUTO_DIAL", "false");
        env.put("MESH_ROUTE_FORWARD_TIMEOUT", FORWARD_TIMEOUT.toMillis() + "ms");
        env.put("MESH_BENCH_ENABLED", "true");
        env.putAll(extra);
        return env;
    }

    /** Node {@code k}, 1 to 3. */
    public LibertyNode node(int k) {
        return nodes.get(k - 1);
    }

    public String nodeId(int k) {
        return node(k).nodeId();
    }

    /**
     * Waits until node {@code from} has a route to node {@code to} of {@code hops} hops (asked with
     * {@code node/list_routes} through {@code /api/v1/call}); false when it has not within {@code timeout}.
     */
    public boolean awaitRoute(int from, int to, int hops, Duration timeout) {
        String want = "{\"node\":\"" + nodeId(to) + "\",\"hops\":" + hops + ",";
        return awaitBody(from, "{\"target\":\"local\",\"method\":\"list_routes\"}", want, timeout);
    }

    /** Waits until node {@code from} has no route to node {@code to}. */
    public boolean awaitNoRoute(int from, int to, Duration timeout) {
        String id = "\"node\":\"" + nodeId(to) + "\"";
        return Eventually.within(timeout, () -> {
            String body = post(from, "{\"target\":\"local\",\"method\":\"list_routes\"}");
            return body != null && body.contains("\"routes\"") && !body.contains(id);
        });
    }

    private boolean awaitBody(int node, String request, String want, Duration timeout) {
        return Eventually.within(timeout, () -> {
            String body = post(node, request);
            return body != null && body.contains(want);
        });
    }

    /** POSTs {@code json} to {@code /api/v1/call} of node {@code k}; the body, or null when it does not answer. */
    public String post(int k, String json) {
        try {
            HttpResponse<String> r = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                    .send(HttpRequest.newBuilder(
                            URI.create(node(k).httpUrl() + "/api/v1/call"))
                    .timeout(Duration.ofSeconds(60))
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(json)).build(), HttpResponse.BodyHandlers.ofString());
            return r.body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    /** Stops the nodes of a chain of its own ({@link #start(String, int, IntFunction)}). */
    @Override
    public void close() {
        stopAll();
    }

    private void stopAll() {
        LibertyNode.stopAll(nodes.toArray(LibertyNode[]::new));
    }
}
