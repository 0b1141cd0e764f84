package io.agentmesh.node;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * Finds out whether this server's HTTP endpoint really listens on {@code http.port}: it sends a request
 * there and asks whether this application saw one arrive on that port. A port that answers while the
 * application sees nothing is held by another process (Liberty could not bind it, CWWKO0221E); a port
 * where nothing answers may still be opening, so it is asked again until a patience runs out. Not
 * thread-safe: one caller probes at a time.
 */
final class EndpointProbe {

    /** What one probe found. */
    enum Verdict {
        /** This server answered on the port. */
        LISTENING,
        /** Not known yet: probe again. */
        WAITING,
        /** Another process answers on the port, and has for longer than the patience for that. */
        TAKEN,
        /** Nothing has answered on the port for longer than the patience. */
        CLOSED
    }

    /** How long answers from elsewhere are tolerated (the application may not be routed to yet). */
    static final Duration FOREIGN_PATIENCE = Duration.ofSeconds(15);
    /** How long the port may stay closed after the application started. */
    static final Duration CLOSED_PATIENCE = Duration.ofMinutes(2);

    private final URI target;
    private final BooleanSupplier requestSeen;
    private final Clock clock;
    private final HttpClient client;
    private final Instant started;
    private Instant firstForeign;

    /**
     * @param target      a URL of this application on the HTTP endpoint
     * @param requestSeen whether this application has seen a request arrive on the endpoint's port
     */
    EndpointProbe(URI target, BooleanSupplier requestSeen, Clock clock) {
        this.target = Objects.requireNonNull(target, "target");
        this.requestSeen = Objects.requireNonNull(requestSeen, "requestSeen");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
        this.started = clock.instant();
    }

    /** Sends one request and judges what came of it. */
    Verdict probe() {
        boolean answered = answers();
        return judge(answered, requestSeen.getAsBoolean());
    }

    /** The verdict when the port did or did not answer and this application did or did not see a request. */
    Verdict judge(boolean answered, boolean seen) {
        Instant now = clock.instant();
        if (seen) {
            return Verdict.LISTENING;
        }
        if (answered) {
            if (firstForeign == null) {
                firstForeign = now;
            }
            return now.isBefore(firstForeign.plus(FOREIGN_PATIENCE)) ? Verdict.WAITING : Verdict.TAKEN;
        }
        firstForeign = null;
        return now.isBefore(started.plus(CLOSED_PATIENCE)) ? Verdict.WAITING : Verdict.CLOSED;
    }

    private boolean answers() {
        try {
            client.send(HttpRequest.newBuilder(target).timeout(Duration.ofSeconds(2)).GET().build(),
                    HttpResponse.BodyHandlers.discarding());
            return true;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
