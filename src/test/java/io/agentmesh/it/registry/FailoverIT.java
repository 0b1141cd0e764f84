package io.agentmesh.it.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoopbackHttps;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Balancing and failover between replicas in running nodes (docs/registry.md §5): three Liberty
 * servers, of which B and C host the sample agents ({@code echo}, {@code notes}) and A hosts none
 * ({@code mesh.samples.enabled=false}). Clients call A's {@code POST /api/v1/call} with targets
 * {@code *:echo} and {@code *:notes}. Calls spread over both replicas; when C stops in the middle of the
 * load, every {@code echo} call (read-only, idempotent) still succeeds and none hangs, while
 * {@code add_note} (not idempotent) is never run twice: each note title appears on at most one node.
 * Ports: {@code mesh.it.node.base-port} + 70..72.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class FailoverIT {

    private static final Duration WAIT = Duration.ofSeconds(60);
    /** A's forwarding deadline: a call that hangs would end with -32062 after it. */
    private static final Duration FORWARD_TIMEOUT = Duration.ofSeconds(10);
    private static final int CLIENTS = 8;

    private static LibertyNode a;
    private static LibertyNode b;
    private static LibertyNode c;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();   // no h2c upgrade: Liberty may answer it with GOAWAY under load

    @BeforeAll
    static void setUp() throws Exception {
        Map<String, String> envA = env(null);
        envA.put("MESH_SAMPLES_ENABLED", "false");
        envA.put("MESH_ROUTE_FORWARD_TIMEOUT", FORWARD_TIMEOUT.toSeconds() + "s");
        a = LibertyNode.create("it-failover-a", LibertyNode.basePort() + 70, envA);
        b = LibertyNode.create("it-failover-b", LibertyNode.basePort() + 71, env(a.meshUrl()));
        c = LibertyNode.create("it-failover-c", LibertyNode.basePort() + 72, env(a.meshUrl()));
        LibertyNode.startAll(a, b, c);
        awaitReplicas("echo", Set.of(b.nodeId(), c.nodeId()));
        awaitReplicas("notes", Set.of(b.nodeId(), c.nodeId()));
    }

    @AfterAll
    static void tearDown() {
        LibertyNode.stopAll(a, b, c);
    }

    private static Map<String, String> env(String bootstrap) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_REGISTRY_ROUND_INTERVAL", "300ms");
        env.put("MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms");   // the nodes start side by side
        env.put("MESH_BOOTSTRAP_BACKOFF_MAX", "2s");
        if (bootstrap != null) {
            env.put("MESH_BOOTSTRAP", bootstrap);
        }
        return env;
    }

    @Test
    @Order(1)
    void callsToAnyEchoSpreadOverBothReplicas() throws Exception {
        double servedByB = echoCallsServed(b);
        double servedByC = echoCallsServed(c);
        int calls = 400;
        List<Outcome> outcomes = load(calls, i -> echo("spread " + i), new AtomicBoolean());
        for (Outcome o : outcomes) {
            assertTrue(o.ok(), o.toString());
        }
        double deltaB = echoCallsServed(b) - servedByB;
        double deltaC = echoCallsServed(c) - servedByC;
        System.out.printf("FailoverIT: %d calls to *:echo served by B %.0f, C %.0f%n", calls, deltaB, deltaC);
        assertEquals(calls, deltaB + deltaC, 0.0, "every call served once: B " + deltaB + ", C " + deltaC);
        assertTrue(deltaB >= calls / 10.0 && deltaC >= calls / 10.0,
                "both replicas serve a share: B " + deltaB + ", C " + deltaC);
    }

    @Test
    @Order(2)
    void stoppingAReplicaMidLoadLosesNoIdempotentCallAndRunsNoToolTwice() throws Exception {
        AtomicBoolean stopNow = new AtomicBoolean();
        ExecutorService stopper = Executors.newSingleThreadExecutor();
        Future<?> stopped = stopper.submit(() -> {
            sleep(1500);
            c.stop();
            sleep(2000);
            stopNow.set(true);
        });
        List<Outcome> outcomes = load(20_000, i -> i % 4 == 0 ? addNote("note-" + i) : echo("load " + i), stopNow);
        stopped.get(2, TimeUnit.MINUTES);
        stopper.shutdown();

        List<Outcome> echoes = outcomes.stream().filter(o -> o.tool().equals("echo")).toList();
        List<Outcome> notes = outcomes.stream().filter(o -> o.tool().equals("add_note")).toList();
        assertTrue(echoes.size() >= 50 && notes.size() >= 10, "load ran: " + echoes.size() + " echo calls, "
                + notes.size() + " notes");
        for (Outcome o : echoes) {
            assertTrue(o.ok(), "every echo call succeeds across the stop: " + o);
        }
        for (Outcome o : outcomes) {
            assertTrue(o.elapsed().compareTo(FORWARD_TIMEOUT) < 0, "no call hangs: " + o);
        }

        long failedNotes = notes.stream().filter(o -> !o.ok()).count();
        System.out.printf("FailoverIT: C stopped under load: %d echo calls, all ok, slowest %d ms; %d add_note calls,"
                        + " %d failed with -32060/-32062%n", echoes.size(),
                outcomes.stream().mapToLong(o -> o.elapsed().toMillis()).max().orElse(0), notes.size(), failedNotes);
        c.start();                                       // its notes survive in its data directory
        Map<String, Integer> onB = noteTitles(b);
        Map<String, Integer> onC = noteTitles(c);
        for (Outcome o : notes) {
            String title = o.argument();
            int runs = onB.getOrDefault(title, 0) + onC.getOrDefault(title, 0);
            if (o.ok()) {
                assertEquals(1, runs, "a note added once: " + o + " (B " + onB.get(title) + ", C " + onC.get(title) + ")");
            } else {
                assertTrue(runs <= 1, "a failed add ran at most once: " + o);
                assertTrue(Set.of(-32060, -32062).contains(o.code()), "only a possibly delivered add fails: " + o);
            }
        }
    }

    // ---------------------------------------------------------------- load

    /** One call: which tool, its argument, whether it succeeded (else the JSON-RPC error code), how long. */
    private record Outcome(String tool, String argument, boolean ok, int code, Duration elapsed, String body) {
    }

    private record Call(String target, String tool, String argument, String body) {
    }

    private static Call echo(String text) {
        return new Call("*:echo", "echo", text, "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + text + "\"}}");
    }

    private static Call addNote(String title) {
        return new Call("*:notes", "add_note", title,
                "{\"name\":\"add_note\",\"arguments\":{\"title\":\"" + title + "\",\"text\":\"from FailoverIT\"}}");
    }

    /** Runs up to {@code max} calls through A from {@link #CLIENTS} threads, until {@code stop} is set. */
    private static List<Outcome> load(int max, java.util.function.IntFunction<Call> calls, AtomicBoolean stop)
            throws Exception {
        AtomicInteger next = new AtomicInteger();
        ExecutorService clients = Executors.newFixedThreadPool(CLIENTS);
        List<Future<List<Outcome>>> parts = new ArrayList<>();
        for (int t = 0; t < CLIENTS; t++) {
            parts.add(clients.submit(() -> {
                List<Outcome> mine = new ArrayList<>();
                for (int i = next.getAndIncrement(); i < max && !stop.get(); i = next.getAndIncrement()) {
                    mine.add(call(calls.apply(i)));
                }
                return mine;
            }));
        }
        List<Outcome> all = new ArrayList<>();
        for (Future<List<Outcome>> part : parts) {
            all.addAll(part.get(5, TimeUnit.MINUTES));
        }
        clients.shutdown();
        return all;
    }

    private static Outcome call(Call call) throws IOException, InterruptedException {
        String body = "{\"target\":\"" + call.target() + "\",\"method\":\"tools/call\",\"params\":" + call.body() + "}";
        Instant start = Instant.now();
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(a.httpUrl() + "/api/v1/call"))
                .timeout(FORWARD_TIMEOUT.multipliedBy(4)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        Duration elapsed = Duration.between(start, Instant.now());
        JsonObject answer = Json.createReader(new StringReader(r.body())).readObject();
        if (answer.containsKey("result")) {
            boolean toolError = answer.getJsonObject("result").getBoolean("isError", false);
            return new Outcome(call.tool(), call.argument(), !toolError, 0, elapsed, r.body());
        }
        return new Outcome(call.tool(), call.argument(), false, answer.getJsonObject("error").getInt("code"), elapsed,
                r.body());
    }

    // ---------------------------------------------------------------- reading the nodes

    /** {@code agentmesh_calls_total{agent="echo",outcome="ok"}} of {@code node}: echo calls its agent served. */
    private static double echoCallsServed(LibertyNode node) {
        HttpResponse<String> r = new LoopbackHttps().await(node.httpsUrl() + "/metrics?scope=application", "admin",
                node.adminPassword(), answer -> answer.statusCode() == 200, WAIT);
        if (r == null || r.statusCode() != 200) {
            throw new AssertionError(node.name() + " /metrics: " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
        }
        double total = 0;
        for (String line : r.body().split("\n")) {
            if (line.startsWith("agentmesh_calls_total{") && line.contains("agent=\"echo\"")
                    && line.contains("outcome=\"ok\"")) {
                total += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return total;
    }

    /** How often each note title occurs on {@code node} ({@code list_notes}: id and title per line). */
    private static Map<String, Integer> noteTitles(LibertyNode node) throws Exception {
        Outcome listed = callOn(node, node.nodeId() + ":notes", "{\"name\":\"list_notes\"}");
        JsonObject result = Json.createReader(new StringReader(listed.body())).readObject().getJsonObject("result");
        String text = result.getJsonArray("content").getJsonObject(0).getString("text");
        Map<String, Integer> titles = new HashMap<>();
        Matcher m = Pattern.compile("(?m)^\\S+\\t(.+)$").matcher(text);
        while (m.find()) {
            titles.merge(m.group(1), 1, Integer::sum);
        }
        return titles;
    }

    private static Outcome callOn(LibertyNode node, String target, String params) throws Exception {
        String body = "{\"target\":\"" + target + "\",\"method\":\"tools/call\",\"params\":" + params + "}";
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(node.httpUrl() + "/api/v1/call"))
                .timeout(Duration.ofSeconds(30)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return new Outcome("list_notes", target, true, 0, Duration.ZERO, r.body());
    }

    /** Waits until A's {@code node/find_agents} lists {@code agent} on exactly {@code nodes}. */
    private static void awaitReplicas(String agent, Set<String> nodes) {
        Eventually.until(WAIT, () -> a.replicasOf(agent), nodes::equals, seen -> "A did not list " + agent
                + " on " + nodes + " within " + WAIT + "; last " + seen + "\n" + a.messagesLog());
    }

    private static void sleep(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
