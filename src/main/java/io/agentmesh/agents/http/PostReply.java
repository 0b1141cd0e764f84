package io.agentmesh.agents.http;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The answer to one POSTed JSON-RPC request (MCP 2025-11-25 "Streamable HTTP", Sending Messages to the
 * Server, 5–6): {@code application/json} with the response when the call emits nothing before it ends;
 * {@code text/event-stream} as soon as it sends a notification (progress, logging) while running, with
 * the response as the stream's last event, after which the stream ends. A client that goes away only
 * stops the writes: disconnection is not cancellation. Thread-safe.
 */
final class PostReply {

    private static final Logger LOG = Logger.getLogger(PostReply.class.getName());

    private enum State { PENDING, STREAMING, DONE }

    private final McpExchange exchange;
    private final Map<String, String> headers;
    private final Consumer<SseStream> streamOpened;
    private State state = State.PENDING;
    private SseStream stream;
    private boolean gone;

    /**
     * @param headers      extra response headers (the new session's id on initialize)
     * @param streamOpened told of the SSE stream when the reply switches to one (for keep-alives)
     */
    PostReply(McpExchange exchange, Map<String, String> headers, Consumer<SseStream> streamOpened) {
        this.exchange = exchange;
        this.headers = new LinkedHashMap<>(headers);
        this.streamOpened = streamOpened;
    }

    /** Leaves a header out of a reply not yet sent. */
    synchronized void dropHeader(String name) {
        if (state == State.PENDING) {
            headers.remove(name);
        }
    }

    /** Sends a notification related to the request; switches the reply to SSE first if needed. */
    synchronized void notification(String json) {
        if (state == State.DONE || gone) {
            LOG.log(Level.FINE, "notification after the reply ended, dropped");
            return;
        }
        if (state == State.PENDING) {
            try {
                stream = new SseStream(exchange.openEventStream(headers), exchange::end);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "opening the SSE reply failed: {0}", e.toString());
                gone = true;
                return;
            }
            state = State.STREAMING;
            streamOpened.accept(stream);
        }
        stream.send(json);
    }

    /** Sends the response: the JSON body, or the last event of the SSE stream. */
    void complete(String json) {
        complete(200, json);
    }

    /**
     * Sends the response: the JSON body with {@code status}, or the last event of the SSE stream (whose
     * status, 200, went out with its first event).
     */
    void complete(int status, String json) {
        SseStream s;
        synchronized (this) {
            if (state == State.DONE) {
                return;
            }
            State was = state;
            state = State.DONE;
            if (was == State.PENDING) {
                if (!gone) {
                    try {
                        exchange.respond(status, headers, AcceptHeader.JSON, json.getBytes(StandardCharsets.UTF_8));
                    } catch (IOException | RuntimeException e) {
                        LOG.log(Level.FINE, "writing a JSON reply failed: {0}", e.toString());
                        exchange.end();
                    }
                } else {
                    exchange.end();
                }
                return;
            }
            s = stream;
        }
        s.send(json);
        s.close();
    }

    /** The client went away: later writes are skipped; the call itself goes on. */
    synchronized void gone() {
        gone = true;
        if (stream != null) {
            stream.close();
        }
    }
}
