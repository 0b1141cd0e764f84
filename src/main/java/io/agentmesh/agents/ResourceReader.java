package io.agentmesh.agents;

import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonArray;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Reads one resource: completes with the {@code contents} array of {@code resources/read}
 * (objects with {@code uri}, {@code mimeType} and {@code text} or {@code blob}).
 */
@FunctionalInterface
public interface ResourceReader {

    /**
     * @param uri       the URI asked for
     * @param variables the template variables matched in {@code uri} (empty for fixed resources)
     */
    CompletionStage<JsonArray> read(String uri, Map<String, String> variables, Invocation invocation)
            throws JsonRpcException;
}
