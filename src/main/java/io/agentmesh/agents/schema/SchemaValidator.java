package io.agentmesh.agents.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.math.BigDecimal;
import java.util.HashSet;
import java.util.Map;

/**
 * Checks a JSON value against the subset of JSON Schema 2020-12 that {@link SchemaGenerator} produces:
 * {@code type}, {@code enum}, {@code minimum}, {@code maximum}, {@code minLength}, {@code maxLength},
 * {@code items}, {@code uniqueItems}, {@code properties}, {@code required}, {@code additionalProperties}.
 * A property whose value is JSON null counts as absent. The first violation is reported with the path of the offending value ({@code point.x}, {@code items[2]}).
 */
public final class SchemaValidator {

    private SchemaValidator() {
    }

    /** A violation: {@code path} names the value, {@code problem} says what is wrong with it. */
    public static final class Violation extends Exception {
        private final String path;
        private final String problem;

        public Violation(String path, String problem) {
            super(path + ": " + problem);
            this.path = path;
            this.problem = problem;
        }

        public String path() {
            return path;
        }

        public String problem() {
            return problem;
        }
    }

    /** Validates {@code value} (never absent: check {@code required} separately) at {@code path}. */
    public static void validate(JsonValue value, JsonObject schema, String path) throws Violation {
        if (schema.get("type") instanceof JsonString t) {
            checkType(value, t.getString(), path);
        }
        if (schema.get("enum") instanceof JsonArray allowed && !allowed.contains(value)) {
            throw new Violation(path, "must be one of " + allowed);
        }
        switch (value.getValueType()) {
            case NUMBER -> checkNumber((JsonNumber) value, schema, path);
            case STRING -> checkString(((JsonString) value).getString(), schema, path);
            case ARRAY -> checkArray((JsonArray) value, schema, path);
            case OBJECT -> checkObject((JsonObject) value, schema, path);
            default -> { }
        }
    }

    private static void checkType(JsonValue value, String type, String path) throws Violation {
        boolean ok = switch (type) {
            case "string" -> value.getValueType() == JsonValue.ValueType.STRING;
            case "boolean" -> value == JsonValue.TRUE || value == JsonValue.FALSE
                    || value.getValueType() == JsonValue.ValueType.TRUE || value.getValueType() == JsonValue.ValueType.FALSE;
            case "integer" -> value instanceof JsonNumber n && isInteger(n);
            case "number" -> value.getValueType() == JsonValue.ValueType.NUMBER;
            case "array" -> value.getValueType() == JsonValue.ValueType.ARRAY;
            case "object" -> value.getValueType() == JsonValue.ValueType.OBJECT;
            case "null" -> value.getValueType() == JsonValue.ValueType.NULL;
            default -> true;
        };
        if (!ok) {
            throw new Violation(path, "expected " + type + ", got " + describe(value));
        }
    }

    private static boolean isInteger(JsonNumber n) {
        BigDecimal d = n.bigDecimalValue();
        return d.signum() == 0 || d.stripTrailingZeros().scale() <= 0;
    }

    private static void checkNumber(JsonNumber n, JsonObject schema, String path) throws Violation {
        BigDecimal d = n.bigDecimalValue();
        if (schema.get("minimum") instanceof JsonNumber min && d.compareTo(min.bigDecimalValue()) < 0) {
            throw new Violation(path, "must be at least " + min);
        }
        if (schema.get("maximum") instanceof JsonNumber max && d.compareTo(max.bigDecimalValue()) > 0) {
            throw new Violation(path, "must be at most " + max);
        }
    }

    private static void checkString(String s, JsonObject schema, String path) throws Violation {
        int length = s.codePointCount(0, s.length());
        if (schema.get("minLength") instanceof JsonNumber min && length < min.intValue()) {
            throw new Violation(path, "must have at least " + min + " character(s)");
        }
        if (schema.get("maxLength") instanceof JsonNumber max && length > max.intValue()) {
            throw new Violation(path, "must have at most " + max + " character(s)");
        }
    }

    private static void checkArray(JsonArray array, JsonObject schema, String path) throws Violation {
        if (schema.get("items") instanceof JsonObject items) {
            for (int i = 0; i < array.size(); i++) {
                validate(array.get(i), items, path + "[" + i + "]");
            }
        }
        if (schema.get("uniqueItems") == JsonValue.TRUE && new HashSet<>(array).size() != array.size()) {
            throw new Violation(path, "items must be unique");
        }
    }

    private static void checkObject(JsonObject object, JsonObject schema, String path) throws Violation {
        String prefix = path.isEmpty() ? "" : path + ".";
        if (schema.get("required") instanceof JsonArray required) {
            for (JsonValue name : required) {
                String n = ((JsonString) name).getString();
                if (!object.containsKey(n) || object.isNull(n)) {
                    throw new Violation(prefix + n, "is required");
                }
            }
        }
        JsonObject properties = schema.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        JsonValue additional = schema.get("additionalProperties");
        for (Map.Entry<String, JsonValue> e : object.entrySet()) {
            String childPath = prefix + e.getKey();
            if (properties.get(e.getKey()) instanceof JsonObject propertySchema) {
                if (e.getValue().getValueType() != JsonValue.ValueType.NULL) {
                    validate(e.getValue(), propertySchema, childPath);
                }
            } else if (additional instanceof JsonObject additionalSchema) {
                validate(e.getValue(), additionalSchema, childPath);
            } else if (additional == JsonValue.FALSE) {
                throw new Violation(childPath, "is not allowed");
            }
        }
    }

    private static String describe(JsonValue v) {
        return switch (v.getValueType()) {
            case STRING -> "string";
            case NUMBER -> "number " + v;
            case TRUE, FALSE -> "boolean";
            case NULL -> "null";
            case ARRAY -> "array";
            case OBJECT -> "object";
        };
    }
}
