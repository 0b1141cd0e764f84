package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.routing.CallContext;
import jakarta.json.JsonValue;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Reports the progress of a running tool call as {@code notifications/progress} (MCP 2025-11-25,
 * basic/utilities/progress). Declare a parameter of this type on a tool method to get one.
 * <p>
 * Reports are sent only when the request carried {@code _meta.progressToken}; otherwise they are
 * dropped. The spec requires progress to increase: a report that does not is dropped.
 */
public final class Progress {

    private static final Logger LOG = Logger.getLogger(Progress.class.getName());

    private final CallContext context;
    private final JsonValue token;
    private double last = Double.NEGATIVE_INFINITY;

    public Progress(CallContext context, JsonValue token) {
        this.context = context;
        this.token = token;
    }

    /** A reporter that drops every report. */
    public static Progress none(CallContext context) {
        return new Progress(context, null);
    }

    /** True when the client asked for progress (sent a progress token). */
    public boolean isEnabled() {
        return token != null;
    }

    public void report(double progress) {
        send(progress, null, null);
    }

    public void report(double progress, double total) {
        send(progress, total, null);
    }

    public void report(double progress, double total, String message) {
        send(progress, total, message);
    }

    private void send(double progress, Double total, String message) {
        if (token == null) {
            return;
        }
        synchronized (this) {
            if (!(progress > last)) {
                LOG.log(Level.FINE, "progress {0} dropped: not above {1}", new Object[] {progress, last});
                return;
            }
            last = progress;
        }
        var params = Json.createObjectBuilder().add("progressToken", token).add("progress", progress);
        if (total != null) {
            params.add("total", total);
        }
        if (message != null) {
            params.add("message", message);
        }
        context.sendNotification("notifications/progress", params.build());
    }
}
