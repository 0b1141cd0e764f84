package io.agentmesh.registry;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.HashMap;
import java.util.Map;

/**
 * A gossip digest (docs/registry.md §3.1): for each node whose advert a node holds, the sequence number
 * held. JSON form: an object {@code {"<node id>": seq, ...}}. Immutable; its JSON form is built once.
 */
public final class Digest {

    public static final Digest EMPTY = new Digest(Map.of());

    private final Map<String, Long> entries;
    private volatile JsonObject json;

    public Digest(Map<String, Long> entries) {
        this.entries = Map.copyOf(entries);
    }

    private Digest(Map<String, Long> entries, JsonObject json) {
        this.entries = Map.copyOf(entries);
        this.json = json;
    }

    public Map<String, Long> entries() {
        return entries;
    }

    /** The sequence number held for {@code node}, or 0 when none. */
    public long seq(String node) {
        Long s = entries.get(node);
        return s == null ? 0 : s;
    }

    public int size() {
        return entries.size();
    }

    public JsonObject toJson() {
        JsonObject j = json;
        if (j == null) {
            JsonObjectBuilder b = Jsons.PROVIDER.createObjectBuilder();
            entries.forEach(b::add);
            j = b.build();
            json = j;
        }
        return j;
    }

    /**
     * Reads a digest: at most {@code maxEntries} members, each a node id with an integer in
     * [1, 2^53 − 1]. Anything else throws IllegalArgumentException naming the fault.
     */
    public static Digest fromJson(JsonValue value, int maxEntries) {
        JsonObject object = Jsons.object(value, "digest");
        if (object.size() > maxEntries) {
            throw new IllegalArgumentException("digest has more than " + maxEntries + " entries");
        }
        Map<String, Long> entries = new HashMap<>(object.size() * 2);
        for (Map.Entry<String, JsonValue> e : object.entrySet()) {
            if (!Ids.isNodeId(e.getKey())) {
                throw new IllegalArgumentException("digest key is not a node id");
            }
            if (!(e.getValue() instanceof JsonNumber n)) {
                throw new IllegalArgumentException("digest value is not an integer");
            }
            entries.put(e.getKey(), Jsons.integer(n, "digest value", 1, Jsons.MAX_SAFE_INTEGER));
        }
        return new Digest(entries, object);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && entries.equals(d.entries);
    }

    @Override
    public int hashCode() {
        return entries.hashCode();
    }

    @Override
    public String toString() {
        return "Digest" + entries;
    }
}
