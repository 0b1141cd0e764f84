package io.agentmesh.agents.bridge;

import io.agentmesh.routing.Completions;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpTimeoutException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.charset.StandardCharsets;

/**
 * How the HTTP transport words what went wrong with its server's endpoint as a {@link TransportException}:
 * an HTTP error status (with the start of the body, and a hint at the headers for 401 and 403), a reply
 * refused for breaking a limit, a missed deadline, or a server that cannot be reached at all.
 */
final class HttpFailures {

    /** Bytes of an error body quoted in a message. */
    static final int ERROR_SNIPPET = 300;

    private final BridgeSettings settings;
    private final URI url;

    HttpFailures(BridgeSettings settings, URI url) {
        this.settings = settings;
        this.url = url;
    }

    /** The server answered with an error status. */
    TransportException status(int status, byte[] body) {
        String snippet = body == null ? "" : new String(body, StandardCharsets.UTF_8).strip();
        String hint = status == 401 || status == 403 ? " (check mesh.bridge." + settings.id() + ".headers)" : "";
        return new TransportException("the server at " + url + " answered HTTP " + status + hint
                + (snippet.isEmpty() ? "" : ": " + snippet), false);
    }

    /** An exchange ({@code what}: POST, GET, ...) failed before a status arrived, or its body was refused. */
    TransportException exchange(String what, Throwable failure) {
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

    /** True when the connection itself was refused, timed out or found no host. */
    static boolean refused(Throwable failure) {
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
}
