package io.agentmesh.it.admin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Readiness on real nodes: a node whose bootstrap peers cannot be reached becomes not ready after its
 * grace period, naming them; a node that loses its only bootstrap peer reports the lost links and
 * becomes not ready after the grace period.
 */
class BootstrapHealthIT {

    private static final Duration PATIENCE = Duration.ofSeconds(90);
    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(2)).build();

    /** The readiness answer: status code and body. */
    private record Ready(int status, JsonObject body) {
        JsonObject check(String name) {
            return body.getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                    .filter(c -> c.getString("name").equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no check " + name + " in " + body));
        }
    }

    private Ready ready(LibertyNode node) {
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            try (JsonReader reader = Json.createReader(new StringReader(r.body()))) {
                return new Ready(r.statusCode(), reader.readObject());
            }
        } catch (IOException | RuntimeException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private Ready awaitReady(LibertyNode node, Predicate<Ready> until) {
        return Eventually.until(PATIENCE, () -> ready(node), r -> r != null && until.test(r),
                last -> "readiness of " + node.name() + " never matched; last: "
                        + (last == null ? "no answer" : last.status() + " " + last.body()) + "\n" + node.messagesLog());
    }

    private static boolean bootstrapState(Ready r, String state) {
        return r.body().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .anyMatch(c -> c.getString("name").equals("agentmesh-bootstrap")
                        && state.equals(c.getJsonObject("data").getString("bootstrap", "")));
    }

    /** Whether the node's own check is UP: it is once its HTTP endpoint answers, which may come after the grace. */
    private static boolean nodeUp(Ready r) {
        return r.body().getJsonArray("checks").stream().map(JsonValue::asJsonObject)
                .anyMatch(c -> c.getString("name").equals("agentmesh-node") && c.getString("status").equals("UP"));
    }

    @Test
    void anUnreachableBootstrapListMakesReadinessDownNamingIt() throws Exception {
        int port = LibertyNode.basePort() + 50;
        String nowhere = "ws://127.0.0.1:" + (LibertyNode.basePort() + 59) + "/mesh";
        LibertyNode node = LibertyNode.create("it-bootstrap-unreachable", port,
                Map.of("MESH_BOOTSTRAP", nowhere, "MESH_HEALTH_BOOTSTRAP_GRACE", "2s"));
        try {
            node.startNoWait();
            Ready r = awaitReady(node, x -> bootstrapState(x, "unreachable") && nodeUp(x));
            assertEquals(503, r.status());
            JsonObject bootstrap = r.check("agentmesh-bootstrap");
            assertEquals("DOWN", bootstrap.getString("status"));
            assertEquals(nowhere, bootstrap.getJsonObject("data").getString("unreachable"));
            assertEquals("PT2S", bootstrap.getJsonObject("data").getString("grace"));
            assertEquals("UP", r.check("agentmesh-node").getString("status"), "the node itself started");
            assertEquals("UP", r.check("agentmesh-links").getString("status"));
            // the refused dials failed in the node's TCP preflight: Liberty's client never reported them
            assertFalse(node.messagesLog().contains("CWWKH0044E"), node.messagesLog());
            assertEquals(List.of(), ffdcIncidentsNaming(node, "java.net.ConnectException"));
        } finally {
            node.stop();
        }
    }

    /** The FFDC files of {@code node} that name {@code text}. */
    private static List<String> ffdcIncidentsNaming(LibertyNode node, String text) throws IOException {
        Path ffdc = node.serverDir().resolve("logs/ffdc");
        if (!Files.isDirectory(ffdc)) {
            return List.of();
        }
        List<String> naming = new ArrayList<>();
        try (Stream<Path> files = Files.list(ffdc)) {
            for (Path file : files.toList()) {
                if (Files.readString(file, StandardCharsets.ISO_8859_1).contains(text)) {
                    naming.add(file.getFileName().toString());
                }
            }
        }
        return naming;
    }

    @Test
    void aNodeThatLosesItsBootstrapPeerReportsItAndTurnsNotReadyAfterTheGrace() throws Exception {
        LibertyNode seed = LibertyNode.create("it-bootstrap-seed", LibertyNode.basePort() + 51, Map.of());
        LibertyNode joiner = LibertyNode.create("it-bootstrap-joiner", LibertyNode.basePort() + 52,
                Map.of("MESH_BOOTSTRAP", seed.meshUrl(), "MESH_HEALTH_BOOTSTRAP_GRACE", "3s"));
        try {
            seed.start();
            joiner.start();
            Ready linked = awaitReady(joiner, x -> bootstrapState(x, "linked"));
            assertEquals(200, linked.status());
            assertEquals(seed.meshUrl(), linked.check("agentmesh-bootstrap").getJsonObject("data").getString("linked"));
            assertEquals(1, linked.check("agentmesh-links").getJsonObject("data").getInt("open"));
            Ready seedReady = ready(seed);
            assertEquals("none", seedReady.check("agentmesh-bootstrap").getJsonObject("data").getString("bootstrap"));

            seed.stop();
            Ready lost = awaitReady(joiner, x -> bootstrapState(x, "unreachable"));
            assertEquals(503, lost.status());
            assertEquals(seed.meshUrl(), lost.check("agentmesh-bootstrap").getJsonObject("data").getString("unreachable"));
            JsonObject links = lost.check("agentmesh-links").getJsonObject("data");
            assertEquals(0, links.getInt("open"));
            assertTrue(links.getBoolean("lost-every-link"), links.toString());
            assertTrue(links.containsKey("last-link-seen"), links.toString());
        } finally {
            joiner.stop();
            seed.stop();
        }
    }
}
