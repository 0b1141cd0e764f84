package io.agentmesh.routing;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;

/**
 * The mesh's marks for request-scoped notifications and long-lived requests (docs/protocol.md,
 * "Request-scoped notifications and long-lived requests"), in {@code params._meta}:
 * <ul>
 *   <li>{@value #REQUEST}: on a notification sent back on a link for a request served for that link, the
 *       id the request carried on that link; the hop that forwarded the request relays the notification
 *       to its own requester, the mark replaced by (or, towards an entry point, stripped of) its own id.
 *       {@code notifications/progress} goes back by its token instead and carries no mark.</li>
 *   <li>{@value #LONG_LIVED}{@code : true}: on a request (a {@code subscriptions/listen}, set by the node
 *       that first forwards it), which then has no forwarding deadline on any hop: it ends by its
 *       response, by {@code notifications/cancelled} passed on hop by hop, or when a link on its way
 *       goes down.</li>
 * </ul>
 * Every hop also rewrites {@value #SUBSCRIPTION_ID} (MCP 2026-07-28, basic/patterns/subscriptions:
 * the JSON-RPC id of the listen request) from the id the request carried on the next hop's link to the
 * one it came with, in the notifications and in the result, so that the client sees its own id.
 */
final class RequestScoped {

    /** The {@code _meta} member naming the request a notification belongs to. */
    static final String REQUEST = "agentmesh/request";
    /** The {@code _meta} member marking a long-lived request. */
    static final String LONG_LIVED = "agentmesh/longLived";
    /** MCP's subscription id in {@code _meta} (2026-07-28, basic/patterns/subscriptions). */
    static final String SUBSCRIPTION_ID = "io.modelcontextprotocol/subscriptionId";
    /** MCP's per-request log level in {@code _meta} (2026-07-28, server/utilities/logging). */
    static final String LOG_LEVEL = "io.modelcontextprotocol/logLevel";
    /** The MCP method of a long-lived request. */
    static final String LISTEN = "subscriptions/listen";

    private RequestScoped() {
    }

    /** A sink that marks every notification but progress as belonging to request {@code id}. */
    static NotificationSink marking(NotificationSink sink, JsonValue id) {
        return (method, params) -> sink.send(method, Forwarder.PROGRESS.equals(method) ? params
                : withMeta(params, REQUEST, id));
    }

    /** The request a notification names, as JSON text; null when unmarked. */
    static String requestOf(JsonObject params) {
        return params.get("_meta") instanceof JsonObject meta && meta.get(REQUEST) != null
                ? meta.get(REQUEST).toString() : null;
    }

    /** {@code params} of a relayed notification: unmarked, its subscription id {@code local} turned into {@code original}. */
    static JsonObject relayed(JsonObject params, JsonValue local, JsonValue original) {
        JsonObject unmarked = RouteMetadata.withoutMeta(params, REQUEST);
        return rewritten(unmarked == null ? JsonValue.EMPTY_JSON_OBJECT : unmarked, local, original);
    }

    /** A result (or params) whose subscription id is {@code local}, with {@code original} instead; else unchanged. */
    static JsonValue rewritten(JsonValue value, JsonValue local, JsonValue original) {
        if (value instanceof JsonObject object) {
            return rewritten(object, local, original);
        }
        return value;
    }

    private static JsonObject rewritten(JsonObject object, JsonValue local, JsonValue original) {
        if (object.get("_meta") instanceof JsonObject meta && meta.get(SUBSCRIPTION_ID) != null
                && meta.get(SUBSCRIPTION_ID).toString().equals(local.toString())) {
            return withMeta(object, SUBSCRIPTION_ID, original);
        }
        return object;
    }

    /** Whether a request's params mark it long-lived. */
    static boolean isLongLived(JsonObject params) {
        return params != null && params.get("_meta") instanceof JsonObject meta
                && meta.get(LONG_LIVED) == JsonValue.TRUE;
    }

    /** {@code params} marked long-lived. */
    static JsonObject longLived(JsonObject params) {
        return withMeta(params, LONG_LIVED, JsonValue.TRUE);
    }

    /** Whether notifications other than progress may come back for a request: it is long-lived or asks for log messages. */
    static boolean expectsNotifications(JsonObject params) {
        return isLongLived(params) || params != null && params.get("_meta") instanceof JsonObject meta
                && meta.containsKey(LOG_LEVEL);
    }

    /** {@code params} without the long-lived mark: what an agent sees. */
    static JsonObject unmarked(JsonObject params) {
        return RouteMetadata.withoutMeta(params, LONG_LIVED);
    }

    private static JsonObject withMeta(JsonObject params, String key, JsonValue value) {
        JsonObject base = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        JsonObject meta = base.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        return Json.createObjectBuilder(base).add("_meta", Json.createObjectBuilder(meta).add(key, value)).build();
    }
}
