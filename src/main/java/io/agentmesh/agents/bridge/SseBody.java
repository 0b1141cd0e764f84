package io.agentmesh.agents.bridge;

import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.function.Consumer;

/**
 * A {@code text/event-stream} response body fed to an {@link SseParser} as it arrives; each event goes
 * to the consumer on the HTTP client's thread. The body completes with the parser (for its last event
 * id and retry time) when the stream ends, or fails when it breaks or exceeds the parser's limit.
 * {@link #cancel()} ends a stream that is no longer wanted (it then completes normally).
 */
final class SseBody implements HttpResponse.BodySubscriber<SseParser> {

    private final SseParser parser;
    private final CompletableFuture<SseParser> result = new CompletableFuture<>();
    private volatile Flow.Subscription subscription;
    private volatile boolean cancelled;

    SseBody(int maxBytes, Consumer<SseEvent> events) {
        this.parser = new SseParser(maxBytes, events);
    }

    @Override
    public CompletionStage<SseParser> getBody() {
        return result;
    }

    /** Stops reading; the body completes with what was parsed so far. */
    void cancel() {
        cancelled = true;
        Flow.Subscription s = subscription;
        if (s != null) {
            s.cancel();
        }
        result.complete(parser);
    }

    @Override
    public void onSubscribe(Flow.Subscription s) {
        subscription = s;
        if (cancelled) {
            s.cancel();
            return;
        }
        s.request(1);
    }

    @Override
    public void onNext(List<ByteBuffer> buffers) {
        if (result.isDone()) {
            return;
        }
        try {
            for (ByteBuffer b : buffers) {
                parser.feed(b);
            }
        } catch (SseParser.SseException | RuntimeException e) {
            subscription.cancel();
            result.completeExceptionally(new ReplyException(e.getMessage()));
            return;
        }
        subscription.request(1);
    }

    @Override
    public void onError(Throwable t) {
        result.completeExceptionally(t);
    }

    @Override
    public void onComplete() {
        parser.finish();
        result.complete(parser);
    }
}
