package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The one way into the mesh for callers on this node (wire-v1 §5.2–5.3): the Java API, {@code /mcp},
 * {@code POST /api/v1/call} and the admin console each give it a {@link Destination}, a request whose
 * method is the op alone ({@code tools/call}), their {@link Origin} and a deadline, and the {@link Router}
 * routes it as it routes a request from a link, so that every call is counted by its
 * {@link RouteObserver}. The answer comes back as the router gives it, a result or an error, never as an
 * exception; {@code -32062} is made here, once, when the deadline passes first, and the request is then
 * cancelled where it runs. Answers complete on the router's workers, never on a link's reading thread
 * nor on the deadline scheduler. Thread-safe.
 */
public final class MeshEntry {

    private static final Logger LOG = Logger.getLogger(MeshEntry.class.getName());

    private final Router router;
    private final ScheduledExecutorService scheduler;
    private final Executor workers;

    /**
     * @param scheduler runs the deadlines
     * @param workers   completes the answers made at a deadline (the caller's continuations run there); a
     *                  refusing executor makes the scheduler run them
     */
    public MeshEntry(Router router, ScheduledExecutorService scheduler, Executor workers) {
        this.router = Objects.requireNonNull(router, "router");
        this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
        this.workers = Objects.requireNonNull(workers, "workers");
    }

    /** This node's id. */
    public NodeId nodeId() {
        return router.nodeId();
    }

    /**
     * Sends {@code request} to {@code to} and completes with its response, or with {@code -32062} when
     * none came within {@code deadline} (the request is then cancelled: {@code notifications/cancelled}
     * goes to the agent, or on along its route). The stage never fails.
     */
    public CompletionStage<JsonRpc.Response> request(Destination to, JsonRpc.Request request, Origin origin,
                                                     Duration deadline) {
        Objects.requireNonNull(deadline, "deadline");
        CompletableFuture<JsonRpc.Response> answer = new CompletableFuture<>();
        request(to, request, origin).whenComplete((response, failure) ->
                answer.complete(response != null ? response : internalError(request)));
        if (answer.isDone()) {
            return answer;
        }
        long millis = deadline.toMillis();
        ScheduledFuture<?> timer = scheduler.schedule(() -> complete(() -> {
            if (answer.complete(JsonRpc.Response.error(request.id(), new JsonRpc.Error(JsonRpc.TIMEOUT,
                    "timeout: no answer to " + to + "/" + request.method() + " within " + millis + " ms")))) {
                origin.cancellation().cancel("no answer within " + millis + " ms");
            }
        }), millis, TimeUnit.MILLISECONDS);
        answer.whenComplete((response, failure) -> timer.cancel(false));
        return answer;
    }

    /**
     * Sends {@code request} to {@code to} with no deadline of the entry's own: for callers that end what
     * they no longer wait for themselves (an MCP client sends {@code notifications/cancelled}); the
     * router's deadlines still apply where it forwards the request. The stage never fails.
     */
    public CompletionStage<JsonRpc.Response> request(Destination to, JsonRpc.Request request, Origin origin) {
        try {
            return router.route(to, request, origin);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "routing " + request.method() + " to " + to + " failed", e);
            return CompletableFuture.completedFuture(internalError(request));
        }
    }

    /** Sends a notification to {@code to}; one that cannot be delivered is dropped (logged by the router). */
    public void notify(Destination to, JsonRpc.Notification notification, Origin origin) {
        router.routeNotification(to, notification, origin);
    }

    private static JsonRpc.Response internalError(JsonRpc.Request request) {
        return JsonRpc.Response.error(request.id(), JsonRpc.INTERNAL_ERROR, "internal error");
    }

    private void complete(Runnable action) {
        try {
            workers.execute(action);
        } catch (RejectedExecutionException e) {
            action.run();
        }
    }
}
