package io.agentmesh.registry;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.JsonWriter;
import java.io.StringWriter;
import java.util.AbstractMap;
import java.util.AbstractSet;
import java.util.Iterator;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;
import java.util.function.ObjLongConsumer;

/**
 * The JSON form of a digest this node builds of what it holds (docs/registry.md §3.1): an immutable
 * {@link JsonObject} {@code {"<node id>": seq, ...}} over two arrays (node ids, sequence numbers) and an
 * index, about 20 bytes an entry where a built JSON object spends a map entry and a number object (some
 * 70 bytes). A node keeps its digest between changes and sends it in every sync, so at 10,000 nodes this
 * is the difference between some 200 KB and 700 KB held per node. Members come in the order given; their
 * values are made as JSON numbers when read. Trusted: the registry builds it from the adverts it holds.
 */
final class DigestJson extends AbstractMap<String, JsonValue> implements JsonObject {

    private final String[] ids;
    private final long[] seqs;
    /** Open addressing, linear probing: index + 1 into {@code ids}, 0 for a free slot; at most half full. */
    private final int[] slots;

    /** @param ids distinct node ids, in the order the JSON lists them; {@code seqs[i]} is that of {@code ids[i]} */
    DigestJson(String[] ids, long[] seqs) {
        if (ids.length != seqs.length) {
            throw new IllegalArgumentException("one sequence number per node id");
        }
        this.ids = ids;
        this.seqs = seqs;
        this.slots = new int[Math.max(2, Integer.highestOneBit(Math.max(1, ids.length) * 2) * 2)];
        int mask = slots.length - 1;
        for (int k = 0; k < ids.length; k++) {
            int i = slot(ids[k], mask);
            while (slots[i] != 0) {
                if (ids[slots[i] - 1].equals(ids[k])) {
                    throw new IllegalArgumentException("node id listed twice: " + ids[k]);
                }
                i = (i + 1) & mask;
            }
            slots[i] = k + 1;
        }
    }

    private static int slot(String id, int mask) {
        int h = id.hashCode();
        return (h ^ (h >>> 16)) & mask;
    }

    private int indexOf(Object key) {
        if (!(key instanceof String id)) {
            return -1;
        }
        int mask = slots.length - 1;
        for (int i = slot(id, mask); slots[i] != 0; i = (i + 1) & mask) {
            if (ids[slots[i] - 1].equals(id)) {
                return slots[i] - 1;
            }
        }
        return -1;
    }

    /** The sequence number listed for {@code node}, or 0 when none. */
    long seq(String node) {
        int i = indexOf(node);
        return i < 0 ? 0 : seqs[i];
    }

    void forEach(ObjLongConsumer<String> action) {
        for (int i = 0; i < ids.length; i++) {
            action.accept(ids[i], seqs[i]);
        }
    }

    @Override
    public int size() {
        return ids.length;
    }

    @Override
    public boolean containsKey(Object key) {
        return indexOf(key) >= 0;
    }

    @Override
    public JsonValue get(Object key) {
        int i = indexOf(key);
        return i < 0 ? null : Jsons.PROVIDER.createValue(seqs[i]);
    }

    @Override
    public Set<Map.Entry<String, JsonValue>> entrySet() {
        return new AbstractSet<>() {
            @Override
            public int size() {
                return ids.length;
            }

            @Override
            public Iterator<Map.Entry<String, JsonValue>> iterator() {
                return new Iterator<>() {
                    private int next;

                    @Override
                    public boolean hasNext() {
                        return next < ids.length;
                    }

                    @Override
                    public Map.Entry<String, JsonValue> next() {
                        if (next >= ids.length) {
                            throw new NoSuchElementException();
                        }
                        int i = next++;
                        return new SimpleImmutableEntry<>(ids[i], Jsons.PROVIDER.createValue(seqs[i]));
                    }
                };
            }
        };
    }

    @Override
    public ValueType getValueType() {
        return ValueType.OBJECT;
    }

    // The typed getters as JsonObject specifies them: every value here is a number.

    @Override
    public JsonArray getJsonArray(String name) {
        return (JsonArray) get(name);
    }

    @Override
    public JsonObject getJsonObject(String name) {
        return (JsonObject) get(name);
    }

    @Override
    public JsonNumber getJsonNumber(String name) {
        return (JsonNumber) get(name);
    }

    @Override
    public JsonString getJsonString(String name) {
        return (JsonString) get(name);
    }

    @Override
    public String getString(String name) {
        return getJsonString(present(name)).getString();
    }

    @Override
    public String getString(String name, String defaultValue) {
        return defaultValue;
    }

    @Override
    public int getInt(String name) {
        return getJsonNumber(present(name)).intValue();
    }

    @Override
    public int getInt(String name, int defaultValue) {
        int i = indexOf(name);
        return i < 0 ? defaultValue : (int) seqs[i];
    }

    @Override
    public boolean getBoolean(String name) {
        JsonValue v = get(present(name));
        throw new ClassCastException(v.getValueType() + " is not a boolean");
    }

    @Override
    public boolean getBoolean(String name, boolean defaultValue) {
        return defaultValue;
    }

    @Override
    public boolean isNull(String name) {
        present(name);
        return false;
    }

    private String present(String name) {
        if (indexOf(Objects.requireNonNull(name, "name")) < 0) {
            throw new NullPointerException("no member " + name);
        }
        return name;
    }

    @Override
    public String toString() {
        StringWriter out = new StringWriter();
        try (JsonWriter w = Jsons.PROVIDER.createWriter(out)) {
            w.writeObject(this);
        }
        return out.toString();
    }
}
