package io.agentmesh.agents.bridge;

import io.agentmesh.routing.JsonRpc;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client side of the MCP Streamable HTTP transport (MCP 2025-11-25 and 2025-06-18, basic/transports,
 * "Streamable HTTP") on the JDK's {@link HttpClient}, made of three parts:
 * <ul>
 * <li>{@link EndpointSession}: the {@code Mcp-Session-Id} of the initialize answer, sent on every later
 * request, and {@code MCP-Protocol-Version} once negotiated;</li>
 * <li>{@link ReplyReader}: every message is one POST with {@code Accept: application/json,
 * text/event-stream}, its reply read as JSON or as an event stream, resumed with {@code Last-Event-ID}
 * when cut off;</li>
 * <li>{@link NotificationStream}: once the session is established, a GET stream carries the server's own
 * notifications.</li>
 * </ul>
 * {@link #open} begins a new session (ending the previous one with DELETE), {@link #close()} ends it with
 * DELETE. Configured headers go on every request. Bodies and events are bounded by
 * {@link BridgeSettings#maxMessageBytes()}. Redirects are not followed. The answer to a request is awaited
 * by {@link ServerChannel}'s deadline; a POST whose response headers take longer than that deadline plus
 * the connect timeout fails here as a backstop.
 */
public final class StreamableHttpTransport implements McpTransport {

    private static final Logger LOG = Logger.getLogger(StreamableHttpTransport.class.getName());

    static final String SESSION_ID = "Mcp-Session-Id";
    static final String PROTOCOL_VERSION = "MCP-Protocol-Version";
    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    static final String EVENT_STREAM = "text/event-stream";
    static final String JSON = "application/json";

    private final URI url;
    private final EndpointSession session;
    private final ReplyReader replies;
    private final NotificationStream stream;
    private volatile boolean closed;

    /**
     * @param http      a client made by {@link #httpClient}
     * @param scheduler runs the delays before resuming and reopening streams
     */
    public StreamableHttpTransport(BridgeSettings settings, HttpClient http, ScheduledExecutorService scheduler) {
        this.url = settings.url().orElseThrow(() -> new IllegalArgumentException("bridge " + settings.id() + " has no url"));
        this.session = new EndpointSession(settings, url, http);
        HttpFailures failures = new HttpFailures(settings, url);
        this.replies = new ReplyReader(settings, session, failures, scheduler);
        this.stream = new NotificationStream(settings, session, failures, scheduler);
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
        return session.id();
    }

    @Override
    public void open(Inbound inbound) throws TransportException {
        if (closed) {
            throw new TransportException("the transport to " + url + " is closed", true);
        }
        session.advance();
        stream.stop();
        String previous = session.reset(inbound);
        if (previous != null) {
            session.delete(previous);
        }
    }

    @Override
    public void negotiated(String version) {
        session.negotiated(version);
    }

    @Override
    public void initialized() {
        if (!closed) {
            stream.open(session.generation());
        }
    }

    @Override
    public CompletableFuture<Void> send(JsonRpc message) {
        if (closed) {
            return CompletableFuture.failedFuture(new TransportException("the transport to " + url + " is closed", true));
        }
        return replies.post(message);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        session.advance();
        stream.stop();
        String previous = session.end();
        if (previous != null) {
            try {
                session.delete(previous).get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                LOG.log(Level.FINE, "DELETE of the session at {0} not confirmed: {1}", new Object[] {url, e.toString()});
            }
        }
    }

    /** The media type of a response, lower case without parameters; empty when it has none. */
    static String mediaType(HttpResponse.ResponseInfo info) {
        return info.headers().firstValue("Content-Type").orElse("").split(";", 2)[0].trim().toLowerCase(Locale.ROOT);
    }

    /** One body handler serves several kinds of body: the reader looks at what it got. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    static HttpResponse.BodySubscriber<Object> asObject(HttpResponse.BodySubscriber<?> s) {
        return (HttpResponse.BodySubscriber) s;
    }
}
