package io.agentmesh.bench;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Continuous calls through one node's {@code POST /api/v1/call} (docs/api.md): {@code *:echo} (idempotent)
 * and, every fourth call, the notes sample's {@code add_note} (not idempotent) with a title unique to the
 * call ({@code <run>-<i>}), at most {@code --max-notes} (600) of them: the sample keeps at most
 * {@value io.agentmesh.agents.samples.NoteStore#MAX_NOTES} notes per node. Each call has a deadline (the HTTP request's timeout); per call it records ok,
 * the mesh's error code (or {@code timeout}, {@code io}) and the time it took, and at the end prints one
 * JSON summary ({@link CallTally}) on standard output. Meant to run inside a node's network namespace of
 * {@code liberty/mesh-netns.sh} (docs/operations.md, "A mesh of namespaces"):
 *
 * <pre>
 * liberty/mesh-netns.sh exec 5 java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *   io.agentmesh.bench.FailoverLoad --url http://10.241.17.5:9080 --token-file target/it-nodes/agentmesh/mcp.token \
 *   --seconds 60 --clients 4 --deadline 15s --run r1 [--calls-out calls.jsonl]
 * </pre>
 */
public final class FailoverLoad {

    private record Options(URI call, String token, Duration run, int clients, Duration deadline, String runId,
            int maxNotes, Path callsOut) {
    }

    private FailoverLoad() {
    }

    public static void main(String[] args) throws Exception {
        Options options = parse(args);
        CallTally tally = run(options);
        System.out.println(tally.summary().toString());
    }

    private static Options parse(String[] args) throws IOException {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value, got " + args[i]);
            }
            given.put(args[i].substring(2), args[i + 1]);
        }
        if (args.length % 2 != 0 || !given.containsKey("url") || !given.containsKey("token-file")) {
            throw new IllegalArgumentException("usage: FailoverLoad --url http://host:port --token-file FILE"
                    + " [--seconds 60] [--clients 4] [--deadline 15s] [--run ID] [--max-notes 600] [--calls-out FILE]");
        }
        String token = Files.readString(Path.of(given.get("token-file")), StandardCharsets.US_ASCII).trim();
        return new Options(URI.create(given.get("url") + "/api/v1/call"), token,
                Duration.ofSeconds(Long.parseLong(given.getOrDefault("seconds", "60"))),
                Integer.parseInt(given.getOrDefault("clients", "4")),
                Duration.parse("PT" + given.getOrDefault("deadline", "15s").toUpperCase()),
                given.getOrDefault("run", Long.toString(System.currentTimeMillis(), 36)),
                Integer.parseInt(given.getOrDefault("max-notes", "600")),
                given.containsKey("calls-out") ? Path.of(given.get("calls-out")) : null);
    }

    private static CallTally run(Options options) throws Exception {
        HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        long end = System.nanoTime() + options.run().toNanos();
        AtomicInteger next = new AtomicInteger();
        AtomicInteger notesLeft = new AtomicInteger(options.maxNotes());
        ExecutorService clients = Executors.newFixedThreadPool(options.clients());
        List<Future<List<CallTally.Call>>> parts = new ArrayList<>();
        for (int t = 0; t < options.clients(); t++) {
            parts.add(clients.submit(() -> {
                List<CallTally.Call> mine = new ArrayList<>();
                while (System.nanoTime() < end) {
                    int i = next.getAndIncrement();
                    boolean note = i % 4 == 3 && notesLeft.getAndDecrement() > 0;
                    mine.add(note ? call(http, options, "add_note", options.runId() + "-" + i)
                            : call(http, options, "echo", "load " + i));
                }
                return mine;
            }));
        }
        CallTally tally = new CallTally(options.deadline());
        for (Future<List<CallTally.Call>> part : parts) {
            part.get(options.run().plus(options.deadline()).toSeconds() + 60, TimeUnit.SECONDS).forEach(tally::add);
        }
        clients.shutdown();
        if (options.callsOut() != null) {
            Files.write(options.callsOut(), tally.lines(), StandardCharsets.UTF_8);
        }
        return tally;
    }

    private static CallTally.Call call(HttpClient http, Options options, String tool, String argument) {
        String params = tool.equals("echo")
                ? "{\"name\":\"echo\",\"arguments\":{\"text\":\"" + argument + "\"}}"
                : "{\"name\":\"add_note\",\"arguments\":{\"title\":\"" + argument + "\",\"text\":\"FailoverLoad\"}}";
        String target = tool.equals("echo") ? "*:echo" : "*:notes";
        HttpRequest request = HttpRequest.newBuilder(options.call()).timeout(options.deadline())
                .header("Content-Type", "application/json").header("Authorization", "Bearer " + options.token())
                .POST(HttpRequest.BodyPublishers.ofString(
                        "{\"target\":\"" + target + "\",\"method\":\"tools/call\",\"params\":" + params + "}"))
                .build();
        long start = System.nanoTime();
        String outcome;
        try {
            String body = http.send(request, HttpResponse.BodyHandlers.ofString()).body();
            outcome = outcome(body);
        } catch (HttpTimeoutException e) {
            outcome = CallTally.TIMEOUT;
        } catch (IOException e) {
            outcome = CallTally.IO;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            outcome = CallTally.IO;
        }
        return new CallTally.Call(tool, argument, outcome, Duration.ofNanos(System.nanoTime() - start));
    }

    /** {@code ok}, {@code tool_error} (a result with {@code isError}) or the JSON-RPC error code. */
    static String outcome(String body) {
        try {
            JsonObject answer = Json.createReader(new StringReader(body)).readObject();
            if (answer.containsKey("result")) {
                return answer.getJsonObject("result").getBoolean("isError", false) ? "tool_error" : CallTally.OK;
            }
            return Integer.toString(answer.getJsonObject("error").getInt("code"));
        } catch (RuntimeException e) {
            return "malformed";
        }
    }
}
