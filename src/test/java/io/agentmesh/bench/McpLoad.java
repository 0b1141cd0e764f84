package io.agentmesh.bench;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * A small load tool for {@code docs/benchmarks.md}: N concurrent clients, each with its own HTTP
 * connection, send requests back to back to a node on loopback, and the tool reports requests per
 * second and the 50th and 99th latency percentiles. Two workloads, measured in the same run:
 * <ul>
 *   <li>{@code mcp}: {@code tools/call} of {@code echo} at {@code /mcp/echo}, in one MCP session per
 *       client (initialize and notifications/initialized first, not measured);</li>
 *   <li>{@code plain}: the same JSON body POSTed to the plaintext baseline {@code /api/v1/bench/echo}
 *       (the node needs {@code mesh.bench.enabled=true}).</li>
 * </ul>
 * Each measurement is bounded in time and count, after a warm-up; only 127.0.0.1 is ever contacted.
 *
 * <pre>java -cp target/test-classes io.agentmesh.bench.McpLoad --port 9080 --clients 1,8 --seconds 10</pre>
 */
public final class McpLoad {

    private static final String ACCEPT = "application/json, text/event-stream";
    private static final String CALL = "{\"jsonrpc\":\"2.0\",\"id\":%d,\"method\":\"tools/call\","
            + "\"params\":{\"name\":\"echo\",\"arguments\":{\"text\":\"hello mesh\"}}}";

    /** What one measurement found. */
    record Result(String workload, int clients, long requests, long errors, double seconds, long p50Micros,
                  long p99Micros) {
        double perSecond() {
            return requests / seconds;
        }
    }

    private final int port;
    private final Duration duration;
    private final Duration warmup;
    private final long maxPerClient;

    McpLoad(int port, Duration duration, Duration warmup, long maxPerClient) {
        this.port = port;
        this.duration = duration;
        this.warmup = warmup;
        this.maxPerClient = maxPerClient;
    }

    public static void main(String[] args) throws Exception {
        int port = 9080;
        int[] clients = {1, 8};
        long seconds = 10;
        long warmupSeconds = 3;
        long max = 2_000_000;
        List<String> workloads = List.of("plain", "mcp");
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--port" -> port = Integer.parseInt(args[++i]);
                case "--clients" -> clients = Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray();
                case "--seconds" -> seconds = Long.parseLong(args[++i]);
                case "--warmup" -> warmupSeconds = Long.parseLong(args[++i]);
                case "--max-requests" -> max = Long.parseLong(args[++i]);
                case "--workloads" -> workloads = List.of(args[++i].split(","));
                default -> throw new IllegalArgumentException("unknown option " + args[i]
                        + " (--port, --clients, --seconds, --warmup, --max-requests, --workloads)");
            }
        }
        if (seconds < 1 || seconds > 300 || Arrays.stream(clients).anyMatch(c -> c < 1 || c > 64)) {
            throw new IllegalArgumentException("seconds must be 1..300 and clients 1..64");
        }
        McpLoad load = new McpLoad(port, Duration.ofSeconds(seconds), Duration.ofSeconds(warmupSeconds), max);
        System.out.printf(Locale.ROOT, "%-6s %7s %10s %8s %10s %10s %7s%n",
                "target", "clients", "requests", "req/s", "p50 (us)", "p99 (us)", "errors");
        for (int c : clients) {
            for (String w : workloads) {
                Result r = load.run(w, c);
                System.out.printf(Locale.ROOT, "%-6s %7d %10d %8.0f %10d %10d %7d%n",
                        r.workload(), r.clients(), r.requests(), r.perSecond(), r.p50Micros(), r.p99Micros(), r.errors());
            }
        }
    }

    /** Runs one workload with {@code clients} clients: a warm-up, then the measured period. */
    Result run(String workload, int clients) throws Exception {
        measure(workload, clients, warmup);
        return measure(workload, clients, duration);
    }

    private Result measure(String workload, int clients, Duration period) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(clients);
        try {
            List<Future<long[]>> futures = new ArrayList<>();
            long start = System.nanoTime();
            long end = start + period.toNanos();
            for (int i = 0; i < clients; i++) {
                Client client = workload.equals("mcp") ? new McpClient() : new PlainClient();
                futures.add(pool.submit(worker(client, end)));
            }
            List<long[]> all = new ArrayList<>();
            long errors = 0;
            for (Future<long[]> f : futures) {
                long[] latencies = f.get();
                errors += latencies[0];
                all.add(Arrays.copyOfRange(latencies, 1, latencies.length));
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long[] merged = all.stream().flatMapToLong(Arrays::stream).sorted().toArray();
            return new Result(workload, clients, merged.length, errors, seconds,
                    percentile(merged, 0.50) / 1000, percentile(merged, 0.99) / 1000);
        } finally {
            pool.shutdownNow();
        }
    }

    /** Sends requests back to back until the deadline or the count; returns [errors, latencies...]. */
    private Callable<long[]> worker(Client client, long endNanos) {
        return () -> {
            client.open();
            long[] latencies = new long[1024];
            int n = 0;
            long errors = 0;
            for (long i = 0; i < maxPerClient && System.nanoTime() < endNanos; i++) {
                long t0 = System.nanoTime();
                boolean ok = client.call(i);
                long t = System.nanoTime() - t0;
                if (!ok) {
                    errors++;
                    continue;
                }
                if (n + 1 == latencies.length) {
                    latencies = Arrays.copyOf(latencies, latencies.length * 2);
                }
                latencies[++n] = t;
            }
            latencies[0] = errors;
            return Arrays.copyOf(latencies, n + 1);
        };
    }

    private static long percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return 0;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(p * sorted.length) - 1)];
    }

    private HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30));
    }

    private interface Client {
        void open() throws IOException, InterruptedException;

        boolean call(long id) throws IOException, InterruptedException;
    }

    /** One MCP session at /mcp/echo. */
    private final class McpClient implements Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        private String session;

        @Override
        public void open() throws IOException, InterruptedException {
            HttpResponse<String> init = http.send(request("/mcp/echo").header("Accept", ACCEPT)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":0,\"method\":\"initialize\","
                            + "\"params\":{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                            + "\"clientInfo\":{\"name\":\"McpLoad\",\"version\":\"1\"}}}")).build(),
                    HttpResponse.BodyHandlers.ofString());
            session = init.headers().firstValue("Mcp-Session-Id")
                    .orElseThrow(() -> new IOException("initialize failed: " + init.statusCode() + " " + init.body()));
            http.send(mcp("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}"),
                    HttpResponse.BodyHandlers.discarding());
        }

        private HttpRequest mcp(String body) {
            return request("/mcp/echo").header("Accept", ACCEPT).header("Content-Type", "application/json")
                    .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "2025-11-25")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        }

        @Override
        public boolean call(long id) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(mcp(String.format(Locale.ROOT, CALL, id)), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("hello mesh") && !r.body().contains("\"error\"");
        }
    }

    /** The plaintext baseline: the same body to /api/v1/bench/echo. */
    private final class PlainClient implements Client {
        private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

        @Override
        public void open() {
        }

        @Override
        public boolean call(long id) throws IOException, InterruptedException {
            HttpResponse<String> r = http.send(request("/api/v1/bench/echo").header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(String.format(Locale.ROOT, CALL, id))).build(),
                    HttpResponse.BodyHandlers.ofString());
            return r.statusCode() == 200 && r.body().contains("hello mesh");
        }
    }
}
