package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import io.agentmesh.session.InboundSessions;
import io.agentmesh.session.Session;
import io.agentmesh.session.SessionException;
import io.agentmesh.session.SessionMessages;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The destination's side of end-to-end sessions (docs/protocol.md, "End-to-end sessions"): answers the
 * handshake operations {@code node/session_open} and {@code node/session_finish}, and serves
 * {@code node/sealed}: opens the request, serves it here as the session's peer asked it (the caller is
 * that peer, with its groups and the end user it vouches for; never what the route metadata claims), and
 * seals the response and the request's progress back. A sealed request is served on this node only: it
 * names no other node, nor another session operation.
 */
final class SealedDelivery {

    private static final Logger LOG = Logger.getLogger(SealedDelivery.class.getName());

    /** Serves an opened request on this node. */
    @FunctionalInterface
    interface Local {
        CompletionStage<JsonRpc.Response> deliver(JsonRpc.Request request, Address address, Requester from)
                throws JsonRpcException;
    }

    private final NodeId self;
    private final InboundSessions sessions;
    private final JsonRpcCodec codec;
    private final Clock clock;
    private final RouteObserver observer;

    SealedDelivery(NodeId self, InboundSessions sessions, JsonRpcCodec codec, Clock clock, RouteObserver observer) {
        this.self = self;
        this.sessions = sessions;
        this.codec = codec;
        this.clock = clock;
        this.observer = observer;
    }

    /** True for the node operations this class serves. */
    static boolean serves(Address address) {
        return address.targetsNode() && (SessionMessages.OPEN.equals(address.op())
                || SessionMessages.FINISH.equals(address.op()) || SessionMessages.SEALED.equals(address.op()));
    }

    /** True for {@code node/sealed}: opening it is a decryption, served on the thread it arrives on. */
    static boolean opensWithoutBlocking(Address address) {
        return address.targetsNode() && SessionMessages.SEALED.equals(address.op());
    }

    /**
     * Serves a session operation; the stage never fails.
     *
     * @throws JsonRpcException the operation's error in clear: bad params, an unknown session, a sealed
     *                          request that failed to open, a failed or refused handshake
     */
    CompletionStage<JsonRpc.Response> deliver(JsonRpc.Request request, Address address, Requester from, Local local)
            throws JsonRpcException {
        JsonObject params = RouteMetadata.strip(request.paramsObject());
        params = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        try {
            return switch (address.op()) {
                case SessionMessages.OPEN -> {
                    SessionMessages.Handshake first = SessionMessages.readHandshake(params);
                    byte[] second = sessions.open(first.sid(), first.msg(), from.linkPeer().orElse(self));
                    yield done(request, SessionMessages.handshakeResult(second));
                }
                case SessionMessages.FINISH -> {
                    SessionMessages.Handshake third = SessionMessages.readHandshake(params);
                    Session session = sessions.finish(third.sid(), third.msg());
                    observer.session("handshake_answered");
                    LOG.log(Level.FINE, () -> "end-to-end session " + session.id() + " from " + session.peer()
                            + " established");
                    yield done(request, JsonValue.EMPTY_JSON_OBJECT);
                }
                default -> sealed(request, params, from, local);
            };
        } catch (SessionException e) {
            observer.session(switch (e.code()) {
                case SessionException.FORBIDDEN -> "refused";
                case SessionException.REJECTED -> "rejected";
                case SessionException.UNKNOWN_SESSION -> "unknown";
                default -> "handshake_failed";
            });
            LOG.log(Level.FINE, () -> "refused " + address.op() + " from " + from.description() + ": " + e.getMessage());
            throw new JsonRpcException(e.code(), e.getMessage(), JsonRpc.errorData(self.value(), null));
        }
    }

    private CompletionStage<JsonRpc.Response> sealed(JsonRpc.Request request, JsonObject params, Requester from,
                                                     Local local) throws SessionException {
        SessionMessages.Sealed sealed = SessionMessages.readSealed(params);
        Session session = sessions.get(sealed.sid());
        byte[] plaintext = session.openRequest(sealed.n(), sealed.box(), clock.instant());
        observer.session("sealed_served");
        CompletionStage<JsonRpc.Response> inner;
        try {
            requireOrigin(RouteMetadata.readQuietly(request.paramsObject()), session);
            inner = served(plaintext, session, sealed.n(), outerProgressToken(params), from, local);
        } catch (JsonRpcException e) {
            inner = CompletableFuture.completedFuture(JsonRpc.Response.error(JsonValue.NULL, e.error()));
        }
        return inner.thenApply(response -> sealedResponse(request.id(), session, sealed.n(), response));
    }

