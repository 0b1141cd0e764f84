package io.agentmesh.agents.schema;

import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonString;
import jakarta.json.JsonValue;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Checks the {@code content} of an accepted form-mode elicitation against the form's {@code requestedSchema}
 * (MCP 2025-11-25 client/elicitation, "Requested Schema" and "Response Actions"; {@code schema.ts}:
 * {@code ElicitRequestFormParams}, {@code PrimitiveSchemaDefinition}, {@code ElicitResult}). A form is flat:
 * each property is one of
 * <ul>
 * <li>a string ({@code minLength}, {@code maxLength}, {@code pattern}, {@code format} one of {@code email},
 *     {@code uri}, {@code date}, {@code date-time});</li>
 * <li>a number or an integer ({@code minimum}, {@code maximum});</li>
 * <li>a boolean;</li>
 * <li>a single-select enum: a string in {@code enum} (untitled, and the legacy titled form whose
 *     {@code enumNames} only label the values), or equal to the {@code const} of one of {@code oneOf}
 *     (titled);</li>
 * <li>a multi-select enum: an array ({@code minItems}, {@code maxItems}) of strings each in
 *     {@code items.enum} (untitled) or equal to the {@code const} of one of {@code items.anyOf} (titled).</li>
 * </ul>
 * {@code title}, {@code description} and {@code default} (SEP-1034: what the client pre-fills) do not
 * constrain the answer; neither does a {@code format} the specification does not list.
 * <p>
 * Refused: a property in {@code required} that is absent; a member the form did not ask for; a value that
 * is not a string, a number, a boolean or an array of strings (the values {@code ElicitResult.content}
 * allows: no null, no object); a value its property's schema refuses; and any value of a property whose
 * schema is none of the above (no primitive {@code type}). The first violation is reported, with the path
 * {@code content.<property>} (and {@code [i]} for an item).
 */
public final class ElicitationForm {

    private static final Pattern EMAIL = Pattern.compile("[^\\s@]+@[^\\s@.][^\\s@]*");
    private static final Pattern DATE = Pattern.compile("\\d{4}-\\d{2}-\\d{2}");
    private static final Pattern DATE_TIME = Pattern.compile(
            "(\\d{4}-\\d{2}-\\d{2})[Tt](\\d{2}:\\d{2}):(\\d{2})(\\.\\d+)?([Zz]|[+-]\\d{2}:\\d{2})");

    private ElicitationForm() {
    }

    /** Validates an accepted form's {@code content}; violations name {@code content.<property>}. */
    public static void validateContent(JsonObject content, JsonObject requestedSchema) throws SchemaValidator.Violation {
        JsonObject properties = requestedSchema.get("properties") instanceof JsonObject p ? p : JsonValue.EMPTY_JSON_OBJECT;
        if (requestedSchema.get("required") instanceof JsonArray required) {
            for (JsonValue name : required) {
                if (name instanceof JsonString n && !content.containsKey(n.getString())) {
                    throw new SchemaValidator.Violation("content." + n.getString(), "is required");
                }
            }
        }
        for (Map.Entry<String, JsonValue> e : content.entrySet()) {
            String path = "content." + e.getKey();
            if (!(properties.get(e.getKey()) instanceof JsonObject schema)) {
                throw new SchemaValidator.Violation(path, "was not asked for");
            }
            validateValue(e.getValue(), schema, path);
        }
    }

    /** Validates one property's value against its {@code PrimitiveSchemaDefinition}. */
    static void validateValue(JsonValue value, JsonObject schema, String path) throws SchemaValidator.Violation {
        String type = schema.get("type") instanceof JsonString t ? t.getString() : "";
        switch (type) {
            case "string", "number", "integer", "boolean" -> {
                SchemaValidator.validate(value, schema, path);   // type, enum, minimum, maximum, minLength, maxLength
                if (value instanceof JsonString s) {
                    checkString(s.getString(), schema, path);
                }
            }
            case "array" -> {
                if (!(value instanceof JsonArray array) || !array.stream().allMatch(JsonString.class::isInstance)) {
                    throw new SchemaValidator.Violation(path, "expected an array of strings");
                }
                checkSelection(array, schema, path);
            }
            default -> throw new SchemaValidator.Violation(path, "the requested schema gives no primitive type");
        }
    }

