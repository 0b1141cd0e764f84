package io.agentmesh.it.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonReader;
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
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Crash safety of a node's files (docs/operations.md, "Crash safety"): a real Liberty server killed with
 * SIGKILL, again and again, while it writes them. First while it starts (when it makes its identity and
 * node id), then under a loop of {@code add_note} calls (the notes sample writes {@code notes.json} on
 * every change) while it also saves its peer book every 100 ms. After every kill the node starts again with
 * the same node id; every note acknowledged to the caller before the kill is there, once; no file was
 * found corrupt (nothing moved aside as {@code *.corrupt-*}); no temporary file of an interrupted write is
 * left. The peer it bootstraps from is the node the build started. Port: {@code mesh.it.node.base-port} +
 * 260. Kill times come from a fixed seed.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class CrashSafetyIT {

    private static final int KILLS_WHILE_STARTING = 3;
    private static final int KILLS_WHILE_WRITING = 3;   // at most 3 × 300 notes: the sample keeps 1,000
    private static final Random TIMES = new Random(260);
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();

    private static LibertyNode node;
    private static String nodeId;
    private static final List<String> acknowledged = new CopyOnWriteArrayList<>();

    @AfterAll
    static void stop() {
        if (node != null) {
            node.stop();
        }
    }

    @Test
    @Order(1)
    void aNodeKilledWhileItStartsComesUpWithOneIdentity() throws Exception {
        String build = "ws://127.0.0.1:" + Integer.getInteger("mesh.it.http.port", 9080) + "/mesh";
        node = LibertyNode.create("it-crash", LibertyNode.basePort() + 260, Map.of(
                "MESH_BOOTSTRAP", build,
                "MESH_REGISTRY_PEER_BOOK_SAVE_INTERVAL", "100ms"));
        Set<String> ids = new HashSet<>();
        for (int i = 0; i < KILLS_WHILE_STARTING; i++) {
            node.startNoWait();
            Thread.sleep(2_000 + TIMES.nextInt(12_000));   // somewhere in its start: features, WAR, identity
            node.kill();
            idOnDisk().ifPresent(ids::add);
        }
        node.start();
        nodeId = node.nodeId();
        ids.add(nodeId);
        assertEquals(Set.of(nodeId), ids, "one identity, whatever the kills interrupted");
        assertFilesWhole();
    }

    @Test
    @Order(2)
    void notesAcknowledgedBeforeEachKillAreThereAfterTheRestart() throws Exception {
        for (int cycle = 1; cycle <= KILLS_WHILE_WRITING; cycle++) {
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger acked = new AtomicInteger();
            int round = cycle;
            CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> writeNotes(round, acked, stop));
            int killAfter = 20 + TIMES.nextInt(180);           // notes acknowledged in this cycle before the kill
            Eventually.until(Duration.ofMinutes(2), "cycle " + cycle + ": " + killAfter + " notes acknowledged",
                    () -> acked.get() >= killAfter || writer.isDone());
            assertFalse(writer.isDone(), "cycle " + cycle + ": the writer still writes when the node is killed");
            node.kill();
            stop.set(true);
            writer.get();

            node.start();
            assertEquals(nodeId, node.nodeId(), "the same identity after kill " + cycle);
            List<String> titles = titles();
            for (String title : acknowledged) {
                assertTrue(titles.contains(title), "acknowledged note " + title + " survived kill " + cycle);
            }
            assertEquals(titles.size(), new HashSet<>(titles).size(), "no note stored twice: " + titles);
            assertFilesWhole();
            System.out.printf("CrashSafetyIT: kill %d during writes: %d notes acknowledged, %d stored%n",
                    cycle, acknowledged.size(), titles.size());
        }
    }

    /** Adds notes one after the other until the node dies or {@code stop}, counting those acknowledged. */
    private static void writeNotes(int cycle, AtomicInteger acked, AtomicBoolean stop) {
        for (int i = 0; !stop.get() && i < 300; i++) {
            String title = "crash-" + cycle + "-" + i;
            String body = "{\"target\":\"local:notes\",\"method\":\"tools/call\",\"params\":{\"name\":\"add_note\","
                    + "\"arguments\":{\"title\":\"" + title + "\",\"text\":\"written before a kill\"}}}";
            String answer = post(body);
            if (answer == null) {
                break;           // the node is gone: this call's fate is unknown, so it is not counted
            }
            JsonObject json = read(answer);
            if (json.containsKey("result") && !json.getJsonObject("result").getBoolean("isError", false)) {
                acknowledged.add(title);
                acked.incrementAndGet();
            }
        }
    }

    private static List<String> titles() {
        String answer = post("{\"target\":\"local:notes\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"list_notes\",\"arguments\":{}}}");
        assertTrue(answer != null, "list_notes answers");
        JsonObject result = read(answer).getJsonObject("result");
        String text = result.getJsonArray("content").getJsonObject(0).getString("text");
        List<String> titles = new ArrayList<>();
        for (String line : text.split("\n")) {
            int tab = line.indexOf('\t');          // "<id>\t<title>", one note per line
            if (tab > 0) {
                titles.add(line.substring(tab + 1));
            }
        }
        return titles;
    }

    /** The data files parse, none was moved aside as corrupt, no temporary file is left. */
    private static void assertFilesWhole() throws IOException {
        Path data = node.serverDir().resolve("mesh-data");
        try (Stream<Path> files = Files.walk(data)) {
            List<String> names = files.filter(Files::isRegularFile).map(p -> data.relativize(p).toString()).toList();
            assertFalse(names.stream().anyMatch(n -> n.contains(".corrupt-")), "no file found corrupt: " + names);
            assertFalse(names.stream().anyMatch(n -> n.endsWith(".tmp")), "no temporary file left: " + names);
            for (String name : names) {
                if (name.endsWith(".json")) {
                    read(Files.readString(data.resolve(name), StandardCharsets.UTF_8));
                }
            }
        }
        assertFalse(node.messagesLog().contains("moved it to"), "no file moved aside in the log");
    }

    private static Optional<String> idOnDisk() throws IOException {
        Path id = node.serverDir().resolve("mesh-data/node.id");
        return Files.exists(id) ? Optional.of(Files.readString(id, StandardCharsets.US_ASCII).trim()) : Optional.empty();
    }

    /** POSTs to the node's /api/v1/call; null when the node does not answer. */
    private static String post(String body) {
        try {
            return HTTP.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/api/v1/call"))
                            .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                            .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString()).body();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private static JsonObject read(String json) {
        try (JsonReader reader = Json.createReader(new StringReader(json))) {
            return reader.readObject();
        }
    }
}
