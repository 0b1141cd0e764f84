package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

/**
 * Cursor-based pagination of the list methods (MCP 2025-11-25, server/utilities/pagination). A cursor
 * is opaque to clients: base64url of {@code <list>:<offset>}. A cursor that does not decode, belongs to
 * another list, or points past the end is refused with -32602.
 */
final class Pagination {

    private Pagination() {
    }

    /**
     * One page of {@code items} as the result object {@code {<member>: [...], nextCursor?}}.
     *
     * @param list   names the list (tools, resources, ...) so a cursor of one is refused by another
     * @param params the request params; {@code cursor} is read from it
     */
    static JsonObject page(String list, String member, List<JsonObject> items, JsonObject params, int pageSize)
            throws JsonRpcException {
        int offset = offset(list, params.get("cursor"), items.size());
        int end = Math.min(items.size(), offset + pageSize);
        var array = Json.createArrayBuilder();
        items.subList(offset, end).forEach(array::add);
        var result = Json.createObjectBuilder().add(member, array);
        if (end < items.size()) {
            result.add("nextCursor", encode(list, end));
        }
        return result.build();
    }

    static String encode(String list, int offset) {
        return Base64.getUrlEncoder().withoutPadding()
                .encodeToString((list + ":" + offset).getBytes(StandardCharsets.UTF_8));
    }

    private static int offset(String list, JsonValue cursor, int size) throws JsonRpcException {
        if (cursor == null || cursor == JsonValue.NULL) {
            return 0;
        }
        if (cursor.getValueType() != JsonValue.ValueType.STRING) {
            throw invalid();
        }
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(((jakarta.json.JsonString) cursor).getString()),
                    StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid();
        }
        String prefix = list + ":";
        if (!text.startsWith(prefix)) {
            throw invalid();
        }
        try {
            int offset = Integer.parseInt(text.substring(prefix.length()));
            if (offset <= 0 || offset > size) {
                throw invalid();
            }
            return offset;
        } catch (NumberFormatException e) {
            throw invalid();
        }
    }

    private static JsonRpcException invalid() {
        return new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid cursor");
    }
}
