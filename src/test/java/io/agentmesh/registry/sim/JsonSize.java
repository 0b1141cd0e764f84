package io.agentmesh.registry.sim;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The length in bytes of a value's compact JSON text, computed without writing it. Remembers the size of
 * each large object it measured, by identity, until {@link #forget()}: the simulated nodes pass the very
 * same immutable objects around (a node's digest goes to each of its peers in a round, an advert's envelope
 * to everyone who lacks it), and measuring a 5,000-entry digest once per message would cost more than the
 * gossip itself. Single-threaded.
 */
final class JsonSize {

    /** Objects this long or longer are remembered (envelopes, digests; not the small peer entries). */
    private static final long REMEMBERED = 512;

    private final Map<JsonObject, Long> known = new IdentityHashMap<>();

    /** Forgets the sizes remembered (so that the objects measured can be collected). */
    void forget() {
        known.clear();
    }

    long of(JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT: {
                JsonObject o = (JsonObject) v;
                Long size = known.get(o);
                if (size != null) {
                    return size;
                }
                long n = 2 + Math.max(0, o.size() - 1);
                for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                    n += string(e.getKey()) + 1 + of(e.getValue());
                }
                if (n >= REMEMBERED) {
                    known.put(o, n);
                }
                return n;
            }
            case ARRAY: {
                JsonArray a = (JsonArray) v;
                long n = 2 + Math.max(0, a.size() - 1);
                for (JsonValue e : a) {
                    n += of(e);
                }
                return n;
            }
            case STRING:
                return string(((JsonString) v).getString());
            case NUMBER: {
                JsonNumber num = (JsonNumber) v;
                return num.isIntegral() ? digits(num.longValue()) : num.toString().length();
            }
            case TRUE:
                return 4;
            case FALSE:
                return 5;
            default:
                return 4;
        }
    }

    /** The length of {@code Long.toString(v)}. */
    static int digits(long v) {
        if (v == Long.MIN_VALUE) {
            return 20;
        }
        int n = v < 0 ? 2 : 1;
        for (long a = Math.abs(v); a >= 10; a /= 10) {
            n++;
        }
        return n;
    }

    /** A string with its quotes; the registry's strings need no escapes beyond the rare quote or backslash. */
    private static long string(String s) {
        long n = 2;
        boolean ascii = true;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                n++;
            } else if (c >= 0x80 || c < 0x20) {
                ascii = false;
            }
        }
        return ascii ? n + s.length() : n + s.getBytes(StandardCharsets.UTF_8).length;
    }
}
