package io.agentmesh.bench;

import io.agentmesh.transport.LinkAdmission;
import io.agentmesh.transport.AdmissionLimits;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import io.agentmesh.testsupport.JdkWebSocketDialer;
import io.agentmesh.transport.Link;
import io.agentmesh.transport.LinkEnvironment;
import io.agentmesh.transport.LinkListener;
import io.agentmesh.transport.LinkManager;
import io.agentmesh.transport.LinkSettings;
import io.agentmesh.transport.LocalNode;
import io.agentmesh.transport.Scheduler;
import io.agentmesh.transport.TrustPolicy;
import jakarta.json.stream.JsonParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The load tool's mesh client: real links (the production {@link LinkManager} and link sessions: XX
 * handshake, AES-GCM, chunking) over the JDK WebSocket, but no router. A request is a JSON text built
 * around a fresh id; an answer is matched by its top-level {@code id} on the thread that decrypted it,
 * with no hand-off to another thread. So the client does per request about what the plaintext
 * baseline's client does (a send and a match) plus the link's crypto, and the node's cost is what the
 * measurement shows.
 */
final class LoadClient implements LinkListener, AutoCloseable {

    private record Waiting(String linkId, CompletableFuture<Void> answer) {
    }

    private final ExecutorService executor;
    private final ScheduledExecutorService timers;
    private final LinkManager manager;
    private final AtomicLong ids = new AtomicLong();
    private final ConcurrentHashMap<Long, Waiting> waiting = new ConcurrentHashMap<>();

    LoadClient() {
        SecureRandom random = new SecureRandom();
        NodeIdentity identity = NodeIdentity.generate(random);
        executor = Executors.newFixedThreadPool(2, daemon("load-client"));
        timers = Executors.newSingleThreadScheduledExecutor(daemon("load-client-timers"));
        LinkSettings settings = LinkSettings.defaults();
        LinkEnvironment env = new LinkEnvironment(LocalNode.create(identity, random, List.of(), "mesh-load/1"),
                settings, TrustPolicy.open(), random, Clock.systemUTC(), Scheduler.of(timers), executor);
        manager = new LinkManager(env, new LinkAdmission(AdmissionLimits.defaults(), env, System::nanoTime), this, JdkWebSocketDialer.create(), List.of());
    }

    /** Dials {@code url} and waits for the link. */
    Link dial(String url) throws Exception {
        return manager.dial(url, null).toCompletableFuture().get(30, TimeUnit.SECONDS);
    }

    /**
     * Sends {@code {"jsonrpc":"2.0","id":<fresh>,"method":method,"params":params}} on {@code link};
     * completes when the answer is back, exceptionally with the error message for an error answer.
     */
    CompletableFuture<Void> request(Link link, String method, String paramsJson) {
        long id = ids.incrementAndGet();
        CompletableFuture<Void> answer = new CompletableFuture<>();
        waiting.put(id, new Waiting(link.id(), answer));
        byte[] message = ("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":"
                + paramsJson + "}").getBytes(StandardCharsets.UTF_8);
        if (!link.send(message) && waiting.remove(id) != null) {
            answer.completeExceptionally(new IOException("link " + link.id() + " closed"));
        }
        return answer;
    }

    /** Fails every request still waiting (a phase that ends with answers missing). */
    int abandon(String why) {
        int count = 0;
        for (Long id : waiting.keySet()) {
            Waiting w = waiting.remove(id);
            if (w != null) {
                w.answer().completeExceptionally(new IOException(why));
                count++;
            }
        }
        return count;
    }

    @Override
    public void linkUp(Link link) {
    }

    @Override
    public void message(Link link, byte[] applicationMessage) {
        long id = -1;
        String error = null;
        try (JsonParser parser = Json.createParser(new ByteArrayInputStream(applicationMessage))) {
            parser.next();                                     // START_OBJECT
            while (parser.hasNext()) {
                JsonParser.Event event = parser.next();
                if (event == JsonParser.Event.END_OBJECT) {
                    break;
                }
                String key = parser.getString();
                JsonParser.Event value = parser.next();
                if (key.equals("id") && value == JsonParser.Event.VALUE_NUMBER) {
                    id = parser.getLong();
                } else if (key.equals("error") && value == JsonParser.Event.START_OBJECT) {
                    error = parser.getObject().toString();
                } else if (value == JsonParser.Event.START_OBJECT) {
                    parser.skipObject();
                } else if (value == JsonParser.Event.START_ARRAY) {
                    parser.skipArray();
                }
            }
        }
        Waiting w = waiting.remove(id);
        if (w == null) {
            return;                                            // a notification, or an answer already abandoned
        }
        if (error == null) {
            w.answer().complete(null);
        } else {
            w.answer().completeExceptionally(new IllegalStateException(error));
        }
    }

    @Override
    public void linkDown(Link link, int closeCode, String reason) {
        waiting.forEach((id, w) -> {
            if (w.linkId().equals(link.id()) && waiting.remove(id, w)) {
                w.answer().completeExceptionally(new IOException("link closed " + closeCode + " " + reason));
            }
        });
    }

    @Override
    public void close() {
        manager.shutdown();
        abandon("client closed");
        timers.shutdownNow();
        executor.shutdownNow();
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
