package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonBuilderFactory;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonReader;
import jakarta.json.JsonReaderFactory;
import jakarta.json.JsonWriter;
import jakarta.json.JsonWriterFactory;
import jakarta.json.spi.JsonProvider;
import jakarta.json.stream.JsonGenerator;
import jakarta.json.stream.JsonGeneratorFactory;
import jakarta.json.stream.JsonParser;
import jakarta.json.stream.JsonParserFactory;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.Writer;
import java.nio.charset.Charset;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The {@code node/routes} messages put together from entries encoded once: the same bytes as the codec
 * writes for the announcement, each entry encoded when it first appears, and fingerprints of views.
 */
class RouteMessagesTest {

    private static final List<String> OWN = List.of("ws://127.0.0.1:9100/mesh", "wss://hub.example:443/mesh");

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<FakeLink> links = new ArrayList<>();
    private long seq;

    private RouteTable hub(RoutingSettings.Routes settings, int peers) throws JsonRpcException {
        RouteTable table = new RouteTable(TestNodes.node(1), settings, time.clock());
        for (int p = 2; p < 2 + peers; p++) {
            FakeLink link = new FakeLink("1-" + p, TestNodes.node(p), true);
            table.linkUp(link);
            links.add(link);
            List<RouteAnnouncement.Entry> entries = new ArrayList<>();
            entries.add(new RouteAnnouncement.Entry(link.peer(), 0, p % 3 == 0 ? List.of()
                    : List.of("ws://10.0.0." + p + ":9100/m\u00e9sh", "wss://n" + p + ".example/mesh?x=1&y=\u2603")));
            if (p % 4 == 0) {
                entries.add(new RouteAnnouncement.Entry(TestNodes.node(100 + p), 1 + p % 3, List.of()));
                entries.add(new RouteAnnouncement.Entry(TestNodes.node(200), 2, List.of("ws://[::1]:9200/mesh")));
            }
            table.accept(link, new RouteAnnouncement(++seq, Duration.ofSeconds(90), entries));
        }
        return table;
    }

    private static byte[] codecsBytes(JsonRpcCodec codec, RouteTable table, FakeLink link, long seq) {
        return codec.encode(new JsonRpc.Notification(RouteAnnouncement.METHOD,
                table.announcementFor(link, seq, OWN).toJson()));
    }

    @Test
    void aMessageIsByteForByteWhatTheCodecWritesForTheAnnouncement() throws JsonRpcException {
        for (int maxEntries : new int[] {1, 5, 1024}) {
            links.clear();
            RouteTable table = hub(RoutingSettings.Routes.defaults().withMaxEntries(maxEntries), 30);
            JsonRpcCodec codec = new JsonRpcCodec();
            RouteMessages messages = new RouteMessages(codec);
            AnnouncedRoutes routes = table.announced(OWN);
            for (FakeLink link : links) {
                for (long s : new long[] {0, 17, RouteAnnouncement.MAX_SEQ}) {
                    byte[] assembled = messages.message(routes, routes.view(link.peer()), s);
                    assertArrayEquals(codecsBytes(codec, table, link, s), assembled,
                            "link " + link.id() + ", seq " + s + ", at most " + maxEntries + " entries");
                }
            }
        }
    }

    @Test
    void eachEntryIsEncodedOnceAndEachLinkCostsOnlyItsEnvelope() throws JsonRpcException {
        RouteTable table = hub(RoutingSettings.Routes.defaults(), 40);
        CountingProvider counting = new CountingProvider();
        RouteMessages messages = new RouteMessages(new JsonRpcCodec(counting, JsonRpcCodec.DEFAULT_MAX_DEPTH));
        AnnouncedRoutes routes = table.announced(OWN);
        round(messages, routes);
        assertEquals(links.size() + routes.size(), counting.generators.getAndSet(0),
                "a round: one envelope per link, and every entry once");
        round(messages, routes);
        assertEquals(links.size(), counting.generators.getAndSet(0), "the next round: the envelopes alone");
        FakeLink late = new FakeLink("1-99", TestNodes.node(99), true);
        table.linkUp(late);
        links.add(late);
        round(messages, table.announced(OWN));
        assertEquals(links.size() + 1, counting.generators.getAndSet(0), "after one new route, that entry alone");
    }

