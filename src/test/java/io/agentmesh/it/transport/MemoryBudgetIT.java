package io.agentmesh.it.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.LibertyNode;
import io.agentmesh.testsupport.LoopbackHttps;
import io.agentmesh.testsupport.MeshSocket;
import io.agentmesh.testsupport.RawLink;
import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * A flood of unfinished large messages against the node the build starts (default link settings, the
 * project's {@code -Xmx512m}): 100 links each send all chunks but the FINAL one of a 7.9 MiB message.
 * The node's memory budget holds what it can; every other link is closed with 1009; the node never runs
 * out of memory, a healthy link answers {@code node/get_info} throughout, the budget's metrics show it,
 * and when the links go every byte they held is given back. The links come from four loopback addresses
 * (25 each; Linux routes all of 127.0.0.0/8 to loopback), the healthy one from a fifth, opened one after
 * the other: the node's admission caps (64 links and 32 pending sockets per address, see AdmissionIT)
 * must not bite before the budget does.
 */
class MemoryBudgetIT {

    private static final int LINKS = 100;
    private static final int MESSAGE = (int) (7.9 * 1024 * 1024);
    private static final int CHUNK = 65_518;
    private static final Duration WAIT = Duration.ofSeconds(60);

    private static final int PORT = Integer.getInteger("mesh.it.http.port", 9080);
    /** The addresses the links come from, {@code LINKS / ADDRESSES.size()} each; AdmissionIT uses 127.0.0.2 to .9. */
    private static final List<String> ADDRESSES = List.of("127.0.0.21", "127.0.0.22", "127.0.0.23", "127.0.0.24");
    private static final String HEALTHY_ADDRESS = "127.0.0.20";
    private static final String HTTPS = "https://127.0.0.1:" + Integer.getInteger("mesh.it.https.port", 9443);
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));

    private static String nodeId;
    private static RawLink healthy;

    @BeforeAll
    static void setUp() throws Exception {
        nodeId = Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim();
        healthy = RawLink.open(HEALTHY_ADDRESS, PORT, NodeId.of(nodeId));
    }

    @AfterAll
    static void tearDown() {
        if (healthy != null) {
            healthy.close();
        }
    }

    @Test
    void linksBeyondTheBudgetAreClosedWith1009AndTheNodeKeepsServing() throws Exception {
        long started = System.nanoTime();
        assertTrue(getInfo(1).contains(nodeId));
        long closedBefore = counted("agentmesh_links_closed_total{code=\"1009\"");
        long refusedBefore = counted("agentmesh_links_memory_refused_total");
        long limit = metric("application", "agentmesh_links_memory_limit_bytes");
        assertEquals(128L << 20, limit, "the default budget");

        List<RawLink> links = new ArrayList<>();
        for (int i = 0; i < LINKS; i++) {
            links.add(RawLink.open(ADDRESSES.get(i % ADDRESSES.size()), PORT, null));
        }
        Checker checker = new Checker();
        Thread checking = new Thread(checker, "healthy-link-checker");
        checking.start();
        ExecutorService senders = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                List<RawLink> mine = links.subList(t * LINKS / 4, (t + 1) * LINKS / 4);
                sent.add(senders.submit(() -> sendAllButFinal(mine)));
            }
            for (Future<?> f : sent) {
                f.get(120, TimeUnit.SECONDS);
            }
        } finally {
            senders.shutdownNow();
        }
        long sentAt = System.nanoTime();

        // once the node has read it all, every link either holds its whole partial message or was closed
        // with 1009, the budget's code
        long limit4 = limit - limit / 4;
        long held = Eventually.until(WAIT, () -> metric("application", "agentmesh_links_memory_held_bytes"),
                bytes -> links.stream().filter(l -> !l.socket().isClosed()).count() * MESSAGE <= bytes,
                bytes -> "open links still sending: " + links.stream().filter(l -> !l.socket().isClosed()).count()
                        + " links open, " + bytes + " bytes held");
        List<RawLink> closed = links.stream().filter(l -> l.socket().isClosed()).toList();
        List<RawLink> holding = links.stream().filter(l -> !l.socket().isClosed()).toList();
        // the node closes with 1009; a peer that is still sending may lose the close frame when the node
        // drops the connection after it (1006), so the node's own count is the measure
        long seen1009 = 0;
        for (RawLink link : closed) {
            MeshSocket.Close close = link.socket().awaitClose();
            assertTrue(close.code() == 1009 || close.code() == 1006, "close " + close);
            if (close.code() == 1009) {
                assertTrue(close.reason().contains("memory budget"), close.reason());
                seen1009++;
            }
        }
        assertEquals(closed.size(), counted("agentmesh_links_closed_total{code=\"1009\"") - closedBefore,
                "every closed link was closed by the node with 1009");
        assertTrue(held <= limit4, "incoming data holds at most three quarters of the budget: " + held);
        assertTrue(closed.size() >= LINKS - limit4 / MESSAGE, closed.size() + " closed");
        assertEquals(closed.size(), counted("agentmesh_links_memory_refused_total") - refusedBefore,
                "each closed link counted once");

        checker.stop();
        checking.join(30_000);
        assertEquals(List.of(), checker.failures, "the healthy link answered throughout");
        assertTrue(checker.answers.get() > 0, "get_info was asked while the links sent");
        assertTrue(getInfo(1_000_000).contains(nodeId));

        // the node never ran out of memory, and gives every byte back when the links go
        assertFalse(logs().contains("OutOfMemoryError"), "no OutOfMemoryError in the node's logs");
        holding.forEach(RawLink::close);
        Eventually.until(WAIT, "the budget is empty again",
                () -> metric("application", "agentmesh_links_memory_held_bytes") == 0);
        System.out.printf("MemoryBudgetIT: %d links sent in %.1f s; %d closed with 1009 (%d peers saw the code),"
                        + " %d held %d bytes; used heap at most %d MiB (sampled %d times); total %.1f s%n",
                LINKS, (sentAt - started) / 1e9, closed.size(), seen1009, holding.size(), held,
                checker.maxHeap.get() >> 20, checker.heapSamples.get(), (System.nanoTime() - started) / 1e9);
    }

    /** Sends every chunk of a 7.9 MiB message but its FINAL one on each link, chunk by chunk across the links. */
    private static Void sendAllButFinal(List<RawLink> links) throws Exception {
        byte[] chunk = new byte[CHUNK];
        for (int offset = 0; offset < MESSAGE; offset += CHUNK) {
            int length = Math.min(CHUNK, MESSAGE - offset);
            byte[] data = length == CHUNK ? chunk : Arrays.copyOf(chunk, length);
            for (RawLink link : links) {
                if (!link.socket().isClosed()) {
                    try {
                        link.socket().sendBinary(link.noise().encrypt(0, data));
                    } catch (Exception e) {
                        // closed by the node meanwhile: its close is checked after
                        Eventually.until(WAIT, "a link whose send failed is closed", () -> link.socket().isClosed());
                    }
                }
            }
        }
        return null;
    }

    /** Asks {@code node/get_info} on the healthy link. */
    private static String getInfo(int id) throws Exception {
        healthy.send("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"node/get_info\"}");
        String answer = healthy.receive();
        assertTrue(answer.startsWith("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"result\":"), answer);
        return answer;
    }

    /** The value of the series {@code name} (the first line that starts with it) in {@code scope}. */
    private static long metric(String scope, String name) {
        return series(scope, name).orElseThrow(() -> new AssertionError("no " + name + " in /metrics"));
    }

    /** The value of a counter, 0 before it was first counted. */
    private static long counted(String name) {
        return series("application", name).orElse(0L);
    }

    private static java.util.Optional<Long> series(String scope, String name) {
        HttpResponse<String> r = new LoopbackHttps().await(HTTPS + "/metrics?scope=" + scope, "admin",
                LibertyNode.buildNodeAdminPassword(), answer -> answer.statusCode() == 200, WAIT);
        if (r == null || r.statusCode() != 200) {
            throw new AssertionError("/metrics: " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
        }
        return r.body().lines()
                .filter(line -> line.startsWith(name.contains("{") ? name : name + "{") || line.startsWith(name + " "))
                .map(line -> (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)))
                .findFirst();
    }

    /** messages.log, console.log and the FFDC reports of the node. */
    private static String logs() throws IOException {
        StringBuilder all = new StringBuilder();
        try (Stream<Path> files = Files.walk(SERVER_DIR.resolve("logs"))) {
            for (Path file : files.filter(Files::isRegularFile).toList()) {
                all.append(Files.readString(file, StandardCharsets.ISO_8859_1));
            }
        }
        return all.toString();
    }

    /** Asks get_info on the healthy link and samples the node's used heap while the links send. */
    private static final class Checker implements Runnable {
        final List<String> failures = new CopyOnWriteArrayList<>();
        final AtomicLong answers = new AtomicLong();
        final AtomicLong maxHeap = new AtomicLong();
        final AtomicLong heapSamples = new AtomicLong();
        private final AtomicBoolean running = new AtomicBoolean(true);

        void stop() {
            running.set(false);
        }

        @Override
        public void run() {
            int id = 100;
            while (running.get()) {
                try {
                    getInfo(++id);
                    answers.incrementAndGet();
                    maxHeap.accumulateAndGet(metric("base", "memory_usedHeap_bytes"), Math::max);
                    heapSamples.incrementAndGet();
                    Thread.sleep(250);      // pacing, not an assertion
                } catch (InterruptedException e) {
                    return;
                } catch (Exception | AssertionError e) {
                    failures.add(e.toString());
                    return;
                }
            }
        }
    }
}
