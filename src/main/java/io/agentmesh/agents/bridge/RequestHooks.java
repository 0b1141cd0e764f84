package io.agentmesh.agents.bridge;

import jakarta.json.JsonObject;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * What the caller of one request to an MCP server wants to hear while it runs.
 *
 * @param progress      receives the params of each {@code notifications/progress} for the request;
 *                      non-null asks the server for progress (a {@code progressToken} is sent)
 * @param notifications receives other notifications the server sends on the request's reply stream
 *                      (such as {@code notifications/message}); may be null
 */
public record RequestHooks(Consumer<JsonObject> progress, BiConsumer<String, JsonObject> notifications) {

    /** Nothing to hear: no progress asked for, reply-stream notifications go to the {@link ServerListener}. */
    public static final RequestHooks NONE = new RequestHooks(null, null);
}
