package io.agentmesh.routing;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.session.OutboundSessions;
import io.agentmesh.session.Session;
import io.agentmesh.session.SessionException;
import io.agentmesh.session.SessionHandshake;
import io.agentmesh.session.SessionMessages;
import io.agentmesh.session.SessionSettings;
import io.agentmesh.transport.Link;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The origin's side of end-to-end sessions (docs/protocol.md, "End-to-end sessions"): a request that this
 * node's own entry points send to a node that is not its neighbour travels sealed. The session to that
 * node is shaken hands once, through the relays ({@code node/session_open}, {@code node/session_finish}),
 * and shared by every request to it; each request becomes {@code node/sealed} with its JSON-RPC text
 * sealed, and its sealed response (and progress, and its other request-scoped notifications) is opened here. A destination that no longer knows the
 * session gets one new handshake and the request again. With {@link SessionSettings.Mode#AUTO}, a
 * destination that takes no sessions ({@code -32601}) is sent requests in clear for a while.
 */
final class SealedForwarding {

    private static final Logger LOG = Logger.getLogger(SealedForwarding.class.getName());
    /** How long a node that takes no sessions is sent requests in clear before it is asked again. */
    static final Duration CLEAR_FOR = Duration.ofMinutes(10);

    /** Sends one request toward the destination on the next hop already chosen, with its route metadata. */
    @FunctionalInterface
    interface Hop {
        CompletionStage<Forwarder.Forwarded> send(JsonRpc.Request request, String method, Requester from,
                                                  JsonObject params) throws JsonRpcException;
    }

    private final NodeId self;
    private final OutboundSessions sessions;
    private final SessionSettings.Mode mode;
    private final JsonRpcCodec codec;
    private final Clock clock;
    private final SecureRandom random;
    private final RouteObserver observer;
    private final Map<NodeId, Instant> inClear = new ConcurrentHashMap<>();

    SealedForwarding(NodeId self, OutboundSessions sessions, SessionSettings.Mode mode, JsonRpcCodec codec,
                     Clock clock, SecureRandom random, RouteObserver observer) {
        this.self = self;
        this.sessions = sessions;
        this.mode = mode;
        this.codec = codec;
        this.clock = clock;
        this.random = random;
        this.observer = observer;
    }

    /** True when {@code from}'s request to {@code target}, leaving on {@code link}, goes sealed. */
    boolean applies(Link link, NodeId target, Requester from) {
        if (mode == SessionSettings.Mode.OFF || from.linkPeer().isPresent() || link.peer().equals(target)) {
            return false;
        }
        Instant until = inClear.get(target);
        if (until != null && until.isAfter(clock.instant())) {
            return false;
        }
        return true;
    }

    /**
     * Sends {@code request} (to be delivered as {@code method} at {@code target}, with {@code params} as
     * this node would send them in clear) sealed through {@code hop}. The stage never fails.
     */
    CompletionStage<Forwarder.Forwarded> forward(JsonRpc.Request request, String method, NodeId target,
                                                 Requester from, JsonObject params, Hop hop) {
        JsonObject inner = RouteMetadata.strip(params);
        byte[] plaintext = codec.encode(new JsonRpc.Request(request.id(), method.substring(method.indexOf(':') + 1),
                inner));
        return attempt(request, method, target, from, params, plaintext, hop, true);
    }

    private CompletionStage<Forwarder.Forwarded> attempt(JsonRpc.Request request, String method, NodeId target,
                                                         Requester from, JsonObject params, byte[] plaintext,
                                                         Hop hop, boolean mayRetry) {
        return sessions.session(target, handshake -> handshake(handshake, target, from, hop, request.id()))
                .thenCompose(session -> sealed(session, request, target, from, params, plaintext, hop).thenCompose(f -> {
                    if (mayRetry && f.response().isError()
                            && f.response().error().code() == SessionException.UNKNOWN_SESSION) {
                        sessions.drop(target, session);
                        observer.session("unknown");
                        return attempt(request, method, target, from, params, plaintext, hop, false);
                    }
                    return CompletableFuture.completedFuture(f);
                }))
                .exceptionallyCompose(failure -> {
                    JsonRpc.Error error = errorOf(failure, target);
                    if (error.code() == JsonRpc.METHOD_NOT_FOUND && mode == SessionSettings.Mode.AUTO) {
                        inClear.put(target, clock.instant().plus(CLEAR_FOR));
                        LOG.log(Level.FINE, () -> target + " takes no end-to-end sessions: requests to it go in clear");
                        try {
                            return hop.send(request, method, from, params);
                        } catch (JsonRpcException e) {
                            error = e.error();
                        }
                    } else if (error.code() == JsonRpc.METHOD_NOT_FOUND) {
                        error = new JsonRpc.Error(JsonRpc.FORBIDDEN, "forbidden: " + target + " takes no end-to-end"
                                + " sessions, and this node sends requests beyond its neighbours sealed only",
                                JsonRpc.errorData(target.value(), null));
                    }
                    observer.session("handshake_failed");
                    JsonRpc.Error answer = error;
                    return CompletableFuture.completedFuture(
                            new Forwarder.Forwarded(JsonRpc.Response.error(request.id(), answer), false));
                });
    }

    /** Carries {@code handshake} to {@code target}: message 1 out, message 2 back, message 3 out. */
    private CompletionStage<Session> handshake(SessionHandshake handshake, NodeId target, Requester from, Hop hop,
                                               JsonValue id) {
        Requester quiet = new Requester(self.value(), from.linkPeer(), from.caller(), NotificationSink.NONE,
                from.session(), new Cancellation(), "end-to-end handshake to " + target);
        try {
            observer.session("handshake_started");
            return hop.send(new JsonRpc.Request(id, opMethod(target, SessionMessages.OPEN), null),
                    opMethod(target, SessionMessages.OPEN), quiet,
                    SessionMessages.handshake(handshake.id(), handshake.first())).thenCompose(second -> {
                try {
                    byte[] third = handshake.third(SessionMessages.readHandshakeResult(resultOf(second)));
                    return hop.send(new JsonRpc.Request(id, opMethod(target, SessionMessages.FINISH), null),
                            opMethod(target, SessionMessages.FINISH), quiet,
                            SessionMessages.handshake(handshake.id(), third));
                } catch (SessionException | JsonRpcException e) {
                    throw new CompletionException(e);
                }
            }).thenApply(finished -> {
                try {
                    resultOf(finished);
                    Session session = handshake.established(clock.instant());
                    LOG.log(Level.FINE, () -> "end-to-end session " + session.id() + " to " + target + " established");
                    return session;
                } catch (SessionException | JsonRpcException e) {
                    throw new CompletionException(e);
                }
            });
        } catch (SessionException | JsonRpcException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** Sends one sealed request on {@code session} and opens its response; never fails. */
    private CompletionStage<Forwarder.Forwarded> sealed(Session session, JsonRpc.Request request, NodeId target,
                                                        Requester from, JsonObject innerParams, byte[] plaintext,
                                                        Hop hop) {
        try {
            Session.Sealed sealed = session.sealRequest(plaintext, clock.instant());
            JsonObject outer = SessionMessages.sealed(session.id(), sealed);
            String token = progressToken(request);
            Requester outerFrom = from;
            if (token != null || RequestScoped.expectsNotifications(innerParams)) {
                String outerToken = Base64Url.encode(randomBytes());
                outer = Json.createObjectBuilder(outer).add("_meta", Json.createObjectBuilder()
                        .add("progressToken", outerToken)).build();
                outerFrom = withProgress(from, session, sealed.n());
            }
            if (RequestScoped.isLongLived(innerParams)) {
                outer = RequestScoped.longLived(outer);
            }
            observer.session("sealed_sent");
            return hop.send(request, opMethod(target, SessionMessages.SEALED), outerFrom, outer)
                    .thenApply(f -> opened(f, session, sealed.n(), request.id(), target));
        } catch (SessionException e) {
            return CompletableFuture.completedFuture(new Forwarder.Forwarded(JsonRpc.Response.error(request.id(),
                    new JsonRpc.Error(e.code(), e.getMessage(), JsonRpc.errorData(target.value(), null))), false));
        } catch (JsonRpcException e) {
            return CompletableFuture.completedFuture(new Forwarder.Forwarded(JsonRpc.Response.error(request.id(), e.error()), false));
        }
    }

    /** The response inside a sealed result; errors in clear (routing's, the session's) pass as they are. */
    private Forwarder.Forwarded opened(Forwarder.Forwarded forwarded, Session session, long requestN, JsonValue id,
                                       NodeId target) {
        JsonRpc.Response outer = forwarded.response();
        if (outer.isError()) {
            return forwarded;
        }
        try {
            SessionMessages.Sealed sealed = SessionMessages.readSealedResult(outer.result());
            byte[] plaintext = session.openResponse(requestN, sealed.n(), sealed.box(), clock.instant());
            if (codec.decode(plaintext) instanceof JsonRpc.Response inner) {
                return new Forwarder.Forwarded(inner.withId(id), true);
            }
        } catch (SessionException | MessageDecodeException e) {
            LOG.log(Level.FINE, () -> "sealed response from " + target + " rejected: " + e.getMessage());
        }
        observer.session("rejected");
        return new Forwarder.Forwarded(JsonRpc.Response.error(id, new JsonRpc.Error(SessionException.REJECTED,
                "sealed response rejected: tampered with, cut or replayed on the way from " + target,
                JsonRpc.errorData(target.value(), null))), true);
    }

    /**
     * {@code from}, with the sealed notifications for request {@code requestN} (progress, and every other
     * request-scoped one: log messages, a listen's) opened before they reach its sink.
     */
    private Requester withProgress(Requester from, Session session, long requestN) {
        NotificationSink opening = (method, params) -> {
            try {
                SessionMessages.Sealed sealed = SessionMessages.readSealed(params);
                byte[] plaintext = session.openProgress(requestN, sealed.n(), sealed.box(), clock.instant());
                if (codec.decode(plaintext) instanceof JsonRpc.Notification inner
                        && inner.params() instanceof JsonObject p) {
                    from.notifications().send(inner.method(), p);
                    return;
                }
            } catch (SessionException | MessageDecodeException e) {
                // dropped below
            }
            observer.session("rejected");
            LOG.log(Level.FINE, () -> "dropped sealed progress from " + session.peer() + " that failed to open");
        };
        return new Requester(from.originNode(), from.linkPeer(), from.caller(), opening, from.session(),
                from.cancellation(), from.description());
    }

    private byte[] randomBytes() {
        byte[] bytes = new byte[12];
        random.nextBytes(bytes);
        return bytes;
    }

    private static String progressToken(JsonRpc.Request request) {
        if (request.params() instanceof JsonObject params && params.get("_meta") instanceof JsonObject meta) {
            JsonValue token = meta.get("progressToken");
            if (token instanceof JsonString || token instanceof JsonNumber) {
                return token.toString();
            }
        }
        return null;
    }

    private static String opMethod(NodeId target, String op) {
        return target.value() + ":node/" + op;
    }

    private static JsonValue resultOf(Forwarder.Forwarded forwarded) throws JsonRpcException {
        if (forwarded.response().isError()) {
            throw new JsonRpcException(forwarded.response().error());
        }
        return forwarded.response().result();
    }

    private JsonRpc.Error errorOf(Throwable failure, NodeId target) {
        Throwable cause = Completions.unwrap(failure);
        if (cause instanceof JsonRpcException e) {
            return e.error();
        }
        if (cause instanceof SessionException e) {
            return new JsonRpc.Error(e.code(), e.getMessage(), JsonRpc.errorData(target.value(), null));
        }
        LOG.log(Level.WARNING, "end-to-end handshake with " + target + " failed", cause);
        return new JsonRpc.Error(JsonRpc.INTERNAL_ERROR, "internal error", JsonRpc.errorData(target.value(), null));
    }
}
