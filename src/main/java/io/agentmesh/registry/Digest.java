package io.agentmesh.registry;

import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import jakarta.json.JsonValue;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.ObjLongConsumer;

/**
 * A gossip digest (docs/registry.md §3.1): for each node whose advert a node holds, the sequence number
 * held. JSON form: an object {@code {"<node id>": seq, ...}}. Immutable. A digest read from JSON is
 * checked once (size, key length, integer values in range) and then read in place, without copying;
 * keys that are not node ids match nothing held, and {@link Registry#compare} never asks for them.
 */
public final class Digest {

    public static final Digest EMPTY = new Digest(Map.of());

    private final Map<String, Long> entries;
    /** The JSON form, when the digest was read or built as JSON (then {@code entries} is null). */
    private final JsonObject received;
    /** {@code received} when it is the compact form a {@link Registry} builds, read without number objects. */
    private final DigestJson compact;
    private volatile JsonObject json;

    public Digest(Map<String, Long> entries) {
        this.entries = Map.copyOf(entries);
        this.received = null;
        this.compact = null;
    }

    private Digest(JsonObject received) {
        this.entries = null;
        this.received = received;
        this.compact = received instanceof DigestJson c ? c : null;
        this.json = received;
    }

    /**
     * The digest of these entries, held compactly ({@link DigestJson}); its JSON lists them in this order.
     *
     * @param ids distinct node ids; {@code seqs[i]}, in [1, 2^53 − 1], is the sequence number of {@code ids[i]}
     */
    static Digest of(String[] ids, long[] seqs) {
        return new Digest(new DigestJson(ids, seqs));
    }

    /** The digest of adverts of distinct nodes, held compactly; its JSON lists them in this order. */
    static Digest of(List<SignedAdvert> held) {
        String[] ids = new String[held.size()];
        long[] seqs = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = held.get(i).advert().nodeId().value();
            seqs[i] = held.get(i).advert().seq();
        }
        return of(ids, seqs);
    }

    /** The sequence number held for {@code node}, or 0 when none. */
    public long seq(String node) {
        if (compact != null) {
            return compact.seq(node);
        }
        if (received != null) {
            JsonValue v = received.get(node);
            return v == null ? 0 : ((JsonNumber) v).longValue();
        }
        Long s = entries.get(node);
        return s == null ? 0 : s;
    }

    /** Calls {@code action} with every node id and sequence number. */
    public void forEach(ObjLongConsumer<String> action) {
        if (compact != null) {
            compact.forEach(action);
        } else if (received != null) {
            received.forEach((k, v) -> action.accept(k, ((JsonNumber) v).longValue()));
        } else {
            entries.forEach((k, v) -> action.accept(k, v));
        }
    }

    /** The entries as a map (a copy for a digest read from JSON). */
    public Map<String, Long> entries() {
        if (entries != null) {
            return entries;
        }
        Map<String, Long> out = new HashMap<>();
        forEach(out::put);
        return Collections.unmodifiableMap(out);
    }

    public int size() {
        return received != null ? received.size() : entries.size();
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
     * Reads a digest: an object of at most {@code maxEntries} members, each a 40-character key with an
     * integer in [1, 2^53 − 1]. Anything else throws IllegalArgumentException naming the fault.
     */
    public static Digest fromJson(JsonValue value, int maxEntries) {
        JsonObject object = Jsons.object(value, "digest");
        if (object.size() > maxEntries) {
            throw new IllegalArgumentException("digest has more than " + maxEntries + " entries");
        }
        if (object instanceof DigestJson built) {
            return new Digest(built); // built here from the adverts held: its keys and values are valid
        }
        for (Map.Entry<String, JsonValue> e : object.entrySet()) {
            if (e.getKey().length() != 40) {
                throw new IllegalArgumentException("digest key is not a node id");
            }
            if (!(e.getValue() instanceof JsonNumber n)) {
                throw new IllegalArgumentException("digest value is not an integer");
            }
            Jsons.integer(n, "digest value", 1, Jsons.MAX_SAFE_INTEGER);
        }
        return new Digest(object);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && entries().equals(d.entries());
    }

    @Override
    public int hashCode() {
        return entries().hashCode();
    }

    @Override
    public String toString() {
        return "Digest" + entries();
    }
}
