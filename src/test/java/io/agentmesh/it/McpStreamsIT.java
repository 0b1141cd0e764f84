package io.agentmesh.it;

import static io.agentmesh.it.McpHttp.inSession;
import static io.agentmesh.it.McpHttp.json;
import static io.agentmesh.it.McpHttp.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import io.agentmesh.testsupport.Eventually;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The SSE streams of a 2025-11-25 session on the node under test (MCP 2025-11-25 basic/transports,
 * "Multiple Connections", "Resumability and Redelivery"): two GET streams at once, each resource update
 * on exactly one; event ids; a dropped GET stream resumed with {@code Last-Event-ID}.
 */
class McpStreamsIT {

    private static final String PATH = "/mcp/calculator";

    private final McpHttp mcp = McpHttp.fromSystemProperty();

    /** One SSE event as read: its id and its JSON data. */
    private record Event(String id, JsonObject data) {
    }

    private static final class Stream implements AutoCloseable {
        final HttpResponse<InputStream> response;
        final BufferedReader reader;

        Stream(HttpResponse<InputStream> response) {
            this.response = response;
            this.reader = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8));
        }

        /** The next event, waited for at most 30 seconds. */
        Event next() throws Exception {
            return CompletableFuture.supplyAsync(this::read).get(30, TimeUnit.SECONDS);
        }

        private Event read() {
            try {
                String id = null;
                String line;
                while ((line = reader.readLine()) != null) {
                    if (line.startsWith("id: ")) {
                        id = line.substring(4);
                    } else if (line.startsWith("data: ")) {
                        return new Event(id, json(line.substring(6)));
                    }
                }
                throw new AssertionError("the stream ended without an event");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public void close() throws IOException {
            response.body().close();
        }
    }

    private Stream get(String session, String lastEventId) throws Exception {
        HttpRequest.Builder get = mcp.request(PATH).header("Accept", "text/event-stream").GET();
        inSession(session).forEach(get::header);
        if (lastEventId != null) {
            get.header("Last-Event-ID", lastEventId);
        }
        HttpResponse<InputStream> r = mcp.client().send(get.build(), HttpResponse.BodyHandlers.ofInputStream());
        assertEquals(200, r.statusCode());
        assertTrue(r.headers().firstValue("Content-Type").orElseThrow().startsWith("text/event-stream"));
        return new Stream(r);
    }

    private String subscribedSession() throws Exception {
        String session = mcp.session(PATH);
        assertEquals(200, mcp.post(PATH, request(2, "resources/subscribe", "{\"uri\":\"calculator://history\"}"),
                inSession(session)).statusCode());
        return session;
    }

    private void add(String session, int id) throws Exception {
        assertEquals(200, mcp.post(PATH, request(id, "tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":1,\"b\":" + id + "}}"),
                inSession(session)).statusCode());
    }

    private void end(String session) throws Exception {
        HttpRequest.Builder delete = mcp.request(PATH).DELETE();
        inSession(session).forEach(delete::header);
        mcp.send(delete.build());
    }

    /** Reads every event of a stream into {@code into} until the stream ends. */
    private static void collect(Stream stream, List<Event> into) {
        CompletableFuture.runAsync(() -> {
            try {
                while (true) {
                    into.add(stream.read());
                }
            } catch (RuntimeException | AssertionError ended) {
                // the stream closed
            }
        });
    }

    @Test
    void twoGetStreamsEachUpdateOnOne() throws Exception {
        String session = subscribedSession();
        List<Event> onFirst = new CopyOnWriteArrayList<>();
        List<Event> onSecond = new CopyOnWriteArrayList<>();
        AtomicInteger adds = new AtomicInteger();
        try (Stream first = get(session, null); Stream second = get(session, null)) {
            collect(first, onFirst);
            collect(second, onSecond);
            Eventually.until(Duration.ofSeconds(60), "an update on each stream", () -> {
                add(session, 10 + adds.incrementAndGet());
                return !onFirst.isEmpty() && !onSecond.isEmpty();
            });
            Eventually.until(Duration.ofSeconds(30), "every update delivered", () -> onFirst.size() + onSecond.size() >= adds.get());
            assertEquals(adds.get(), onFirst.size() + onSecond.size(), "no update on two streams");
            String streamA = onFirst.get(0).id().split("-")[0];
            String streamB = onSecond.get(0).id().split("-")[0];
            assertNotEquals(streamA, streamB);
            for (int i = 0; i < onFirst.size(); i++) {
                assertEquals(streamA + "-" + (i + 1), onFirst.get(i).id());
                assertEquals("notifications/resources/updated", onFirst.get(i).data().getString("method"));
            }
            for (int i = 0; i < onSecond.size(); i++) {
                assertEquals(streamB + "-" + (i + 1), onSecond.get(i).id());
            }
        } finally {
            end(session);
        }
    }

    @Test
    void aDroppedGetStreamResumesWithLastEventId() throws Exception {
        String session = subscribedSession();
        try {
            Event first;
            try (Stream stream = get(session, null)) {
                add(session, 20);
                first = stream.next();
                assertEquals("notifications/resources/updated", first.data().getString("method"));
            }
            add(session, 21);
            String streamNumber = first.id().split("-")[0];
            try (Stream resumed = get(session, first.id())) {
                Event missed = resumed.next();
                assertEquals("notifications/resources/updated", missed.data().getString("method"));
                assertEquals(streamNumber + "-2", missed.id(), "the same stream, the next event");
            }
        } finally {
            end(session);
        }
    }

    @Test
    void anUnknownEventIdOpensAFreshStream() throws Exception {
        String session = subscribedSession();
        try (Stream stream = get(session, "999-1")) {
            add(session, 30);
            Event e = stream.next();
            assertEquals("notifications/resources/updated", e.data().getString("method"));
            assertTrue(e.id().endsWith("-1"), e.id());
        } finally {
            end(session);
        }
    }

    @Test
    void invalidToolArgumentsAreAToolErrorTheModelReads() throws Exception {
        String session = mcp.session(PATH);
        HttpResponse<String> r = mcp.post(PATH, request(5, "tools/call", "{\"name\":\"add\",\"arguments\":{\"a\":\"one\",\"b\":2}}"),
                inSession(session));
        assertEquals(200, r.statusCode());
        JsonObject result = json(r.body()).getJsonObject("result");
        assertTrue(result.getBoolean("isError"));
        assertEquals("invalid argument 'a': expected number, got string",
                result.getJsonArray("content").getJsonObject(0).getString("text"));
        HttpResponse<String> unknown = mcp.post(PATH, request(6, "tools/call", "{\"name\":\"nope\",\"arguments\":{}}"),
                inSession(session));
        assertEquals(-32602, McpHttp.errorCode(unknown));
        end(session);
    }
}
