package io.agentmesh.bench;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.routing.RoutingSettings;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkStats;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The CPU of route announcements on a hub, in one JVM and without sockets: a {@link Router} that
 * announces its routes ({@code node/routes}) with {@code --links} links, each to another node (one node
 * id per link, as a hub many nodes link to), on time that moves only when told ({@link ManualTime}), so
 * that every announcement is built and encoded on this thread while it is timed. The links count and
 * drop what is sent (no encryption: that costs the same per byte before and after). It reports, for
 * bringing the links up (their link-up announcements and the announcements their changes trigger) and
 * for each of {@code --rounds} periodic rounds: the time, the messages and the bytes.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) \
 *     io.agentmesh.bench.AnnounceRounds --links 2000 --rounds 3
 * </pre>
 */
public final class AnnounceRounds {

    private static final AtomicLong MESSAGES = new AtomicLong();
    private static final AtomicLong BYTES = new AtomicLong();

    private AnnounceRounds() {
    }

    /** A link up for good that counts what is sent on it and drops it. */
    private record CountingLink(String id, NodeId peer, List<String> peerAddrs) implements Link {
        @Override
        public boolean outbound() {
            return false;
        }

        @Override
        public String remoteUrl() {
            return null;
        }

        @Override
        public Instant establishedAt() {
            return Instant.EPOCH;
        }

        @Override
        public boolean send(byte[] applicationMessage) {
            MESSAGES.incrementAndGet();
            BYTES.addAndGet(applicationMessage.length);
            return true;
        }

        @Override
        public void close(int code, String reason) {
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public LinkStats stats() {
            return new LinkStats(0, MESSAGES.get(), 0, BYTES.get(), null);
        }
    }

    public static void main(String[] args) {
        int links = 2000;
        int rounds = 3;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--links" -> links = Integer.parseInt(args[i + 1]);
                case "--rounds" -> rounds = Integer.parseInt(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
        Random random = new Random(1);
        HexFormat hex = HexFormat.of();
        Router hub = Router.builder()
                .node(new NodeInfo(id(random, hex), "hub", List.of("ws://10.0.0.1:9100/mesh"), "bench", Instant.EPOCH))
                .executor(Runnable::run).scheduler(time).clock(time.clock()).traceIds(() -> "t")
                .settings(RoutingSettings.defaults()).announceRoutes(true).build();
        hub.start();
        List<Link> up = new ArrayList<>();
        for (int i = 0; i < links; i++) {
            up.add(new CountingLink("l" + i, id(random, hex), List.of("ws://10.1." + (i / 250) + "." + (i % 250) + ":9100/mesh")));
        }
        long t0 = System.nanoTime();
        for (Link link : up) {
            hub.linkUp(link);
        }
        time.advance(Duration.ofSeconds(1));
        report("link-ups", links, t0);
        for (int r = 1; r <= rounds; r++) {
            long t = System.nanoTime();
            time.advance(RoutingSettings.Routes.DEFAULT_ANNOUNCE_INTERVAL);
            report("periodic round " + r, links, t);
        }
    }

    private static NodeId id(Random random, HexFormat hex) {
        byte[] b = new byte[20];
        random.nextBytes(b);
        return NodeId.of(hex.formatHex(b));
    }

    private static void report(String what, int links, long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        long messages = MESSAGES.getAndSet(0);
        long bytes = BYTES.getAndSet(0);
        System.out.printf("%s: %d links, %.0f ms, %d messages, %.1f MB, %.3f ms per message%n", what, links, ms,
                messages, bytes / 1e6, messages == 0 ? 0 : ms / messages);
    }
}
