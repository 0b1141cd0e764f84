package io.agentmesh.agents.bridge;

import io.agentmesh.routing.JsonRpcException;
import java.time.Duration;

/** How the bridge words failures and durations in messages and logs. */
final class Failures {

    private Failures() {
    }

    /** A JSON-RPC error with its code, else the exception's message (its class name when it has none). */
    static String describe(Throwable cause) {
        if (cause instanceof JsonRpcException rpc) {
            return "error " + rpc.code() + ": " + rpc.getMessage();
        }
        String message = cause.getMessage();
        return message == null || message.isBlank() ? cause.getClass().getSimpleName() : message;
    }

    /** {@code 30 s}, or {@code 250 ms} when not a whole number of seconds. */
    static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms + " ms";
    }
}
