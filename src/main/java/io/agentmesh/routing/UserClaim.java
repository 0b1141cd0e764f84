package io.agentmesh.routing;

import io.agentmesh.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;

/**
 * The end user a node vouches for, in a request's {@code params._meta} under the key
 * {@code agentmesh/user}: {@code {"sub": "<subject>", "roles": ["<role>", ...]}} (docs/protocol.md, "End
 * users"). A node writes it on the requests its entry points send, over a direct link or sealed in an
 * end-to-end session; the receiving node believes it only from the node it authenticated as the origin
 * (the link's peer for a request not forwarded, the session's peer), and removes it before an agent sees
 * the params. A claim in a request that a client or relay wrote is never believed.
 */
final class UserClaim {

    /** The key in {@code _meta}. */
    static final String KEY = "agentmesh/user";
    private UserClaim() {
    }

    /** {@code params} (null for none) with the claim set to {@code user}, or removed when empty. */
    static JsonObject write(JsonObject params, Optional<Caller.User> user) {
        JsonObject base = strip(params);
        if (user.isEmpty()) {
            return base;
        }
        JsonObject claim = Json.createObjectBuilder().add("sub", user.get().subject())
                .add("roles", Json.createArrayBuilder(user.get().roles().stream().sorted().toList())).build();
        JsonObject from = base == null ? JsonValue.EMPTY_JSON_OBJECT : base;
        JsonObject meta = from.get("_meta") instanceof JsonObject m ? m : JsonValue.EMPTY_JSON_OBJECT;
        return Json.createObjectBuilder(from).add("_meta", Json.createObjectBuilder(meta).add(KEY, claim)).build();
    }

    /** The claim in {@code params}, when present and well formed (else empty: a bad claim vouches for no one). */
    static Optional<Caller.User> read(JsonObject params) {
        if (params == null || !(params.get("_meta") instanceof JsonObject meta)
                || !(meta.get(KEY) instanceof JsonObject claim)
                || !(claim.get("sub") instanceof JsonString sub)) {
            return Optional.empty();
        }
        Set<String> roles = new HashSet<>();
        if (claim.get("roles") instanceof JsonArray array && array.size() <= Caller.User.MAX_ROLES) {
            for (JsonValue role : array) {
                if (!(role instanceof JsonString r)) {
                    return Optional.empty();
                }
                roles.add(r.getString());
            }
        } else if (claim.containsKey("roles")) {
            return Optional.empty();
        }
        return Caller.User.valid(sub.getString(), roles) ? Optional.of(new Caller.User(sub.getString(), roles))
                : Optional.empty();
    }

    /** {@code params} without the claim, then without {@code _meta} if left empty, then null if left empty. */
    static JsonObject strip(JsonObject params) {
        return RouteMetadata.withoutMeta(params, KEY);
    }
}
