package io.agentmesh.bench;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.MeshPeer;
import io.agentmesh.testsupport.NodeMetrics;
import io.agentmesh.testsupport.NodeProcess;
import io.agentmesh.transport.Link;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * How many idle authenticated links one node holds, and what each costs it. Starts one Liberty node
 * ({@link LibertyNode}, port {@code basePort() + 270}, heap {@code -Xmx1g} unless
 * {@code -Dmesh.it.node.jvm-options} says otherwise) with the admission caps raised for the run, opens
 * {@code --links} links to it from this JVM ({@link IdleLinks}: real Noise XX handshakes with identity
 * payloads over the JDK WebSocket, spread over {@code --identities} client node ids), and measures the node
 * from outside before and after: its live heap after a full GC (the total of {@code jcmd <pid>
 * GC.class_histogram}, which collects first), its RSS, threads and open files ({@code /proc/<pid>/status},
 * {@code /proc/<pid>/fd}), and its {@code agentmesh_links_open} gauge. Heap per link = (live heap with the
 * links − live heap with one probe link) / links. While the links are held it checks that the node keeps
 * serving, every {@code --probe-every} for {@code --hold}: a {@code node/ping} over one more link, a
 * {@code tools/call} of the echo agent at {@code /mcp/echo} (a 2025-11-25 session), and the links all
 * still open. Prints the top of the class histogram, so that what a link holds can be read.
 *
 * <pre>
 * mvn -o -DskipTests package liberty:create
 * mvn -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt   # online once
 * ulimit -n 20000 ; java -Xmx2g -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.agentmesh.bench.LinkCapacity --links 10000 --hold 120
 * </pre>
 */
public final class LinkCapacity {

    /** The offset of this tool's node from {@link LibertyNode#basePort()}. */
    public static final int PORT_OFFSET = 270;

    private static final String ADMIN_PASSWORD = "bench-administrator-5d81";
    private static final String ACCEPT = "application/json, text/event-stream";

    /** The node as seen from outside at one moment: its process, and its own count of open links. */
    public record Sample(NodeProcess.Usage process, double linksOpen) {
        public long liveHeapBytes() {
            return process.liveHeapBytes();
        }

        @Override
        public String toString() {
            return String.format(Locale.ROOT, "%s, %.0f links open", process, linksOpen);
        }
    }

    /** What one run found. */
    public record Result(int links, IdleLinks.Ramp ramp, Sample before, Sample after, Sample afterClose, int probes,
                         int probesFailed, Duration slowestProbe, int stillOpen, Map<Integer, Integer> closed) {
        /**
         * (live heap with the links − live heap without) / links, where "without" is the smaller of before the
         * links and after they closed: a node freshly started may still hold some start-up state (softly
         * reachable caches) when the first measurement is taken, which would hide part of the links' cost.
         */
        public double heapPerLinkBytes() {
            long without = Math.min(before.liveHeapBytes(), afterClose.liveHeapBytes());
            return (after.liveHeapBytes() - without) / (double) links;
        }

        public double rssPerLinkKiB() {
            return (after.process().rssKiB() - before.process().rssKiB()) / (double) links;
        }
    }

    private final LibertyNode node;
    private final HttpClient http = HttpClient.newHttpClient();

    public LinkCapacity(LibertyNode node) {
        this.node = node;
    }

