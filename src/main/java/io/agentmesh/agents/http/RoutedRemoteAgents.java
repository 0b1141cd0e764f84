package io.agentmesh.agents.http;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.routing.Origin;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.BiConsumer;
import java.util.function.BiFunction;

/**
 * {@code /mcp/{node-id}/{agent-id}} through the mesh router (wire-v1 §7: "routed as in 5.3"): the
 * message goes to the router as {@code <node-id>:<agent-id>/<method>} from a local entry point whose
 * notifications (progress) return on the POST's reply, and whose cancellation follows the client's
 * {@code notifications/cancelled}. Mesh errors (−32060 no route, −32062 timeout, …) and the agent's
 * own errors come back as the request's error.
 */
public final class RoutedRemoteAgents implements RemoteAgents {

    private final BiFunction<JsonRpc.Request, Origin, CompletionStage<JsonRpc.Response>> route;
    private final BiConsumer<JsonRpc.Notification, Origin> routeNotification;

    /**
     * @param route             the router's {@code route(Request, Origin)}
     * @param routeNotification the router's {@code routeNotification(Notification, Origin)}
     */
    public RoutedRemoteAgents(BiFunction<JsonRpc.Request, Origin, CompletionStage<JsonRpc.Response>> route,
                              BiConsumer<JsonRpc.Notification, Origin> routeNotification) {
        this.route = route;
        this.routeNotification = routeNotification;
    }

    @Override
    public CompletionStage<JsonValue> request(NodeId node, String agentId, String method, JsonObject params,
                                              CallContext context) {
        JsonValue id = JsonRpc.isValidId(context.requestId()) ? context.requestId() : io.agentmesh.json.Json.createValue(0);
        Origin origin = origin(context);
        context.onCancel(() -> origin.cancellation().cancel("cancelled by the MCP client"));
        return route.apply(new JsonRpc.Request(id, address(node, agentId, method), paramsOrNone(params)), origin)
                .thenCompose(response -> response.isError()
                        ? CompletableFuture.failedFuture(new JsonRpcException(response.error()))
                        : CompletableFuture.completedFuture(response.result()));
    }

    /**
     * Forwards a notification; {@code notifications/cancelled} is not forwarded as such, since its
     * request id is the client's: the running request's cancellation carries it instead.
     */
    @Override
    public void notify(NodeId node, String agentId, String method, JsonObject params, CallContext context) {
        if (method.equals("notifications/cancelled")) {
            return;
        }
        routeNotification.accept(new JsonRpc.Notification(address(node, agentId, method), paramsOrNone(params)),
                origin(context));
    }

    private static Origin origin(CallContext context) {
        return new Origin("mcp session " + context.session().id(), context.session(), context::sendNotification,
                new Cancellation());
    }

    static String address(NodeId node, String agentId, String method) {
        return node.value() + ":" + agentId + "/" + method;
    }

    private static JsonValue paramsOrNone(JsonObject params) {
        return params == null || params.isEmpty() ? null : params;
    }
}
