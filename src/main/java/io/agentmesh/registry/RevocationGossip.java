package io.agentmesh.registry;

import io.agentmesh.json.Json;
import io.agentmesh.membership.Revocations;
import io.agentmesh.membership.SignedRevocationList;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.routing.NodeOperations;
import io.agentmesh.transport.Link;
import jakarta.json.JsonArray;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.stream.Collectors;

/**
 * Spreads the authorities' revocation lists over the mesh (docs/protocol.md, "Revocation lists:
 * {@code node/revocations}"): a node sends every list it holds to each link that has not had them yet,
 * at once when it takes a newer list (from the admin API or a peer) and in each round (so a link that
 * came up since gets them within one round), as the request {@code node/revocations}; a node that takes
 * a newer list from a peer passes it on the same way. A list it already holds, or an older one, stops
 * there. Thread-safe.
 */
public final class RevocationGossip {

    /** The node operation. */
    public static final String OPERATION = "revocations";
    /** The method on the wire. */
    public static final String METHOD = "node/" + OPERATION;
    /** The most lists one request carries. */
    public static final int MAX_LISTS = 16;

    private static final Logger LOG = Logger.getLogger(RevocationGossip.class.getName());

    private final Revocations revocations;
    private final Supplier<Collection<Link>> links;
    private final BiConsumer<Link, JsonObject> send;
    /** Per link id, the lists (issuer and seq) it was last sent. */
    private final Map<String, String> sent = new ConcurrentHashMap<>();

    /**
     * @param links the node's links
     * @param send  sends a {@code node/revocations} request with these params on a link (its answer is
     *              of no further use)
     */
    public RevocationGossip(Revocations revocations, Supplier<Collection<Link>> links, BiConsumer<Link, JsonObject> send) {
        this.revocations = Objects.requireNonNull(revocations, "revocations");
        this.links = Objects.requireNonNull(links, "links");
        this.send = Objects.requireNonNull(send, "send");
    }

    /** Serves {@code node/revocations} in {@code operations} and spreads every list taken from now on. */
    public void register(NodeOperations operations) {
        operations.add(OPERATION, (params, context) -> receive(params));
        revocations.addListener(list -> round());
    }

    /** Sends the held lists to every open link that has not had them yet. */
    public void round() {
        List<SignedRevocationList> held = revocations.lists();
        if (held.isEmpty()) {
            return;
        }
        String version = held.stream().map(l -> l.list().issuerText() + ":" + l.list().seq()).collect(Collectors.joining(","));
        JsonArrayBuilder lists = Json.createArrayBuilder();
        held.forEach(l -> lists.add(l.toJson()));
        JsonObject params = Json.createObjectBuilder().add("lists", lists).build();
        Set<String> open = new HashSet<>();
        for (Link link : links.get()) {
            if (!link.isOpen()) {
                continue;
            }
            open.add(link.id());
            if (!version.equals(sent.put(link.id(), version))) {
                send.accept(link, params);
            }
        }
        sent.keySet().retainAll(open);
    }

    /**
     * The operation: {@code {"lists": [envelope, ...]}} (1 to {@value #MAX_LISTS}) answered with
     * {@code {"results": ["accepted" | <refusal code>, ...]}} in the same order.
     */
    JsonObject receive(JsonObject params) throws JsonRpcException {
        if (!(params.get("lists") instanceof JsonArray lists) || lists.isEmpty() || lists.size() > MAX_LISTS) {
            throw new JsonRpcException(JsonRpc.INVALID_PARAMS, "params.lists must be an array of 1 to " + MAX_LISTS
                    + " revocation lists");
        }
        JsonArrayBuilder results = Json.createArrayBuilder();
        for (JsonValue list : lists) {
            Revocations.Outcome outcome = revocations.offer(list);
            if (outcome != Revocations.Outcome.ACCEPTED && outcome != Revocations.Outcome.STALE) {
                LOG.log(Level.FINE, "revocation list from a peer refused: {0}", outcome.code());
            }
            results.add(outcome.code());
        }
        return Json.createObjectBuilder().add("results", results).build();
    }
}