    public static void main(String[] args) throws Exception {
        int links = 10_000;
        int identities = 1;
        int concurrency = 64;
        int hold = 60;
        int probeEvery = 10;
        int histogram = 25;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--links" -> links = Integer.parseInt(args[++i]);
                case "--identities" -> identities = Integer.parseInt(args[++i]);
                case "--concurrency" -> concurrency = Integer.parseInt(args[++i]);
                case "--hold" -> hold = Integer.parseInt(args[++i]);
                case "--probe-every" -> probeEvery = Integer.parseInt(args[++i]);
                case "--histogram" -> histogram = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (--links, --identities,"
                        + " --concurrency, --hold, --probe-every, --histogram)");
            }
        }
        if (System.getProperty("mesh.it.node.jvm-options") == null) {
            System.setProperty("mesh.it.node.jvm-options", "-Xmx1g");   // after liberty/jvm.options' -Xmx512m: it wins
        }
        LibertyNode node = startNode("bench-links", PORT_OFFSET, links, identities);
        try {
            LinkCapacity tool = new LinkCapacity(node);
            Result r = tool.run(links, identities, concurrency, Duration.ofSeconds(hold), Duration.ofSeconds(probeEvery),
                    histogram);
            print(r);
        } finally {
            node.stop();
        }
    }

    /**
     * A fresh node {@code name} at {@code basePort() + offset} whose caps admit {@code links} links from loopback
     * and a probe, spread over {@code identities} peers; started and ready.
     */
    public static LibertyNode startNode(String name, int offset, int links, int identities) {
        int cap = links + 16;
        Map<String, String> env = new LinkedHashMap<>();
        env.put("MESH_DISCOVERY_AUTO_DIAL", "false");
        env.put("MESH_ADMIN_PASSWORD", ADMIN_PASSWORD);
        env.put("MESH_LINK_MAX_LINKS_TOTAL", Integer.toString(cap));
        env.put("MESH_LINK_MAX_LINKS_PER_ADDRESS", Integer.toString(cap));
        env.put("MESH_LINK_MAX_LINKS_PER_PEER", Integer.toString(Math.max(8, (links + identities - 1) / identities)));
        env.put("MESH_LINK_MAX_PENDING_PER_ADDRESS", "256");
        env.put("MESH_LINK_MAX_PENDING", "256");
        env.put("MESH_LINK_MAX_HANDSHAKES", "128");
        LibertyNode node = LibertyNode.create(name, LibertyNode.basePort() + offset, env);
        return node.start();
    }

    /**
     * Opens {@code links} links over {@code identities} client ids ({@code concurrency} dials at once), probes
     * the node every {@code probeEvery} for {@code hold}, measures before and after; prints as it goes and the
     * top {@code histogram} lines of the node's class histogram at the end.
     */
    public Result run(int links, int identities, int concurrency, Duration hold, Duration probeEvery, int histogram)
            throws Exception {
        long pid = node.pid().orElseThrow(() -> new IllegalStateException("no pid for " + node.name()));
        NodeProcess process = new NodeProcess(pid);
        System.out.printf(Locale.ROOT, "node %s pid %d at %s; %,d links over %d identities, %d dials at once%n",
                node.nodeId(), pid, node.meshUrl(), links, identities, concurrency);
        try (MeshPeer probe = MeshPeer.create(Duration.ofSeconds(30))) {
            Link probeLink = probe.dial(node.meshUrl(), null);
            for (int i = 0; i < 20; i++) {   // warm what the probes use, so that the baseline holds it already
                probe(probe, probeLink);
            }
            Sample before = sample(process);
            System.out.println("before: " + before);
            Sample after;
            IdleLinks.Ramp ramp;
            int probes = 0;
            int failed = 0;
            long slowest = 0;
            int stillOpen;
            Map<Integer, Integer> closed;
            try (IdleLinks idle = new IdleLinks(identities, (links + identities - 1) / identities)) {
                ramp = idle.open(node.meshUrl(), links, concurrency, Duration.ofSeconds(5));
                System.out.printf(Locale.ROOT, "opened %,d links in %.1f s (%,.0f/s), %d failed %s%n", ramp.opened(),
                        ramp.seconds(), ramp.perSecond(), ramp.failed(), ramp.failures());
                long end = System.nanoTime() + hold.toNanos();
                do {
                    long start = System.nanoTime();
                    String problem = probe(probe, probeLink);
                    long took = System.nanoTime() - start;
                    slowest = Math.max(slowest, took);
                    probes++;
                    if (problem != null) {
                        failed++;
                    }
                    System.out.printf(Locale.ROOT, "  probe %d: %s in %d ms; %,d links open here, closed %s, %,d messages"
                                    + " from the node%n", probes, problem == null ? "ping and tools/call answered" : problem,
                            TimeUnit.NANOSECONDS.toMillis(took), idle.openNow(), idle.closedByCode(), idle.received());
                    Thread.sleep(probeEvery.toMillis());
                } while (System.nanoTime() < end);
                after = sample(process);
                System.out.println("after:  " + after);
                System.gc();
                System.out.printf(Locale.ROOT, "this client: heap used %,d KiB after a GC, %d threads%n",
                        ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() / 1024,
                        ManagementFactory.getThreadMXBean().getThreadCount());
                printHistogram(process, histogram);
                stillOpen = idle.openNow();
                closed = idle.closedByCode();
            }
            if (!Eventually.within(Duration.ofMinutes(2), () -> linksOpen() <= 1)) {
                System.out.println("the node still counts links 2 minutes after they closed: " + linksOpen());
            }
            Sample afterClose = sample(process);
            System.out.println("after the links closed: " + afterClose);
            return new Result(ramp.opened(), ramp, before, after, afterClose, probes, failed, Duration.ofNanos(slowest),
                    stillOpen, closed);
        }
    }

    /** A node/ping over the probe link and a tools/call at /mcp/echo; null when both answered, else what failed. */
    String probe(MeshPeer peer, Link link) {
        List<String> problems = new ArrayList<>();
        try {
            JsonRpc.Response pong = peer.call(link, "node/ping", null);
            if (pong.isError()) {
                problems.add("node/ping: " + pong.error().message());
            }
        } catch (Exception e) {
            problems.add("node/ping: " + e);
        }
        try {
            String answer = mcpToolsCall();
            if (!answer.contains("\"result\"")) {
                problems.add("tools/call: " + answer);
            }
        } catch (Exception e) {
            problems.add("tools/call: " + e);
        }
        return problems.isEmpty() ? null : String.join("; ", problems);
    }

    private String mcpToolsCall() throws IOException, InterruptedException {
        URI url = URI.create(node.httpUrl() + "/mcp/echo");
        HttpResponse<String> init = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Accept", ACCEPT).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\",\"params\":"
                        + "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},\"clientInfo\":{\"name\":\"link-capacity\","
                        + "\"version\":\"1\"}}}")).build(), HttpResponse.BodyHandlers.ofString());
        String session = init.headers().firstValue("Mcp-Session-Id")
                .orElseThrow(() -> new IOException("initialize: " + init.statusCode() + " " + init.body()));
        HttpResponse<String> call = http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30))
                .header("Accept", ACCEPT).header("Content-Type", "application/json").header("Mcp-Session-Id", session)
                .header("MCP-Protocol-Version", "2025-11-25")
                .POST(HttpRequest.BodyPublishers.ofString("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\",\"params\":"
                        + "{\"name\":\"echo\",\"arguments\":{\"text\":\"still serving\"}}}")).build(),
                HttpResponse.BodyHandlers.ofString());
        http.send(HttpRequest.newBuilder(url).timeout(Duration.ofSeconds(30)).header("Mcp-Session-Id", session).DELETE()
                .build(), HttpResponse.BodyHandlers.discarding());
        return call.body();
    }

    /** The node now, its heap measured after a full GC. */
    Sample sample(NodeProcess process) throws IOException, InterruptedException {
        return new Sample(process.usage(), linksOpen());
    }

    /** The node's {@code agentmesh_links_open}. */
    double linksOpen() {
        return gauge(NodeMetrics.scrape(node.httpsUrl(), ADMIN_PASSWORD, Duration.ofMinutes(1)), "agentmesh_links_open");
    }

    /** The value of an unlabelled (but for its scope) gauge in Prometheus text; NaN when absent. */
    static double gauge(String metrics, String name) {
        for (String line : metrics.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

    private static void printHistogram(NodeProcess process, int lines) throws IOException, InterruptedException {
        if (lines <= 0) {
            return;
        }
        String text = process.histogram();
        Path file = Path.of("target", "link-capacity-histogram.txt");
        Files.writeString(file, text);
        String[] all = text.split("\n");
        System.out.println("top of the node's class histogram (live objects, after the run; all of it in " + file + "):");
        for (int i = 0; i < Math.min(all.length, lines + 3); i++) {
            System.out.println("  " + all[i]);
        }
    }

    private static void print(Result r) {
        System.out.printf(Locale.ROOT, "%nlinks %,d: accepted at %,.0f/s (%.1f s), %d dials failed; held: %,d open at the"
                        + " end, closed %s%n", r.links(), r.ramp().perSecond(), r.ramp().seconds(), r.ramp().failed(),
                r.stillOpen(), r.closed());
        System.out.printf(Locale.ROOT, "node live heap %,d -> %,d KiB (%,d KiB once the links closed): %,.0f bytes per"
                        + " link; RSS %,d -> %,d KiB: %.1f KiB"
                        + " per link; threads %d -> %d; fds %d -> %d%n", r.before().liveHeapBytes() / 1024,
                r.after().liveHeapBytes() / 1024, r.afterClose().liveHeapBytes() / 1024, r.heapPerLinkBytes(),
                r.before().process().rssKiB(), r.after().process().rssKiB(), r.rssPerLinkKiB(), r.before().process().threads(),
                r.after().process().threads(), r.before().process().fds(), r.after().process().fds());
        System.out.printf(Locale.ROOT, "probes while held: %d, %d failed, slowest %d ms%n", r.probes(), r.probesFailed(),
                r.slowestProbe().toMillis());
    }
}