    private static void checkString(String s, JsonObject schema, String path) throws SchemaValidator.Violation {
        if (schema.get("oneOf") instanceof JsonArray options) {
            requireConst(s, options, path);
        }
        if (schema.get("pattern") instanceof JsonString p) {
            try {
                if (!Pattern.compile(p.getString()).matcher(s).find()) {
                    throw new SchemaValidator.Violation(path, "must match " + p.getString());
                }
            } catch (PatternSyntaxException bad) {
                throw new SchemaValidator.Violation(path, "the requested pattern is not a valid regular expression");
            }
        }
        if (schema.get("format") instanceof JsonString f && !hasFormat(s, f.getString())) {
            throw new SchemaValidator.Violation(path, "must be a valid " + f.getString());
        }
    }

    private static void checkSelection(JsonArray array, JsonObject schema, String path) throws SchemaValidator.Violation {
        if (schema.get("minItems") instanceof jakarta.json.JsonNumber min && array.size() < min.intValue()) {
            throw new SchemaValidator.Violation(path, "must have at least " + min + " item(s)");
        }
        if (schema.get("maxItems") instanceof jakarta.json.JsonNumber max && array.size() > max.intValue()) {
            throw new SchemaValidator.Violation(path, "must have at most " + max + " item(s)");
        }
        JsonObject items = schema.get("items") instanceof JsonObject i ? i : JsonValue.EMPTY_JSON_OBJECT;
        for (int i = 0; i < array.size(); i++) {
            String item = array.getString(i);
            String itemPath = path + "[" + i + "]";
            if (items.get("enum") instanceof JsonArray allowed) {
                if (!allowed.contains(array.get(i))) {
                    throw new SchemaValidator.Violation(itemPath, "must be one of " + allowed);
                }
            } else if (items.get("anyOf") instanceof JsonArray options) {
                requireConst(item, options, itemPath);
            } else {
                throw new SchemaValidator.Violation(itemPath, "the requested schema offers no options");
            }
        }
    }

    /** A titled option's value: equal to the {@code const} of one of {@code options}. */
    private static void requireConst(String value, JsonArray options, String path) throws SchemaValidator.Violation {
        for (JsonValue option : options) {
            if (option instanceof JsonObject o && o.get("const") instanceof JsonString c && c.getString().equals(value)) {
                return;
            }
        }
        throw new SchemaValidator.Violation(path, "must be one of the offered options");
    }

    /** The formats of {@code StringSchema}: RFC 5321-like address, absolute RFC 3986 URI, RFC 3339 date and date-time. */
    private static boolean hasFormat(String s, String format) {
        return switch (format) {
            case "email" -> EMAIL.matcher(s).matches();
            case "uri" -> isAbsoluteUri(s);
            case "date" -> DATE.matcher(s).matches() && isDate(s);
            case "date-time" -> isDateTime(s);
            default -> true;
        };
    }

    private static boolean isAbsoluteUri(String s) {
        try {
            return new URI(s).isAbsolute();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static boolean isDate(String s) {
        try {
            LocalDate.parse(s);
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }

    /** RFC 3339 {@code date-time}; a leap second ({@code :60}) is checked as {@code :59}. */
    private static boolean isDateTime(String s) {
        var m = DATE_TIME.matcher(s);
        if (!m.matches()) {
            return false;
        }
        String seconds = m.group(3).equals("60") ? "59" : m.group(3);
        String fraction = m.group(4) == null ? "" : m.group(4);
        try {
            OffsetDateTime.parse(m.group(1) + "T" + m.group(2) + ":" + seconds + fraction + m.group(5).toUpperCase());
            return true;
        } catch (DateTimeParseException e) {
            return false;
        }
    }
}