    private void round(RouteMessages messages, AnnouncedRoutes routes) {
        for (FakeLink link : links) {
            messages.message(routes, routes.view(link.peer()), ++seq);
        }
    }

    @Test
    void aViewsFingerprintChangesWithItsEntriesAndOnlyWithThem() throws JsonRpcException {
        RouteTable table = hub(RoutingSettings.Routes.defaults().withMaxEntries(6), 10);
        RouteMessages messages = new RouteMessages(new JsonRpcCodec());
        FakeLink toTwo = links.get(0);
        AnnouncedRoutes before = table.announced(OWN);
        long first = messages.fingerprint(before, before.view(toTwo.peer()));
        FakeLink far = new FakeLink("1-90", TestNodes.node(90), true);
        table.linkUp(far);                           // node 90 sorts after the first 6 entries
        AnnouncedRoutes after = table.announced(OWN);
        assertEquals(first, messages.fingerprint(after, after.view(toTwo.peer())), "beyond the cut: the same view");
        FakeLink near = new FakeLink("1-5b", TestNodes.node(5), true);
        far.close(1006, "cut");
        table.linkDown(far);
        AnnouncedRoutes back = table.announced(OWN);
        assertEquals(first, messages.fingerprint(back, back.view(toTwo.peer())));
        links.get(3).close(1006, "cut");
        table.linkDown(links.get(3));
        table.linkUp(near);                          // node 5 again, over a link that brings no addrs
        AnnouncedRoutes changed = table.announced(OWN);
        assertNotEquals(first, messages.fingerprint(changed, changed.view(toTwo.peer())), "node 5's addrs changed");
    }

    /** The platform's provider, counting the JSON generators made. */
    private static final class CountingProvider extends JsonProvider {
        final JsonProvider real = JsonProvider.provider();
        final AtomicInteger generators = new AtomicInteger();

        @Override
        public JsonGeneratorFactory createGeneratorFactory(Map<String, ?> config) {
            JsonGeneratorFactory factory = real.createGeneratorFactory(config);
            return new JsonGeneratorFactory() {
                @Override
                public JsonGenerator createGenerator(Writer writer) {
                    generators.incrementAndGet();
                    return factory.createGenerator(writer);
                }

                @Override
                public JsonGenerator createGenerator(OutputStream out) {
                    generators.incrementAndGet();
                    return factory.createGenerator(out);
                }

                @Override
                public JsonGenerator createGenerator(OutputStream out, Charset charset) {
                    generators.incrementAndGet();
                    return factory.createGenerator(out, charset);
                }

                @Override
                public Map<String, ?> getConfigInUse() {
                    return factory.getConfigInUse();
                }
            };
        }

        @Override
        public JsonParser createParser(Reader reader) {
            return real.createParser(reader);
        }

        @Override
        public JsonParser createParser(InputStream in) {
            return real.createParser(in);
        }

        @Override
        public JsonParserFactory createParserFactory(Map<String, ?> config) {
            return real.createParserFactory(config);
        }

        @Override
        public JsonGenerator createGenerator(Writer writer) {
            return real.createGenerator(writer);
        }

        @Override
        public JsonGenerator createGenerator(OutputStream out) {
            return real.createGenerator(out);
        }

        @Override
        public JsonReader createReader(Reader reader) {
            return real.createReader(reader);
        }

        @Override
        public JsonReader createReader(InputStream in) {
            return real.createReader(in);
        }

        @Override
        public JsonWriter createWriter(Writer writer) {
            return real.createWriter(writer);
        }

        @Override
        public JsonWriter createWriter(OutputStream out) {
            return real.createWriter(out);
        }

        @Override
        public JsonWriterFactory createWriterFactory(Map<String, ?> config) {
            return real.createWriterFactory(config);
        }

        @Override
        public JsonReaderFactory createReaderFactory(Map<String, ?> config) {
            return real.createReaderFactory(config);
        }

        @Override
        public JsonObjectBuilder createObjectBuilder() {
            return real.createObjectBuilder();
        }

        @Override
        public JsonArrayBuilder createArrayBuilder() {
            return real.createArrayBuilder();
        }

        @Override
        public JsonBuilderFactory createBuilderFactory(Map<String, ?> config) {
            return real.createBuilderFactory(config);
        }
    }
}
