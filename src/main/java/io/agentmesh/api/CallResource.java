package io.agentmesh.api;

import io.agentmesh.json.Json;
import io.agentmesh.routing.Cancellation;
import io.agentmesh.routing.Destination;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.web.AccessPolicy;
import io.agentmesh.web.HttpGate;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.CharacterCodingException;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import org.eclipse.microprofile.openapi.annotations.Operation;
import org.eclipse.microprofile.openapi.annotations.enums.SchemaType;
import org.eclipse.microprofile.openapi.annotations.media.Content;
import org.eclipse.microprofile.openapi.annotations.media.Schema;
import org.eclipse.microprofile.openapi.annotations.media.SchemaProperty;
import org.eclipse.microprofile.openapi.annotations.parameters.RequestBody;
import org.eclipse.microprofile.openapi.annotations.responses.APIResponse;

/**
 * {@code POST /api/v1/call} (docs/api.md): the mesh for applications that do not run on the JVM. The
 * body names a target, a method and params; the answer is {@code {"result": ...}} with 200, or
 * {@code {"error": {"code", "message", "data"}}} with the status {@link CallStatus} gives. The same
 * checks as {@code /mcp} ({@link HttpGate}): loopback clients, the bearer token {@code mesh.mcp.token},
 * a JWT access token in JWT mode ({@code mesh.oauth.*}), or a user the server authenticated; a
 * disallowed {@code Origin} gets 403. Calls go through {@link MeshClient}, on behalf of the end user the
 * request was admitted for (a token's subject and roles, or the server's user), if any.
 * <p>
 * A request of MCP 2026-07-28 (its {@code params._meta} names the protocol version) goes to the agent as
 * it is, and its answer, an {@code input_required} result included (basic/patterns/mrtr), comes back as it
 * is: the client answers the agent's questions and retries with a new POST. A client that accepts
 * {@code text/event-stream} gets the call's notifications (progress, log messages) as events before the
 * answer ({@link CallEvents}); the status is then 200 and the error, if any, is in the last event.
 */
@Path("call")
@ApplicationScoped
public class CallResource {

    @Inject
    CallSettings settings;

    @Inject
    MeshClient client;

    private static final MediaType SSE = MediaType.SERVER_SENT_EVENTS_TYPE;

