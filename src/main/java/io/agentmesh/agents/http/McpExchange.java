package io.agentmesh.agents.http;

import io.agentmesh.routing.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;

/**
 * One HTTP exchange at {@code /mcp}, as {@link McpHttpHandler} sees it: the request's parts and three
 * ways to answer. The servlet adapts {@code HttpServletRequest}/{@code Response} to it; unit tests use an
 * in-memory one. An exchange is answered exactly once, by {@link #respond} or {@link #openEventStream}.
 */
public interface McpExchange {

    /** The HTTP method, upper case. */
    String method();

    /** The path below {@code /mcp} (for example {@code /echo}); null when there is none. */
    String pathInfo();

    /** The first value of a request header (names are case-insensitive). */
    Optional<String> header(String name);

    /** The client's IP address as a literal. */
    String remoteAddress();

    /** The user the application server authenticated the request for (its principal and roles), if any. */
    Optional<Caller.User> containerUser();

    /** The declared body length, or -1 when unknown (chunked). */
    long contentLength();

    InputStream body() throws IOException;

    /** Sends a complete response (status, headers, optional body) and ends the exchange. */
    void respond(int status, Map<String, String> headers, String contentType, byte[] body) throws IOException;

    /** Commits {@code 200 text/event-stream} with these headers and returns the stream's body. */
    OutputStream openEventStream(Map<String, String> headers) throws IOException;

    /**
     * Keeps the exchange open after the handler returns (it is answered later, from another thread).
     * {@code onGone} runs if the client goes away before then.
     */
    void keepOpen(Runnable onGone);

    /** Ends an exchange whose event stream is done; a no-op when already ended. */
    void end();
}
