package io.agentmesh.routing;

import java.util.Objects;
import java.util.Optional;

/**
 * A local entry point's side of one request given to {@link Router#route}: the {@code /mcp} endpoint
 * or the Java API. The router builds the agent's {@link CallContext} from it, relays notifications
 * that come back for the request (progress) to {@link #notifications()}, and follows
 * {@link #cancellation()}: cancelling it cancels the request wherever it is served.
 *
 * @param description   for logs, e.g. {@code "mcp session 3f…"}
 * @param session       the session the request came through
 * @param notifications where notifications for this request go
 * @param cancellation  cancelled by the entry point when its client cancels the request
 * @param user          the end user the entry point authenticated, if any
 */
public record Origin(String description, ClientSession session, NotificationSink notifications,
                     Cancellation cancellation, Optional<Caller.User> user) {

    public Origin {
        Objects.requireNonNull(description, "description");
        Objects.requireNonNull(session, "session");
        Objects.requireNonNull(notifications, "notifications");
        Objects.requireNonNull(cancellation, "cancellation");
        Objects.requireNonNull(user, "user");
    }

    /** An entry point with a session and a notification sink, not yet cancelled. */
    public static Origin of(String description, ClientSession session, NotificationSink notifications) {
        return new Origin(description, session, notifications, new Cancellation(), Optional.empty());
    }

    /** A caller with no channel back (the Java API): notifications are dropped. */
    public static Origin detached(String description) {
        ClientSession none = new ClientSession() {
            @Override public String id() { return "detached:" + description; }
            @Override public void sendNotification(String method, jakarta.json.JsonObject params) { }
            @Override public boolean isOpen() { return false; }
        };
        return new Origin(description, none, NotificationSink.NONE, new Cancellation(), Optional.empty());
    }

    /** This entry point's request on behalf of {@code value}, the end user it authenticated. */
    public Origin withUser(Caller.User value) {
        return new Origin(description, session, notifications, cancellation, Optional.of(value));
    }
}
