package io.agentmesh.agents.bridge;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The server's own notification stream in a Streamable HTTP session (MCP 2025-11-25, basic/transports,
 * "Listening for Messages from the Server"): a GET with {@code Accept: text/event-stream} once the session
 * is initialized, carrying {@code list_changed} and {@code resources/updated}; 405 means the server offers
 * none. A stream that ends is reopened (after its {@code retry} time); one that fails is tried again with
 * growing delays, and after {@link #MAX_FAILURES} failures in a row, a refused connection or a 404 the
 * session is told the server is lost.
 */
final class NotificationStream {

    private static final Logger LOG = Logger.getLogger(NotificationStream.class.getName());

    /** How many times in a row the GET stream is reopened after it failed before the server counts as lost. */
    static final int MAX_FAILURES = 3;

    private final BridgeSettings settings;
    private final EndpointSession session;
    private final HttpFailures failures;
    private final ScheduledExecutorService scheduler;
    private volatile SseBody stream;

    /** @param scheduler runs the delays before reopening */
    NotificationStream(BridgeSettings settings, EndpointSession session, HttpFailures failures,
                       ScheduledExecutorService scheduler) {
        this.settings = settings;
        this.session = session;
        this.failures = failures;
        this.scheduler = scheduler;
    }

    /** Opens the stream of session generation {@code gen}; it lives until the session's generation changes. */
    void open(long gen) {
        open(gen, 0);
    }

    /** Stops reading the current stream. */
    void stop() {
        SseBody current = stream;
        stream = null;
        if (current != null) {
            current.cancel();
        }
    }

    private void open(long gen, int failed) {
        if (!session.isCurrent(gen)) {
            return;
        }
        HttpRequest get = session.request(session.id().orElse(null)).timeout(settings.timeout())
                .header("Accept", StreamableHttpTransport.EVENT_STREAM).GET().build();
        session.send(get, info -> {
            if (info.statusCode() == 200 && StreamableHttpTransport.mediaType(info).equals(StreamableHttpTransport.EVENT_STREAM)) {
                SseBody body = new SseBody(settings.maxMessageBytes(),
                        e -> session.message(e).ifPresent(message -> session.deliver(message, null)));
                if (session.isCurrent(gen)) {
                    stream = body;
                } else {
                    body.cancel();
                }
                return StreamableHttpTransport.asObject(body);
            }
            return StreamableHttpTransport.asObject(new BoundedBody(HttpFailures.ERROR_SNIPPET, true));
        }).whenComplete((response, failure) -> ended(gen, failed, response, failure));
    }

    private void ended(long gen, int failed, HttpResponse<Object> response, Throwable failure) {
        if (!session.isCurrent(gen)) {
            return;
        }
        if (failure != null) {
            TransportException e = failures.exchange("GET", failure);
            if (failed + 1 >= MAX_FAILURES || HttpFailures.refused(failure)) {
                session.lost(e);
            } else {
                reopen(gen, failed + 1, settings.backoffInitial().toMillis());
            }
            return;
        }
        int status = response.statusCode();
        if (status == 405) {
            LOG.log(Level.FINE, "bridge {0}: {1} offers no notification stream (405)", new Object[] {settings.id(), session.url()});
        } else if (status == 404) {
            session.lost(new SessionExpiredException("the server at " + session.url()
                    + " no longer knows the session (404 on GET)"));
        } else if (status == 200 && response.body() instanceof SseParser parser) {
            LOG.log(Level.FINE, "bridge {0}: notification stream from {1} ended; reopening",
                    new Object[] {settings.id(), session.url()});
            reopen(gen, 0, parser.retry().orElse(settings.backoffInitial().toMillis()));
        } else if (failed + 1 >= MAX_FAILURES) {
            session.lost(failures.status(status, (byte[]) response.body()));
        } else {
            reopen(gen, failed + 1, settings.backoffInitial().toMillis() << failed);
        }
    }

    private void reopen(long gen, int failed, long delayMillis) {
        long delay = Math.min(delayMillis, settings.backoffMax().toMillis());
        scheduler.schedule(() -> open(gen, failed), delay, TimeUnit.MILLISECONDS);
    }
}