    /** Serves the opened request {@code plaintext} as the session's peer asked it. */
    private CompletionStage<JsonRpc.Response> served(byte[] plaintext, Session session, long n, JsonValue outerToken,
                                                     Requester from, Local local) throws JsonRpcException {
        JsonRpc.Request inner;
        try {
            if (!(codec.decode(plaintext) instanceof JsonRpc.Request request)) {
                throw new JsonRpcException(JsonRpc.INVALID_REQUEST, "invalid request: a sealed message holds a request");
            }
            inner = request;
        } catch (MessageDecodeException e) {
            throw new JsonRpcException(e.response().error());
        }
        Address address = Address.parse(inner.method());
        if (address.scope() == Address.Scope.ANY || address.scope() == Address.Scope.ID && !self.equals(address.nodeId())
                || serves(address)) {
            throw new JsonRpcException(JsonRpc.INVALID_REQUEST, "invalid request: a sealed request is served on the"
                    + " node it is sealed to, and is not a session operation", JsonRpc.errorData(self.value(), null));
        }
        JsonObject innerParams = inner.params() instanceof JsonObject p ? p : null;
        requireOrigin(RouteMetadata.read(innerParams), session);
        Requester requester = new Requester(session.peer().value(), from.linkPeer(),
                Caller.node(session.peer(), session.groups()), progress(outerToken, session, n, from), from.session(),
                from.cancellation(), "session " + session.id() + " from " + session.peer());
        return local.deliver(inner, address, requester);
    }

    /** Refuses (−32064) a request whose route metadata claims another origin than the session's peer. */
    private void requireOrigin(Optional<RouteMetadata> claimed, Session session) throws JsonRpcException {
        if (claimed.isPresent() && !claimed.get().origin().equals(session.peer().value())) {
            observer.session("refused");
            throw new JsonRpcException(JsonRpc.FORBIDDEN, "forbidden: the request claims origin " + claimed.get().origin()
                    + ", but its session is with " + session.peer(), JsonRpc.errorData(self.value(), null));
        }
    }

    /** Seals {@code response} as the result of the outer request {@code id}; in clear when it cannot be sealed. */
    private JsonRpc.Response sealedResponse(JsonValue id, Session session, long requestN, JsonRpc.Response response) {
        try {
            Session.Sealed sealed = session.sealResponse(requestN, codec.encode(response), clock.instant());
            return JsonRpc.Response.result(id, SessionMessages.sealedResult(sealed));
        } catch (SessionException e) {
            LOG.log(Level.FINE, () -> "could not seal the response on session " + session.id() + ": " + e.getMessage());
            return JsonRpc.Response.error(id, new JsonRpc.Error(e.code(), e.getMessage(),
                    JsonRpc.errorData(self.value(), null)));
        }
    }

    /**
     * Where the agent's notifications for the request go: each of them (progress, log messages, a
     * listen's), sealed, as {@code notifications/progress} for the outer request's token (which relays pass
     * back); nothing when the outer request carries no token.
     */
    private NotificationSink progress(JsonValue outerToken, Session session, long requestN, Requester from) {
        if (outerToken == null) {
            return NotificationSink.NONE;
        }
        return (method, params) -> {
            try {
                Session.Sealed sealed = session.sealProgress(requestN,
                        codec.encode(new JsonRpc.Notification(method, params)), clock.instant());
                from.notifications().send(Forwarder.PROGRESS, Json.createObjectBuilder(
                        SessionMessages.sealed(session.id(), sealed)).add("progressToken", outerToken).build());
            } catch (SessionException e) {
                LOG.log(Level.FINE, () -> "dropped progress on session " + session.id() + ": " + e.getMessage());
            }
        };
    }

    private static JsonValue outerProgressToken(JsonObject params) {
        return params.get("_meta") instanceof JsonObject meta ? meta.get("progressToken") : null;
    }

    private static CompletionStage<JsonRpc.Response> done(JsonRpc.Request request, JsonValue result) {
        return CompletableFuture.completedFuture(JsonRpc.Response.result(request.id(), result));
    }
}
