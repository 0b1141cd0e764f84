package io.agentmesh.routing;

import io.agentmesh.identity.NodeId;
import io.agentmesh.json.Json;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.Base64;
import java.util.Objects;
import java.util.Optional;
import java.util.Random;
import java.util.function.Supplier;

/**
 * Route metadata (wire-v1 §5.3): {@code params._meta["agentmesh/route"] = {"ttl", "origin", "trace"}}.
 * Added by the first forwarder, kept as received by every other node (never raised, never replaced; a
 * ttl above the node's own configured ttl is lowered to it), decremented by one per forward, and removed
 * by the delivering node. {@code origin} is what the sender claims: nothing may rely on it for trust or
 * blame.
 *
 * @param ttl    forwards left, 0 or more
 * @param origin node id of the requester, as the first forwarder claimed it
 * @param trace  opaque id of the request across the mesh
 */
public record RouteMetadata(int ttl, String origin, String trace) {

    /** The member of {@code _meta} that holds route metadata. */
    public static final String KEY = "agentmesh/route";
    /** Longest trace accepted. */
    public static final int MAX_TRACE_LENGTH = 128;

    public RouteMetadata {
        if (ttl < 0) {
            throw new IllegalArgumentException("ttl must not be negative");
        }
        if (!NodeId.isNodeId(origin)) {
            throw new IllegalArgumentException("origin must be a node id: " + origin);
        }
        Objects.requireNonNull(trace, "trace");
        if (trace.isEmpty() || trace.length() > MAX_TRACE_LENGTH) {
            throw new IllegalArgumentException("trace must be 1 to " + MAX_TRACE_LENGTH + " characters");
        }
    }

    /** Trace ids of 16 bytes from {@code random} (a {@link java.security.SecureRandom} on a node), base64url. */
    public static Supplier<String> randomTraceIds(Random random) {
        Objects.requireNonNull(random, "random");
        return () -> {
            byte[] bytes = new byte[16];
            random.nextBytes(bytes);
            return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        };
    }

    /** The metadata with its ttl lowered to {@code maxTtl} when above it (wire-v1 §5.3), else this. */
    public RouteMetadata capped(int maxTtl) {
        return ttl > maxTtl ? new RouteMetadata(maxTtl, origin, trace) : this;
    }

    /** The metadata with one hop used. */
    public RouteMetadata decremented() {
        return new RouteMetadata(ttl - 1, origin, trace);
    }

    public JsonObject toJson() {
        return Json.createObjectBuilder().add("ttl", ttl).add("origin", origin).add("trace", trace).build();
    }

    /**
     * Reads the route metadata of object params (null params have none).
     *
     * @throws JsonRpcException {@code -32602} when {@code _meta} is not an object or the metadata is malformed
     */
    public static Optional<RouteMetadata> read(JsonObject params) throws JsonRpcException {
        if (params == null || !params.containsKey("_meta")) {
            return Optional.empty();
        }
        if (!(params.get("_meta") instanceof JsonObject meta)) {
            throw invalid("_meta must be an object");
        }
        if (!meta.containsKey(KEY)) {
            return Optional.empty();
        }
        if (!(meta.get(KEY) instanceof JsonObject route)) {
            throw invalid(KEY + " must be an object");
        }
        if (!(route.get("ttl") instanceof JsonNumber ttl) || !ttl.isIntegral()) {
            throw invalid("ttl must be an integer");
        }
        int ttlValue;
        try {
            ttlValue = ttl.bigIntegerValueExact().intValueExact();
        } catch (ArithmeticException e) {
            throw invalid("ttl is out of range");
        }
        if (ttlValue < 0) {
            throw invalid("ttl must not be negative");
        }
        if (!(route.get("origin") instanceof JsonString origin) || !NodeId.isNodeId(origin.getString())) {
            throw invalid("origin must be a node id");
        }
        if (!(route.get("trace") instanceof JsonString trace) || trace.getString().isEmpty()
                || trace.getString().length() > MAX_TRACE_LENGTH) {
            throw invalid("trace must be a string of 1 to " + MAX_TRACE_LENGTH + " characters");
        }
        return Optional.of(new RouteMetadata(ttlValue, origin.getString(), trace.getString()));
    }

    /** {@code params} (null for none) with the route metadata set to {@code route}; every other member kept. */
    public static JsonObject write(JsonObject params, RouteMetadata route) {
        JsonObject base = params == null ? JsonValue.EMPTY_JSON_OBJECT : params;
        JsonObject meta = base.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        JsonObject newMeta = Json.createObjectBuilder(meta).add(KEY, route.toJson()).build();
        return Json.createObjectBuilder(base).add("_meta", newMeta).build();
    }

    /**
     * What the delivering node hands on: the route key removed, then {@code _meta} if left empty, then
     * the params if left empty (null). Params without the route key come back unchanged.
     */
    public static JsonObject strip(JsonObject params) {
        return withoutMeta(params, KEY);
    }

    /**
     * {@code params} without {@code _meta}'s member {@code key}, then without {@code _meta} if left empty,
     * then null if left empty; params without that member come back unchanged.
     */
    static JsonObject withoutMeta(JsonObject params, String key) {
        if (params == null || !(params.get("_meta") instanceof JsonObject meta) || !meta.containsKey(key)) {
            return params;
        }
        JsonObjectBuilder rest = Json.createObjectBuilder(params);
        JsonObject newMeta = Json.createObjectBuilder(meta).remove(key).build();
        if (newMeta.isEmpty()) {
            rest.remove("_meta");
        } else {
            rest.add("_meta", newMeta);
        }
        JsonObject result = rest.build();
        return result.isEmpty() ? null : result;
    }

    /** The route metadata of {@code params} when present and well formed, else empty (never throws). */
    public static Optional<RouteMetadata> readQuietly(JsonObject params) {
        try {
            return read(params);
        } catch (JsonRpcException e) {
            return Optional.empty();
        }
    }

    private static JsonRpcException invalid(String why) {
        return new JsonRpcException(JsonRpc.INVALID_PARAMS, "invalid params: bad route metadata: " + why);
    }
}