    private final AtomicLong ids = new AtomicLong();

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces({MediaType.APPLICATION_JSON, MediaType.SERVER_SENT_EVENTS})
    @Operation(summary = "Call an agent or a node anywhere in the mesh",
            description = "Sends `method` with `params` to `target` through this node's router (wire-v1 §5). "
                    + "The answer carries the JSON-RPC result or error; see docs/api.md.")
    @RequestBody(required = true, content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(
            type = SchemaType.OBJECT, requiredProperties = {"target", "method"},
            properties = {
                @SchemaProperty(name = "target", type = SchemaType.STRING,
                        description = "<node-id>:<agent>, local:<agent>, *:<agent>, <node-id> (the node itself) or <agent>",
                        example = "7f3a…c2:echo"),
                @SchemaProperty(name = "method", type = SchemaType.STRING,
                        description = "An MCP method (tools/call, tools/list, ...) or a node operation (get_info, ...)",
                        example = "tools/call"),
                @SchemaProperty(name = "params", type = SchemaType.OBJECT, description = "The params object, if any")
            })))
    @APIResponse(responseCode = "200", description = "The result: {\"result\": ...}; with Accept: text/event-stream, "
            + "the notifications of the call as events 'notification', then the answer as the event 'answer'",
            content = @Content(mediaType = MediaType.APPLICATION_JSON, schema = @Schema(type = SchemaType.OBJECT)))
    @APIResponse(responseCode = "400", description = "A body that is not JSON (-32700), not such an object (-32600), or bad params (-32602)")
    @APIResponse(responseCode = "401", description = "Not on loopback and no valid bearer token (mesh.mcp.token or, in JWT mode, an access token)")
    @APIResponse(responseCode = "403", description = "A disallowed Origin, an access token without a required scope (insufficient_scope), or no way to admit a client beyond loopback")
    @APIResponse(responseCode = "404", description = "No such agent (-32061) or method (-32601)")
    @APIResponse(responseCode = "413", description = "A body over mesh.mcp.max-body-bytes")
    @APIResponse(responseCode = "502", description = "The node is unreachable (-32060) or the hop limit was exceeded (-32063)")
    @APIResponse(responseCode = "503", description = "Overloaded (-32065); try later")
    @APIResponse(responseCode = "504", description = "No answer in time (-32062)")
    public CompletionStage<Response> call(InputStream body, @Context HttpServletRequest http) {
        HttpGate gate = settings.gate();
        Optional<String> origin = Optional.ofNullable(http.getHeader("Origin"));
        if (!gate.allowsOrigin(origin, http.getRemoteAddr())) {
            return done(error(403, JsonRpc.FORBIDDEN, "origin not allowed: " + origin.get()).build());
        }
        AccessPolicy.Admission admission = gate.decide(http.getRemoteAddr(),
                Optional.ofNullable(http.getHeader("Authorization")), HttpGate.containerUser(
                Optional.ofNullable(http.getUserPrincipal()).map(java.security.Principal::getName), http::isUserInRole));
        if (!admission.allowed()) {
            AccessPolicy.Decision decision = admission.decision();
            Response.ResponseBuilder refused = error(decision.status(), JsonRpc.FORBIDDEN, decision.message());
            gate.challenge(decision).ifPresent(challenge -> refused.header("WWW-Authenticate", challenge));
            return done(refused.build());
        }
        String text;
        try {
            byte[] bytes = gate.readBody(body, http.getContentLengthLong());
            if (bytes == null) {
                return done(error(413, JsonRpc.INVALID_REQUEST, "invalid request: the body is larger than "
                        + gate.maxBodyBytes() + " bytes").build());
            }
            text = HttpGate.utf8(bytes);
        } catch (CharacterCodingException e) {
            return done(error(400, JsonRpc.PARSE_ERROR, "parse error: the body is not UTF-8").build());
        } catch (IOException e) {
            return done(error(400, JsonRpc.PARSE_ERROR, "parse error: " + e.getMessage()).build());
        }
        CallRequest call;
        try {
            call = CallRequest.parse(text);
        } catch (MeshCallException e) {
            return done(error(CallStatus.of(e.code()), e.error()).build());
        }
        JsonRpc.Request request = call.toRequest(Json.createValue("rest-" + ids.incrementAndGet()));
        Destination to = call.address().destination();
        if (acceptsEvents(http.getHeader("Accept"))) {
            Cancellation cancellation = new Cancellation();
            CallEvents events = new CallEvents(settings.eventQueue(), cancellation);
            client.exchange(to, request, settings.deadline(), MeshClient.origin("rest " + request.id(),
                    events::notification, cancellation, admission.user())).thenAccept(response -> events.answer(body(response)));
            return done(Response.ok(events, SSE).header("Cache-Control", "no-cache").build());
        }
        return client.exchange(to, request, settings.deadline(), admission.user()).thenApply(response -> response.isError()
                ? error(CallStatus.of(response.error().code()), response.error()).build()
                : Response.ok(body(response).toString(), MediaType.APPLICATION_JSON_TYPE).build());
    }

    /** Whether an {@code Accept} header names {@code text/event-stream} (with any parameters). */
    static boolean acceptsEvents(String accept) {
        if (accept == null) {
            return false;
        }
        for (String range : accept.split(",")) {
            int semicolon = range.indexOf(';');
            String type = (semicolon < 0 ? range : range.substring(0, semicolon)).strip();
            if (type.equalsIgnoreCase(MediaType.SERVER_SENT_EVENTS)) {
                return true;
            }
        }
        return false;
    }

    /** The answer's body: {@code {"result": ...}} or {@code {"error": {"code", "message", "data"}}}. */
    static JsonObject body(JsonRpc.Response response) {
        return response.isError() ? body(response.error())
                : Json.createObjectBuilder().add("result", response.result()).build();
    }

    private static JsonObject body(JsonRpc.Error error) {
        var e = Json.createObjectBuilder().add("code", error.code()).add("message", error.message());
        if (error.data() != null) {
            e.add("data", error.data());
        }
        return Json.createObjectBuilder().add("error", e).build();
    }

    private static Response.ResponseBuilder error(int status, int code, String message) {
        return error(status, new JsonRpc.Error(code, message));
    }

    private static Response.ResponseBuilder error(int status, JsonRpc.Error error) {
        Response.ResponseBuilder b = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE).entity(body(error).toString());
        if (status == 503) {
            b.header("Retry-After", "1");
        }
        return b;
    }

    private static CompletionStage<Response> done(Response response) {
        return CompletableFuture.completedFuture(response);
    }
}
