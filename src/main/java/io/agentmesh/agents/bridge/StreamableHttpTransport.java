package io.agentmesh.agents.bridge;

import io.agentmesh.routing.Completions;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MessageDecodeException;
import jakarta.json.JsonValue;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client side of the MCP Streamable HTTP transport (MCP 2025-11-25 and 2025-06-18, basic/transports,
 * "Streamable HTTP") on the JDK's {@link HttpClient}:
 * <ul>
 * <li>every message is one POST with {@code Accept: application/json, text/event-stream}; a request's
 * answer comes back as one JSON body or as an event stream that may carry the server's notifications and
 * requests before the response; notifications and responses get 202;</li>
 * <li>the {@code Mcp-Session-Id} of the initialize answer is sent on every later request, and so is
 * {@code MCP-Protocol-Version} once negotiated; a 404 to a request that carried the session id is a
 * {@link SessionExpiredException};</li>
 * <li>a reply stream that ends without the response after an event id is resumed with GET and
 * {@code Last-Event-ID} (after the stream's {@code retry} time), a few times at most;</li>
 * <li>once the session is established a GET stream carries the server's own notifications
 * ({@code list_changed}, {@code resources/updated}); 405 means the server offers none; it is reopened
 * when it ends, and a stream that cannot be reopened tells the {@link Inbound} the server is lost;</li>
 * <li>{@link #close()} ends the session with DELETE.</li>
 * </ul>
 * Configured headers go on every request. Bodies and events are bounded by
 * {@link BridgeSettings#maxMessageBytes()}. Redirects are not followed. The answer to a request is
 * awaited by {@link McpClient}'s deadline; a POST whose response headers take longer than that deadline
 * plus the connect timeout fails here as a backstop.
 */
public final class StreamableHttpTransport implements McpTransport {

    private static final Logger LOG = Logger.getLogger(StreamableHttpTransport.class.getName());

    static final String SESSION_ID = "Mcp-Session-Id";
    static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    static final String EVENT_STREAM = "text/event-stream";
    static final String JSON = "application/json";

    /** How many times a reply stream that ended early is resumed with Last-Event-ID. */
    static final int MAX_RESUMES = 5;
    /** How many times in a row the GET stream is reopened after it failed before the server counts as lost. */
    static final int MAX_STREAM_FAILURES = 3;
    /** Bytes of an error body quoted in a message. */
    private static final int ERROR_SNIPPET = 300;

    private final BridgeSettings settings;
    private final URI url;
    private final HttpClient http;
    private final ScheduledExecutorService scheduler;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final AtomicLong generation = new AtomicLong();
    private volatile Inbound inbound;
    private volatile String sessionId;
    private volatile String protocolVersion;
    private volatile SseBody stream;
    private volatile boolean closed;

    /**
     * @param http      a client made by {@link #httpClient}
     * @param scheduler runs the delays before reopening streams
     */
    public StreamableHttpTransport(BridgeSettings settings, HttpClient http, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.url = settings.url().orElseThrow(() -> new IllegalArgumentException("bridge " + settings.id() + " has no url"));
        this.http = http;
        this.scheduler = scheduler;
    }

    /** An HTTP/1.1 client with the bridge's connect timeout that follows no redirects. */
    public static HttpClient httpClient(BridgeSettings settings, Executor executor) {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(executor)
                .build();
    }

    @Override
    public String target() {
        return url.toString();
    }

    /** The current session id, when the server gave one. */
    public Optional<String> sessionId() {
        return Optional.ofNullable(sessionId);
    }

    @Override
    public void open(Inbound newInbound) throws TransportException {
        if (closed) {
            throw new TransportException("the transport to " + url + " is closed", true);
        }
        generation.incrementAndGet();
        stopStream();
        String previous = sessionId;
        sessionId = null;
        protocolVersion = null;
        inbound = newInbound;
        if (previous != null) {
            delete(previous);
        }
    }

    @Override
    public void negotiated(String version) {
        protocolVersion = version;
    }

    @Override
    public void initialized() {
        openStream(generation.get(), 0);
    }

    @Override
    public CompletableFuture<Void> send(JsonRpc message) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("the transport to " + url + " is closed", true));
        }
        JsonValue related = message instanceof JsonRpc.Request r ? r.id() : null;
        boolean initialize = message instanceof JsonRpc.Request r && r.method().equals("initialize");
        String session = initialize ? null : sessionId;
        HttpRequest.Builder b = base(session)
                .timeout(settings.timeout().plus(settings.connectTimeout()))
                .header("Accept", ACCEPT_BOTH)
                .header("Content-Type", JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(message)));
        Reply reply = new Reply(related, initialize, generation.get());
        return http.sendAsync(b.build(), reply)
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(transportFailure("POST", failure));
                    }
                    return response;
                })
                .thenCompose(response -> after(reply, response, session));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        generation.incrementAndGet();
        stopStream();
        String session = sessionId;
        sessionId = null;
        if (session != null) {
            try {
                delete(session).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.FINE, "DELETE of the session at {0} not confirmed: {1}", new Object[] {url, e.toString()});
            }
        }
    }

    // ---- a POST's reply

    /** Chooses how to read a POST's reply from its status and content type, and remembers the outcome. */
    private final class Reply implements HttpResponse.BodyHandler<Object> {
        final JsonValue related;
        final boolean initialize;
        final long gen;
        volatile boolean answered;
        volatile String contentType = "";

        Reply(JsonValue related, boolean initialize, long gen) {
            this.related = related;
            this.initialize = initialize;
            this.gen = gen;
        }

        @Override
        @SuppressWarnings({"unchecked", "rawtypes"})
        public HttpResponse.BodySubscriber<Object> apply(HttpResponse.ResponseInfo info) {
            contentType = mediaType(info.headers().firstValue("Content-Type").orElse(""));
            int status = info.statusCode();
            if (initialize && status / 100 == 2 && gen == generation.get()) {
                info.headers().firstValue(SESSION_ID).ifPresent(StreamableHttpTransport.this::acceptSessionId);
            }
            if (status / 100 != 2) {
                return (HttpResponse.BodySubscriber) new BoundedBody(ERROR_SNIPPET, true);
            }
            if (contentType.equals(EVENT_STREAM)) {
                return (HttpResponse.BodySubscriber) new SseBody(settings.maxMessageBytes(), e -> event(e, this));
            }
            if (contentType.equals(JSON)) {
                return (HttpResponse.BodySubscriber) new BoundedBody(settings.maxMessageBytes(), false);
            }
            return (HttpResponse.BodySubscriber) new BoundedBody(ERROR_SNIPPET, true);
        }
    }

    private void acceptSessionId(String id) {
        if (!id.isEmpty() && id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e)) {
            sessionId = id;
        } else {
            LOG.log(Level.WARNING, "bridge {0}: {1} sent a session id with characters other than visible ASCII; "
                    + "it is not used", new Object[] {settings.id(), url});
        }
    }

    private CompletableFuture<Void> after(Reply reply, HttpResponse<Object> response, String session) {
        int status = response.statusCode();
        if (status == 404 && session != null) {
            return CompletableFuture.failedFuture(new SessionExpiredException("the server at " + url
                    + " no longer knows session " + shortId(session) + " (404)"));
        }
        if (status / 100 != 2) {
            return CompletableFuture.failedFuture(httpError(status, (byte[]) response.body()));
        }
        if (reply.contentType.equals(JSON)) {
            byte[] body = (byte[]) response.body();
            if (body.length > 0) {
                try {
                    deliver(codec.decode(body), reply);
                } catch (MessageDecodeException e) {
                    return CompletableFuture.failedFuture(new TransportException("the server at " + url
                            + " answered with a body that is not a JSON-RPC message: " + e.getMessage(), false));
                }
            }
        } else if (reply.contentType.equals(EVENT_STREAM)) {
            SseParser parser = (SseParser) response.body();
            if (reply.related != null && !reply.answered && !parser.lastEventId().isEmpty()) {
                return resume(reply, parser.lastEventId(), parser.retry().orElse(0), 1);
            }
        } else if (reply.related != null && status != 202 && status != 204) {
            return CompletableFuture.failedFuture(new TransportException("the server at " + url
                    + " answered a request with content type '" + reply.contentType + "'", false));
        }
        if (reply.related != null && !reply.answered) {
            return CompletableFuture.failedFuture(new TransportException("the server at " + url
                    + " ended its reply to request " + reply.related + " without a response", false));
        }
        return CompletableFuture.completedFuture(null);
    }

    /** GETs the rest of a reply stream after {@code lastEventId} (MCP 2025-11-25, resumability). */
    private CompletableFuture<Void> resume(Reply reply, String lastEventId, long retryMillis, int attempt) {
        long delay = Math.min(Math.max(retryMillis, 0), settings.timeout().toMillis());
        CompletableFuture<Void> started = new CompletableFuture<>();
        scheduler.schedule(() -> started.complete(null), delay, TimeUnit.MILLISECONDS);
        return started.thenCompose(ignored -> {
            HttpRequest get = base(sessionId).timeout(settings.timeout())
                    .header("Accept", EVENT_STREAM).header("Last-Event-ID", lastEventId).GET().build();
            return http.sendAsync(get, info -> info.statusCode() == 200
                            && mediaType(info.headers().firstValue("Content-Type").orElse("")).equals(EVENT_STREAM)
                            ? asObject(new SseBody(settings.maxMessageBytes(), e -> event(e, reply)))
                            : asObject(new BoundedBody(ERROR_SNIPPET, true)))
                    .handle((response, failure) -> {
                        if (failure != null) {
                            throw new CompletionException(transportFailure("GET (resume)", failure));
                        }
                        return response;
                    });
        }).thenCompose(response -> {
            if (response.statusCode() != 200 || !(response.body() instanceof SseParser parser)) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + url
                        + " could not resume its reply to request " + reply.related + ": HTTP " + response.statusCode(), false));
            }
            if (reply.answered) {
                return CompletableFuture.completedFuture(null);
            }
            String next = parser.lastEventId().isEmpty() ? lastEventId : parser.lastEventId();
            if (attempt >= MAX_RESUMES) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + url
                        + " did not answer request " + reply.related + " after " + attempt + " resumed streams", false));
            }
            return resume(reply, next, parser.retry().orElse(retryMillis), attempt + 1);
        });
    }

    private void event(SseEvent event, Reply reply) {
        if (event.data().isBlank()) {
            return;
        }
        if (!event.type().equals("message")) {
            LOG.log(Level.FINE, "event of type {0} from {1} ignored", new Object[] {event.type(), url});
            return;
        }
        try {
            deliver(codec.decode(event.data()), reply);
        } catch (MessageDecodeException e) {
            LOG.log(Level.WARNING, "bridge {0}: an event from {1} is not a JSON-RPC message and was dropped: {2}",
                    new Object[] {settings.id(), url, e.getMessage()});
        }
    }

    private void deliver(JsonRpc message, Reply reply) {
        JsonValue related = reply == null ? null : reply.related;
        if (reply != null && message instanceof JsonRpc.Response r && r.id().equals(reply.related)) {
            reply.answered = true;
        }
        Inbound target = inbound;
        boolean stale = reply != null && reply.gen != generation.get() && !(message instanceof JsonRpc.Response);
        if (target == null || stale) {
            return;
        }
        try {
            target.received(message, related);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "bridge " + settings.id() + ": handling a message from " + url + " failed", e);
        }
    }

    // ---- the server's notification stream (GET)

    private void openStream(long gen, int failures) {
        if (closed || gen != generation.get()) {
            return;
        }
        HttpRequest get = base(sessionId).timeout(settings.timeout()).header("Accept", EVENT_STREAM).GET().build();
        http.sendAsync(get, info -> {
            if (info.statusCode() == 200
                    && mediaType(info.headers().firstValue("Content-Type").orElse("")).equals(EVENT_STREAM)) {
                SseBody body = new SseBody(settings.maxMessageBytes(), e -> event(e, null));
                if (gen == generation.get()) {
                    stream = body;
                } else {
                    body.cancel();
                }
                return asObject(body);
            }
            return asObject(new BoundedBody(ERROR_SNIPPET, true));
        }).whenComplete((response, failure) -> streamEnded(gen, failures, response, failure));
    }

    private void streamEnded(long gen, int failures, HttpResponse<Object> response, Throwable failure) {
        if (closed || gen != generation.get()) {
            return;
        }
        if (failure != null) {
            TransportException e = transportFailure("GET", failure);
            if (failures + 1 >= MAX_STREAM_FAILURES || refused(failure)) {
                lost(e);
            } else {
                reopen(gen, failures + 1, settings.backoffInitial().toMillis());
            }
            return;
        }
        int status = response.statusCode();
        if (status == 405) {
            LOG.log(Level.FINE, "bridge {0}: {1} offers no notification stream (405)", new Object[] {settings.id(), url});
        } else if (status == 404) {
            lost(new SessionExpiredException("the server at " + url + " no longer knows the session (404 on GET)"));
        } else if (status == 200 && response.body() instanceof SseParser parser) {
            LOG.log(Level.FINE, "bridge {0}: notification stream from {1} ended; reopening", new Object[] {settings.id(), url});
            reopen(gen, 0, parser.retry().orElse(settings.backoffInitial().toMillis()));
        } else if (failures + 1 >= MAX_STREAM_FAILURES) {
            lost(httpError(status, (byte[]) response.body()));
        } else {
            reopen(gen, failures + 1, settings.backoffInitial().toMillis() << failures);
        }
    }

    private void reopen(long gen, int failures, long delayMillis) {
        long delay = Math.min(delayMillis, settings.backoffMax().toMillis());
        scheduler.schedule(() -> openStream(gen, failures), delay, TimeUnit.MILLISECONDS);
    }

    private void lost(TransportException e) {
        Inbound target = inbound;
        if (target != null) {
            target.lost(e);
        }
    }

    private void stopStream() {
        SseBody current = stream;
        stream = null;
        if (current != null) {
            current.cancel();
        }
    }

    private CompletableFuture<Void> delete(String session) {
        HttpRequest request = base(session).timeout(Duration.ofSeconds(2)).DELETE().build();
        return http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).handle((response, failure) -> {
            LOG.log(Level.FINE, "bridge {0}: DELETE session at {1}: {2}", new Object[] {settings.id(), url,
                failure == null ? "HTTP " + response.statusCode() : failure.toString()});
            return null;
        });
    }

    // ---- helpers

    private HttpRequest.Builder base(String session) {
        HttpRequest.Builder b = HttpRequest.newBuilder(url);
        settings.headers().forEach(b::header);
        if (session != null) {
            b.header(SESSION_ID, session);
        }
        String version = protocolVersion;
        if (version != null) {
            b.header(PROTOCOL_VERSION, version);
        }
        return b;
    }

    private TransportException httpError(int status, byte[] body) {
        String snippet = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        String hint = status == 401 || status == 403 ? " (check mesh.bridge." + settings.id() + ".headers)" : "";
        return new TransportException("the server at " + url + " answered HTTP " + status + hint
                + (snippet.isEmpty() ? "" : ": " + snippet), false);
    }

    private TransportException transportFailure(String what, Throwable failure) {
        Throwable t = Completions.unwrap(failure);
        if (t instanceof TransportException e) {
            return e;
        }
        if (t instanceof ReplyException) {
            return new TransportException("the reply of " + url + " to " + what + " was refused: " + t.getMessage(), false, t);
        }
        if (t instanceof HttpTimeoutException && !(t instanceof HttpConnectTimeoutException)) {
            return new TransportException("no answer from " + url + " to " + what + " within " + settings.timeout(), false, t);
        }
        return new TransportException("cannot reach " + url + ": " + describe(t), true, t);
    }

    private static boolean refused(Throwable failure) {
        Throwable t = Completions.unwrap(failure);
        return t instanceof ConnectException || t instanceof HttpConnectTimeoutException
                || t.getCause() instanceof UnresolvedAddressException;
    }

    static String describe(Throwable t) {
        if (t instanceof HttpConnectTimeoutException) {
            return "connect timed out";
        }
        if (t instanceof ConnectException) {
            return t.getMessage() == null || t.getMessage().isBlank() ? "connection refused" : t.getMessage();
        }
        if (t.getCause() instanceof UnresolvedAddressException) {
            return "unknown host";
        }
        String message = t.getMessage();
        return message == null || message.isBlank() ? t.getClass().getSimpleName() : message;
    }

    static String mediaType(String contentType) {
        return contentType.split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    private static String shortId(String session) {
        return session.length() <= 8 ? session : session.substring(0, 8) + "…";
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static HttpResponse.BodySubscriber<Object> asObject(HttpResponse.BodySubscriber<?> s) {
        return (HttpResponse.BodySubscriber) s;
    }
}
