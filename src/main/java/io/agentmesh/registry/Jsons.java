package io.agentmesh.registry;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import jakarta.json.spi.JsonProvider;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON helpers of the registry's messages (docs/registry.md §2.2, §3): one looked-up provider (so builders do not search for one each
 * time) and strict readers that throw {@link IllegalArgumentException} naming the member at fault.
 */
final class Jsons {

    /** Looked up once; a provider is stateless. */
    static final JsonProvider PROVIDER = JsonProvider.provider();

    /** Largest integer that every JSON reader keeps exactly (2^53 − 1). */
    static final long MAX_SAFE_INTEGER = 9_007_199_254_740_991L;

    private Jsons() {
    }

    static String string(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException(v == null ? name + " is missing" : name + " must be a string");
    }

    static String optionalString(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null || v.getValueType() == JsonValue.ValueType.NULL) {
            return null;
        }
        if (v instanceof JsonString s) {
            return s.getString();
        }
        throw new IllegalArgumentException(name + " must be a string");
    }

    /** An integer member in [min, max]. */
    static long integer(JsonObject o, String name, long min, long max) {
        JsonValue v = o.get(name);
        if (v == null) {
            throw new IllegalArgumentException(name + " is missing");
        }
        return integer(v, name, min, max);
    }

    static long integer(JsonValue v, String name, long min, long max) {
        if (!(v instanceof JsonNumber n) || !n.isIntegral()) {
            throw new IllegalArgumentException(name + " must be an integer");
        }
        long value;
        try {
            value = n.longValueExact();
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException(name + " is out of range");
        }
        if (value < min || value > max) {
            throw new IllegalArgumentException(name + " must lie in [" + min + ", " + max + "]: " + value);
        }
        return value;
    }

    static JsonArray array(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v instanceof JsonArray a) {
            return a;
        }
        throw new IllegalArgumentException(v == null ? name + " is missing" : name + " must be an array");
    }

    static JsonArray optionalArray(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null) {
            return JsonValue.EMPTY_JSON_ARRAY;
        }
        if (v instanceof JsonArray a) {
            return a;
        }
        throw new IllegalArgumentException(name + " must be an array");
    }

    static JsonObject object(JsonValue v, String what) {
        if (v instanceof JsonObject o) {
            return o;
        }
        throw new IllegalArgumentException(what + " must be an object");
    }

    static JsonObject optionalObject(JsonObject o, String name) {
        JsonValue v = o.get(name);
        if (v == null) {
            return null;
        }
        return object(v, name);
    }

    /** An array of strings, at most {@code max} of them. */
    static List<String> strings(JsonArray a, String name, int max) {
        if (a.size() > max) {
            throw new IllegalArgumentException(name + " has more than " + max + " entries");
        }
        List<String> out = new ArrayList<>(a.size());
        for (JsonValue v : a) {
            if (!(v instanceof JsonString s)) {
                throw new IllegalArgumentException(name + " must hold strings only");
            }
            out.add(s.getString());
        }
        return out;
    }

    static JsonArray stringArray(List<String> values) {
        var b = PROVIDER.createArrayBuilder();
        values.forEach(b::add);
        return b.build();
    }
}
