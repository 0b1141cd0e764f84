package io.agentmesh.agents;

import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Cancellation;
import jakarta.json.JsonValue;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;

/**
 * The tool calls running on this host, by session and request id, so that
 * {@code notifications/cancelled} (MCP 2025-11-25, basic/utilities/cancellation) reaches the right one.
 * Cancelling a call marks its {@link Cancellation}, interrupts the thread running a synchronous tool, and
 * cancels the future of an asynchronous one.
 */
final class RunningCalls {

    private final ConcurrentMap<String, Call> calls = new ConcurrentHashMap<>();

    /** Starts tracking a call; the context's own cancellation also cancels it. */
    Call start(CallContext context) {
        String key = key(context, context.requestId());
        Call call = new Call(key);
        if (key != null) {
            calls.put(key, call);
        }
        context.onCancel(() -> call.cancel("cancelled by the requester"));
        return call;
    }

    /** The running call that {@code requestId} names in the session of {@code context}. */
    Optional<Call> find(CallContext context, JsonValue requestId) {
        String key = key(context, requestId);
        return key == null ? Optional.empty() : Optional.ofNullable(calls.get(key));
    }

    int size() {
        return calls.size();
    }

    private static String key(CallContext context, JsonValue requestId) {
        if (requestId == null || requestId.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        String session = context.session() == null ? "" : context.session().id();
        return session + "\u0000" + requestId;
    }

    /** One running call. */
    final class Call {
        private final String key;
        private final Cancellation cancellation = new Cancellation();
        private Thread thread;
        private boolean interrupted;
        private boolean done;
        private CompletionStage<?> stage;

        private Call(String key) {
            this.key = key;
        }

        Cancellation cancellation() {
            return cancellation;
        }

        boolean isCancelled() {
            return cancellation.isCancelled();
        }

        /** The current thread runs the synchronous part of the call until {@link #leaveThread()}. */
        synchronized void enterThread() {
            thread = Thread.currentThread();
        }

        /** Ends the synchronous part; clears an interrupt this call caused so the thread is reusable. */
        void leaveThread() {
            boolean clear;
            synchronized (this) {
                thread = null;
                clear = interrupted;
                interrupted = false;
            }
            if (clear) {
                Thread.interrupted();
            }
        }

        /** The asynchronous part of the call; cancelled at once when the call already is. */
        void await(CompletionStage<?> asyncResult) {
            boolean cancelNow;
            synchronized (this) {
                stage = asyncResult;
                cancelNow = cancellation.isCancelled() && !done;
            }
            if (cancelNow) {
                asyncResult.toCompletableFuture().cancel(true);
            }
        }

        void cancel(String reason) {
            cancellation.cancel(reason);
            CompletionStage<?> toCancel;
            synchronized (this) {
                if (done) {
                    return;
                }
                if (thread != null && thread != Thread.currentThread()) {
                    thread.interrupt();
                    interrupted = true;
                }
                toCancel = stage;
            }
            if (toCancel != null) {
                toCancel.toCompletableFuture().cancel(true);
            }
        }

        void finish() {
            synchronized (this) {
                done = true;
            }
            if (key != null) {
                calls.remove(key, this);
            }
        }
    }
}
