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
 * the response as the stream's last event, after which the stream ends. The SSE reply is one of the
 * session's streams ({@link SessionStreams}), its events numbered and kept: a client that goes away only
 * loses the connection (disconnection is not cancellation), and may resume the stream with a GET naming
 * the last event id it received ("Resumability and Redelivery": "regardless of how the original stream
 * was initiated"). Thread-safe.
 */
final class PostReply {

    private static final Logger LOG = Logger.getLogger(PostReply.class.getName());

    private enum State { PENDING, STREAMING, DONE }

    private final McpExchange exchange;
    private final Map<String, String> headers;
    private final Consumer<SseStream> streamOpened;
    private final SessionStreams streams;
    private State state = State.PENDING;
    private SseEventLog stream;
    private boolean gone;

    /**
     * @param headers      extra response headers (the new session's id on initialize)
     * @param streams      the session's streams, of which an SSE reply becomes one
     * @param streamOpened told of the SSE stream when the reply switches to one (for keep-alives)
     */
    PostReply(McpExchange exchange, Map<String, String> headers, SessionStreams streams,
              Consumer<SseStream> streamOpened) {
        this.exchange = exchange;
        this.streams = streams;
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
        if (state == State.DONE || (gone && state == State.PENDING)) {
            LOG.log(Level.FINE, "notification after the reply ended, dropped");
            return;
        }
        if (state == State.PENDING) {
            SseStream connection;
            try {
                connection = new SseStream(exchange.openEventStream(headers), exchange::end);
            } catch (IOException | RuntimeException e) {
                LOG.log(Level.FINE, "opening the SSE reply failed: {0}", e.toString());
                gone = true;
                return;
            }
            state = State.STREAMING;
            stream = streams.open(false).orElseThrow();
            stream.attach(connection, 0);
            streamOpened.accept(connection);
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
        SseEventLog s;
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
        s.finish();
    }

    /**
     * The client went away: the call itself goes on; a JSON reply is not written, an SSE reply's events are
     * kept for a resumption.
     */
    synchronized void gone() {
        gone = true;
        if (stream != null) {
            stream.disconnect();
        }
    }
}
