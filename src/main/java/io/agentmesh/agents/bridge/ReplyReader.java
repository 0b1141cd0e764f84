package io.agentmesh.agents.bridge;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MessageDecodeException;
import jakarta.json.JsonValue;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Sends each message as one POST and reads the server's reply (MCP 2025-11-25 and 2025-06-18,
 * basic/transports, Streamable HTTP, "Sending Messages to the Server"): a request's answer comes as one
 * JSON body or as an event stream whose messages (the server's notifications and requests first) reach
 * the {@link EndpointSession} as they arrive; a notification or response gets 202; a 404 to a request that
 * carried the session id is a {@link SessionExpiredException}; a reply stream that ends without the
 * response after an event id is resumed with GET and {@code Last-Event-ID} (after the stream's
 * {@code retry} time), {@link #MAX_RESUMES} times at most ("Resumability and Redelivery"). To a server
 * spoken to in the stateless revision (MCP 2026-07-28), each POST also carries the headers that mirror its
 * body ({@link ModernEra#headers}), and an error status whose body is a JSON-RPC error is that error, the
 * answer to the request (basic/transports/streamable-http, "Server Validation", "Backward Compatibility").
 */
final class ReplyReader {

    /** How many times a reply stream that ended early is resumed with Last-Event-ID. */
    static final int MAX_RESUMES = 5;

    private final BridgeSettings settings;
    private final EndpointSession session;
    private final HttpFailures failures;
    private final ScheduledExecutorService scheduler;
    private final JsonRpcCodec codec = new JsonRpcCodec();

    /** @param scheduler runs the delays before resuming */
    ReplyReader(BridgeSettings settings, EndpointSession session, HttpFailures failures, ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.session = session;
        this.failures = failures;
        this.scheduler = scheduler;
    }

    /** POSTs {@code message}; completes once it is delivered and, for a request, its reply has ended. */
    CompletableFuture<Void> post(JsonRpc message) {
        JsonValue related = message instanceof JsonRpc.Request r ? r.id() : null;
        boolean initialize = message instanceof JsonRpc.Request r && r.method().equals("initialize");
        String sessionId = initialize ? null : session.id().orElse(null);
        HttpRequest.Builder b = session.request(sessionId)
                .timeout(settings.timeout().plus(settings.connectTimeout()))
                .header("Accept", StreamableHttpTransport.ACCEPT_BOTH)
                .header("Content-Type", StreamableHttpTransport.JSON)
                .POST(HttpRequest.BodyPublishers.ofByteArray(codec.encode(message)));
        if (session.isModern()) {
            ModernEra.headers(message).forEach(b::header);
        }
        Reply reply = new Reply(related, initialize, session.generation());
        return session.send(b.build(), reply)
                .handle((response, failure) -> {
                    if (failure != null) {
                        throw new CompletionException(failures.exchange("POST", failure));
                    }
                    return response;
                })
                .thenCompose(response -> after(reply, response, sessionId));
    }

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
        public HttpResponse.BodySubscriber<Object> apply(HttpResponse.ResponseInfo info) {
            contentType = StreamableHttpTransport.mediaType(info);
            int status = info.statusCode();
            if (initialize && status / 100 == 2 && session.isCurrent(gen)) {
                info.headers().firstValue(StreamableHttpTransport.SESSION_ID).ifPresent(session::accept);
            }
            if (status / 100 != 2) {
                return StreamableHttpTransport.asObject(new BoundedBody(HttpFailures.ERROR_SNIPPET, true));
            }
            if (contentType.equals(StreamableHttpTransport.EVENT_STREAM)) {
                return StreamableHttpTransport.asObject(new SseBody(settings.maxMessageBytes(), e -> event(e, this)));
            }
            if (contentType.equals(StreamableHttpTransport.JSON)) {
                return StreamableHttpTransport.asObject(new BoundedBody(settings.maxMessageBytes(), false));
            }
            return StreamableHttpTransport.asObject(new BoundedBody(HttpFailures.ERROR_SNIPPET, true));
        }
    }

    private CompletableFuture<Void> after(Reply reply, HttpResponse<Object> response, String sessionId) {
        int status = response.statusCode();
        if (status == 404 && sessionId != null) {
            return CompletableFuture.failedFuture(new SessionExpiredException("the server at " + session.url()
                    + " no longer knows session " + shortId(sessionId) + " (404)"));
        }
        if (status / 100 != 2) {
            if (reply.related != null && session.isModern() && errorAnswer(reply, (byte[]) response.body())) {
                return CompletableFuture.completedFuture(null);
            }
            return CompletableFuture.failedFuture(failures.status(status, (byte[]) response.body()));
        }
        if (reply.contentType.equals(StreamableHttpTransport.JSON)) {
            byte[] body = (byte[]) response.body();
            if (body.length > 0) {
                try {
                    deliver(codec.decode(body), reply);
                } catch (MessageDecodeException e) {
                    return CompletableFuture.failedFuture(new TransportException("the server at " + session.url()
                            + " answered with a body that is not a JSON-RPC message: " + e.getMessage(), false));
                }
            }
        } else if (reply.contentType.equals(StreamableHttpTransport.EVENT_STREAM)) {
            SseParser parser = (SseParser) response.body();
            if (reply.related != null && !reply.answered && !parser.lastEventId().isEmpty()) {
                return resume(reply, parser.lastEventId(), parser.retry().orElse(0), 1);
            }
        } else if (reply.related != null && status != 202 && status != 204) {
            return CompletableFuture.failedFuture(new TransportException("the server at " + session.url()
                    + " answered a request with content type '" + reply.contentType + "'", false));
        }
        if (reply.related != null && !reply.answered) {
            return CompletableFuture.failedFuture(new TransportException("the server at " + session.url()
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
            HttpRequest get = session.request(session.id().orElse(null)).timeout(settings.timeout())
                    .header("Accept", StreamableHttpTransport.EVENT_STREAM).header("Last-Event-ID", lastEventId).GET().build();
            return session.send(get, info -> info.statusCode() == 200
                            && StreamableHttpTransport.mediaType(info).equals(StreamableHttpTransport.EVENT_STREAM)
                            ? StreamableHttpTransport.asObject(new SseBody(settings.maxMessageBytes(), e -> event(e, reply)))
                            : StreamableHttpTransport.asObject(new BoundedBody(HttpFailures.ERROR_SNIPPET, true)))
                    .handle((response, failure) -> {
                        if (failure != null) {
                            throw new CompletionException(failures.exchange("GET (resume)", failure));
                        }
                        return response;
                    });
        }).thenCompose(response -> {
            if (response.statusCode() != 200 || !(response.body() instanceof SseParser parser)) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + session.url()
                        + " could not resume its reply to request " + reply.related + ": HTTP " + response.statusCode(), false));
            }
            if (reply.answered) {
                return CompletableFuture.completedFuture(null);
            }
            String next = parser.lastEventId().isEmpty() ? lastEventId : parser.lastEventId();
            if (attempt >= MAX_RESUMES) {
                return CompletableFuture.failedFuture(new TransportException("the server at " + session.url()
                        + " did not answer request " + reply.related + " after " + attempt + " resumed streams", false));
            }
            return resume(reply, next, parser.retry().orElse(retryMillis), attempt + 1);
        });
    }

    /** Delivers the JSON-RPC error of an error status's body as the answer to the request; false when it is none. */
    private boolean errorAnswer(Reply reply, byte[] body) {
        try {
            if (body != null && body.length > 0 && codec.decode(body) instanceof JsonRpc.Response r && r.isError()) {
                deliver(JsonRpc.Response.error(reply.related, r.error()), reply);
                return true;
            }
        } catch (MessageDecodeException e) {
            return false;
        }
        return false;
    }

    private void event(SseEvent event, Reply reply) {
        session.message(event).ifPresent(message -> deliver(message, reply));
    }

    /** The response marks the reply answered; a past session's reply carries nothing but responses over. */
    private void deliver(JsonRpc message, Reply reply) {
        if (message instanceof JsonRpc.Response r && r.id().equals(reply.related)) {
            reply.answered = true;
        }
        if (session.isCurrent(reply.gen) || message instanceof JsonRpc.Response) {
            session.deliver(message, reply.related);
        }
    }

    private static String shortId(String sessionId) {
        return sessionId.length() <= 8 ? sessionId : sessionId.substring(0, 8) + "…";
    }
}
