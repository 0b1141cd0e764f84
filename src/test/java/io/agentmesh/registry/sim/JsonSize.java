package io.agentmesh.registry.sim;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/** The length in bytes of a value's compact JSON text, computed without writing it. */
final class JsonSize {

    private JsonSize() {
    }

    static long of(JsonValue v) {
        switch (v.getValueType()) {
            case OBJECT: {
                JsonObject o = (JsonObject) v;
                long n = 2 + Math.max(0, o.size() - 1);
                for (Map.Entry<String, JsonValue> e : o.entrySet()) {
                    n += string(e.getKey()) + 1 + of(e.getValue());
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
                return num.isIntegral() ? Long.toString(num.longValue()).length() : num.toString().length();
            }
            case TRUE:
                return 4;
            case FALSE:
                return 5;
            default:
                return 4;
        }
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
