package io.agentmesh.bench;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
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
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * The load of a {@link Soak} run: from inside one node's network namespace, mixed calls to that node (the
 * entry node) for {@code --seconds}, by {@code --clients} threads each with its own HTTP connection. Each
 * thread repeats one round:
 * <ul>
 *   <li>{@code api_echo}: {@code *:echo} {@code tools/call} through {@code POST /api/v1/call};</li>
 *   <li>{@code api_ping}: {@code node/ping} of the next node (entry k pings node k mod n + 1);</li>
 *   <li>{@code notes_add}, {@code notes_delete}: {@code add_note} on the next node's notes agent, then
 *       {@code delete_note} of the note it made (a stateful agent that writes a file per change; the store
 *       stays small);</li>
 *   <li>{@code mcp_modern}: {@code tools/call} of echo at {@code /mcp/*}{@code /echo}, MCP 2026-07-28
 *       (stateless, {@code _meta} protocol version);</li>
 *   <li>{@code mcp_legacy}: {@code tools/call} of {@code list_notes} in an MCP 2025-11-25 session at
 *       {@code /mcp/<next node>/notes}, held by the entry node; {@code mcp_session} counts its
 *       {@code initialize}. A session is ended by {@code DELETE} after 25 calls, and dropped after any
 *       failed call (its entry node may have restarted): the next round begins a new one.</li>
 * </ul>
 * Every {@code --window} the process prints one JSON line: the outcomes ({@code ok}, a JSON-RPC error
 * code, {@code tool_error}, {@code timeout}, {@code io}, {@code http_<status>} for an answer that is not JSON-RPC)
 * of the calls that ended in that
 * window, by kind, e.g. {@code {"entry":1,"from":…,"to":…,"kinds":{"api_echo":{"ok":412}}}}. A call has a
 * deadline ({@code --deadline}, the HTTP timeout); after an {@code io} outcome (the entry node is down) the
 * thread pauses 250 ms.
 *
 * <pre>
 * liberty/mesh-netns.sh exec 1 --prefix soak java -cp … io.agentmesh.bench.SoakLoad --url http://10.241.29.1:9080 \
 *   --token-file target/it-nodes/soak/mcp.token --entry 1 --nodes ID1,ID2,ID3 --seconds 1800 [--clients 2]
 *   [--deadline 15s] [--window 2s] [--pause 5ms]
 * </pre>
 */
public final class SoakLoad {

    private static final String ACCEPT = "application/json, text/event-stream";
    private static final int CALLS_PER_SESSION = 25;
    private static final long PAUSE_AFTER_IO_MILLIS = 250;

    private record Options(String url, String token, int entry, List<String> nodes, Duration run, int clients,
            Duration deadline, Duration window, Duration pause) {

        String next() {
            return nodes.get(entry % nodes.size());
        }
    }

    /** The outcomes of one window, by kind. */
    private static final class Window {
        final long from = System.currentTimeMillis();
        final Map<String, Map<String, LongAdder>> kinds = new ConcurrentHashMap<>();

        void add(String kind, String outcome) {
            kinds.computeIfAbsent(kind, k -> new ConcurrentHashMap<>()).computeIfAbsent(outcome, o -> new LongAdder())
                    .increment();
        }

        String line(int entry) {
            JsonObjectBuilder byKind = Json.createObjectBuilder();
            new TreeMap<>(kinds).forEach((kind, outcomes) -> {
                JsonObjectBuilder o = Json.createObjectBuilder();
                new TreeMap<>(outcomes).forEach((outcome, n) -> o.add(outcome, n.sum()));
                byKind.add(kind, o);
            });
            return Json.createObjectBuilder().add("entry", entry).add("from", from)
                    .add("to", System.currentTimeMillis()).add("kinds", byKind).build().toString();
        }
    }

    private final Options options;
    private final AtomicReference<Window> window = new AtomicReference<>(new Window());

    private SoakLoad(Options options) {
        this.options = options;
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            given.put(args[i].replaceFirst("^--", ""), args[i + 1]);
        }
        for (String required : List.of("url", "token-file", "entry", "nodes", "seconds")) {
            if (!given.containsKey(required)) {
                throw new IllegalArgumentException("usage: SoakLoad --url http://host:port --token-file FILE --entry K"
                        + " --nodes ID1,ID2,… --seconds S [--clients 2] [--deadline 15s] [--window 2s] [--pause 5ms]");
            }
        }
        Options options = new Options(given.get("url"),
                Files.readString(Path.of(given.get("token-file")), StandardCharsets.US_ASCII).trim(),
                Integer.parseInt(given.get("entry")), List.of(given.get("nodes").split(",")),
                Duration.ofSeconds(Long.parseLong(given.get("seconds"))),
                Integer.parseInt(given.getOrDefault("clients", "2")), Soak.duration(given.getOrDefault("deadline", "15s")),
                Soak.duration(given.getOrDefault("window", "2s")), Soak.duration(given.getOrDefault("pause", "5ms")));
        new SoakLoad(options).run();
    }

    private void run() throws Exception {
        long end = System.nanoTime() + options.run().toNanos();
        ExecutorService clients = Executors.newFixedThreadPool(options.clients());
        List<Future<?>> running = new ArrayList<>();
        for (int c = 0; c < options.clients(); c++) {
            running.add(clients.submit(() -> {
                new Client().loop(end);
                return null;
            }));
        }
        while (System.nanoTime() < end) {
            Thread.sleep(Math.min(options.window().toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
            System.out.println(window.getAndSet(new Window()).line(options.entry()));
        }
        for (Future<?> f : running) {
            f.get(options.deadline().toSeconds() * 3 + 30, TimeUnit.SECONDS);
        }
        System.out.println(window.getAndSet(new Window()).line(options.entry()));
        clients.shutdown();
    }

    /** One client thread: its connection and its MCP session. */
    private final class Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
        private String session;
        private int sessionCalls;
        private long id;

        void loop(long end) throws InterruptedException {
            while (System.nanoTime() < end) {
                record("api_echo", api("*:echo", "tools/call", "{\"name\":\"echo\",\"arguments\":{\"text\":\"soak\"}}"));
                record("api_ping", api(options.next(), "ping", "{}"));
                notes();
                record("mcp_modern", modern());
                legacy();
            }
            endSession();
        }

        private void notes() throws InterruptedException {
            Answer added = api(options.next() + ":notes", "tools/call",
                    "{\"name\":\"add_note\",\"arguments\":{\"title\":\"soak\",\"text\":\"entry " + options.entry() + "\"}}");
            record("notes_add", added);
            String note = added.noteId();
            if (note != null) {
                record("notes_delete", api(options.next() + ":notes", "tools/call",
                        "{\"name\":\"delete_note\",\"arguments\":{\"id\":\"" + note + "\"}}"));
            }
        }

        private Answer api(String target, String method, String params) {
            return send(HttpRequest.newBuilder(URI.create(options.url() + "/api/v1/call")).POST(
                    HttpRequest.BodyPublishers.ofString("{\"target\":\"" + target + "\",\"method\":\"" + method
                            + "\",\"params\":" + params + "}")));
        }

        private Answer modern() {
            String body = "{\"jsonrpc\":\"2.0\",\"id\":" + (++id) + ",\"method\":\"tools/call\",\"params\":{\"name\":\"echo\","
                    + "\"arguments\":{\"text\":\"soak\"},\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\","
                    + "\"io.modelcontextprotocol/clientCapabilities\":{}}}}";
            return send(HttpRequest.newBuilder(URI.create(options.url() + "/mcp/*/echo")).header("Accept", ACCEPT)
                    .header("MCP-Protocol-Version", "2026-07-28").header("Mcp-Method", "tools/call")
                    .header("Mcp-Name", "echo").POST(HttpRequest.BodyPublishers.ofString(body)));
        }

        private void legacy() throws InterruptedException {
            if (session == null) {
                Answer init = send(legacyRequest(null).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"id\":" + (++id) + ",\"method\":\"initialize\",\"params\":{\"protocolVersion\":"
                                + "\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"SoakLoad\",\"version\":\"1\"}}}")));
                String minted = init.session();
                record("mcp_session", minted == null && init.outcome().equals(CallTally.OK) ? "no_session" : init.outcome(),
                        init.outcome().equals(CallTally.IO));
                if (minted == null) {
                    return;
                }
                session = minted;
                sessionCalls = 0;
                send(legacyRequest(session).POST(HttpRequest.BodyPublishers.ofString(
                        "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")));
            }
            Answer call = send(legacyRequest(session).header("MCP-Protocol-Version", "2025-11-25")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":" + (++id)
                            + ",\"method\":\"tools/call\",\"params\":{\"name\":\"list_notes\",\"arguments\":{}}}")));
            record("mcp_legacy", call);
            if (!call.outcome().equals(CallTally.OK)) {
                session = null;
            } else if (++sessionCalls >= CALLS_PER_SESSION) {
                endSession();
            }
        }

        private void endSession() {
            if (session != null) {
                send(legacyRequest(session).DELETE());
                session = null;
            }
        }

        private HttpRequest.Builder legacyRequest(String sessionId) {
            HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(options.url() + "/mcp/" + options.next() + "/notes"))
                    .header("Accept", ACCEPT);
            return sessionId == null ? b : b.header("Mcp-Session-Id", sessionId);
        }

        private Answer send(HttpRequest.Builder request) {
            HttpRequest built = request.timeout(options.deadline()).header("Content-Type", "application/json")
                    .header("Authorization", "Bearer " + options.token()).build();
            try {
                HttpResponse<String> r = http.send(built, HttpResponse.BodyHandlers.ofString());
                return new Answer(r.statusCode(), r.body(), r.headers().firstValue("Mcp-Session-Id").orElse(null));
            } catch (HttpTimeoutException e) {
                return new Answer(0, CallTally.TIMEOUT, null);
            } catch (IOException e) {
                return new Answer(0, CallTally.IO, null);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return new Answer(0, CallTally.IO, null);
            }
        }

        private void record(String kind, Answer answer) throws InterruptedException {
            record(kind, answer.outcome(), answer.outcome().equals(CallTally.IO));
        }

        private void record(String kind, String outcome, boolean io) throws InterruptedException {
            window.get().add(kind, outcome);
            Thread.sleep(io ? PAUSE_AFTER_IO_MILLIS : options.pause().toMillis());
        }
    }

    /**
     * An HTTP answer: status 0 when there was none ({@code body} is then the outcome, {@code timeout} or
     * {@code io}); a JSON body, or an SSE body whose last {@code data:} line is the JSON-RPC response.
     */
    private record Answer(int status, String body, String session) {

        String outcome() {
            if (status == 0) {
                return body;
            }
            if (status == 202 || status == 204) {
                return CallTally.OK;
            }
            String outcome = FailoverLoad.outcome(json());
            return outcome.equals("malformed") ? "http_" + status : outcome;   // not JSON-RPC: e.g. a starting server's page
        }

        String json() {
            String text = body.strip();
            if (text.startsWith("{")) {
                return text;
            }
            String last = "";
            for (String line : text.split("\n")) {
                if (line.startsWith("data:")) {
                    last = line.substring(5).strip();
                }
            }
            return last;
        }

        /** The id of the note an {@code add_note} made: its structured result's {@code id}. */
        String noteId() {
            if (!outcome().equals(CallTally.OK)) {
                return null;
            }
            try {
                JsonObject result = Json.createReader(new StringReader(json())).readObject().getJsonObject("result");
                JsonObject note = result.containsKey("structuredContent") ? result.getJsonObject("structuredContent")
                        : Json.createReader(new StringReader(result.getJsonArray("content").getJsonObject(0)
                                .getString("text"))).readObject();
                return note.getString("id", null);
            } catch (RuntimeException e) {
                return null;   // not a note: counted as notes_add ok, no delete
            }
        }
    }
}
