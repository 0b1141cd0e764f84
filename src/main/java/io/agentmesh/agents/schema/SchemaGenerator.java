package io.agentmesh.agents.schema;

import io.agentmesh.json.Json;
import jakarta.json.JsonArrayBuilder;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.lang.reflect.Field;
import java.lang.reflect.GenericArrayType;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.RecordComponent;
import java.lang.reflect.Type;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayDeque;
import java.util.Collection;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;

/**
 * JSON Schema (draft 2020-12) of a Java type, as JSON-B binds it:
 * <ul>
 * <li>{@code boolean}: boolean; {@code byte}, {@code short}, {@code int}, {@code long}, {@code BigInteger}:
 * integer (with the range of the first three); {@code float}, {@code double}, {@code BigDecimal}: number;
 * {@code char}: a string of length 1; boxes as their primitives;</li>
 * <li>{@code String}: string; {@code UUID}, {@code LocalDate}, {@code LocalDateTime}, {@code OffsetDateTime},
 * {@code Instant}: string with a format;</li>
 * <li>an enum: string with {@code enum} of the constant names;</li>
 * <li>arrays, {@code List}, {@code Collection}: array with {@code items}; {@code Set}: also
 * {@code uniqueItems};</li>
 * <li>{@code Map<String, V>}: object with {@code additionalProperties} of V;</li>
 * <li>a record: object whose properties are the components, all required but {@code Optional} ones;</li>
 * <li>a POJO (concrete, public no-argument constructor): object whose properties are the public fields
 * and setters, none required;</li>
 * <li>{@code Optional<T>}: the schema of T (the property is then not required).</li>
 * </ul>
 * A record or POJO met again inside itself (a recursive type) is described as a plain {@code object}
 * there. Anything else ({@code Object}, interfaces, abstract classes, type variables, wildcards, maps
 * with non-String keys, other platform classes) is refused with {@link UnsupportedTypeException}.
 */
public final class SchemaGenerator {

    private final Deque<Class<?>> path = new ArrayDeque<>();

    private SchemaGenerator() {
    }

    /** The schema of {@code type}; throws {@link UnsupportedTypeException} naming the offending type. */
    public static JsonObject schemaOf(Type type) {
        return new SchemaGenerator().schema(type);
    }

    /** True when {@code type} is {@code Optional<...>}. */
    public static boolean isOptional(Type type) {
        return raw(type) == Optional.class;
    }

    private JsonObject schema(Type type) {
        if (type instanceof ParameterizedType p) {
            return parameterized(p);
        }
        if (type instanceof GenericArrayType g) {
            return array(schema(g.getGenericComponentType()), false);
        }
        if (!(type instanceof Class<?> c)) {
            throw new UnsupportedTypeException("unsupported type " + type.getTypeName()
                    + ": type variables and wildcards have no schema");
        }
        JsonObject simple = simple(c);
        if (simple != null) {
            return simple;
        }
        if (c.isArray()) {
            return array(schema(c.getComponentType()), false);
        }
        if (c.isEnum()) {
            JsonArrayBuilder names = Json.createArrayBuilder();
            for (Object constant : c.getEnumConstants()) {
                names.add(((Enum<?>) constant).name());
            }
            return Json.createObjectBuilder().add("type", "string").add("enum", names).build();
        }
        if (Collection.class.isAssignableFrom(c) || Map.class.isAssignableFrom(c) || c == Optional.class) {
            throw new UnsupportedTypeException("unsupported type " + c.getName() + ": give its type arguments");
        }
        return object(c);
    }

    private JsonObject parameterized(ParameterizedType p) {
        Class<?> raw = raw(p);
        Type[] args = p.getActualTypeArguments();
        if (raw == Optional.class) {
            return schema(args[0]);
        }
        if (raw == List.class || raw == Collection.class || raw == Iterable.class) {
            return array(schema(args[0]), false);
        }
        if (raw == Set.class) {
            return array(schema(args[0]), true);
        }
        if (raw == Map.class) {
            if (args[0] != String.class) {
                throw new UnsupportedTypeException("unsupported type " + p.getTypeName() + ": map keys must be String");
            }
            return Json.createObjectBuilder().add("type", "object").add("additionalProperties", schema(args[1])).build();
        }
        throw new UnsupportedTypeException("unsupported type " + p.getTypeName()
                + ": generic classes other than Optional, List, Set, Collection and Map have no schema");
    }

    private static JsonObject simple(Class<?> c) {
        if (c == boolean.class || c == Boolean.class) {
            return type("boolean").build();
        }
        if (c == byte.class || c == Byte.class) {
            return type("integer").add("minimum", Byte.MIN_VALUE).add("maximum", Byte.MAX_VALUE).build();
        }
        if (c == short.class || c == Short.class) {
            return type("integer").add("minimum", Short.MIN_VALUE).add("maximum", Short.MAX_VALUE).build();
        }
        if (c == int.class || c == Integer.class) {
            return type("integer").add("minimum", Integer.MIN_VALUE).add("maximum", Integer.MAX_VALUE).build();
        }
        if (c == long.class || c == Long.class) {
            return type("integer").add("minimum", Long.MIN_VALUE).add("maximum", Long.MAX_VALUE).build();
        }
        if (c == BigInteger.class) {
            return type("integer").build();
        }
        if (c == float.class || c == Float.class || c == double.class || c == Double.class || c == BigDecimal.class) {
            return type("number").build();
        }
        if (c == char.class || c == Character.class) {
            return type("string").add("minLength", 1).add("maxLength", 1).build();
        }
        if (c == String.class) {
            return type("string").build();
        }
        if (c == UUID.class) {
            return type("string").add("format", "uuid").build();
        }
        if (c == java.time.LocalDate.class) {
            return type("string").add("format", "date").build();
        }
        if (c == java.time.LocalDateTime.class || c == java.time.OffsetDateTime.class || c == java.time.Instant.class) {
            return type("string").add("format", "date-time").build();
        }
        return null;
    }

    private JsonObject object(Class<?> c) {
        if (c == Object.class || c.isInterface() || Modifier.isAbstract(c.getModifiers()) || c.isPrimitive()
                || c.isAnnotation() || c.getName().startsWith("java.") || c.getName().startsWith("javax.")
                || c.getName().startsWith("jakarta.")) {
            throw new UnsupportedTypeException("unsupported type " + c.getName()
                    + ": only records, POJOs and the listed JDK types have a schema");
        }
        if (path.contains(c)) {
            return type("object").build();
        }
        path.push(c);
        try {
            return c.isRecord() ? record(c) : pojo(c);
        } finally {
            path.pop();
        }
    }

    private JsonObject record(Class<?> c) {
        JsonObjectBuilder properties = Json.createObjectBuilder();
        JsonArrayBuilder required = Json.createArrayBuilder();
        for (RecordComponent rc : c.getRecordComponents()) {
            properties.add(rc.getName(), schema(rc.getGenericType()));
            if (!isOptional(rc.getGenericType())) {
                required.add(rc.getName());
            }
        }
        return type("object").add("properties", properties).add("required", required).build();
    }

    private JsonObject pojo(Class<?> c) {
        if (c.isMemberClass() && !Modifier.isStatic(c.getModifiers())) {
            throw new UnsupportedTypeException("unsupported type " + c.getName() + ": an inner class cannot be created");
        }
        try {
            if (!Modifier.isPublic(c.getConstructor().getModifiers())) {
                throw new NoSuchMethodException();
            }
        } catch (NoSuchMethodException e) {
            throw new UnsupportedTypeException("unsupported type " + c.getName()
                    + ": a POJO needs a public no-argument constructor");
        }
        JsonObjectBuilder properties = Json.createObjectBuilder();
        for (Field f : c.getFields()) {
            int m = f.getModifiers();
            if (!Modifier.isStatic(m) && !Modifier.isTransient(m) && !Modifier.isFinal(m)) {
                properties.add(f.getName(), schema(f.getGenericType()));
            }
        }
        for (Method setter : c.getMethods()) {
            String n = setter.getName();
            if (n.length() > 3 && n.startsWith("set") && setter.getParameterCount() == 1
                    && !Modifier.isStatic(setter.getModifiers()) && setter.getDeclaringClass() != Object.class) {
                String property = Character.toLowerCase(n.charAt(3)) + n.substring(4);
                properties.add(property, schema(setter.getGenericParameterTypes()[0]));
            }
        }
        return type("object").add("properties", properties).build();
    }

    private static JsonObject array(JsonObject items, boolean unique) {
        JsonObjectBuilder b = type("array").add("items", items);
        if (unique) {
            b.add("uniqueItems", true);
        }
        return b.build();
    }

    private static JsonObjectBuilder type(String name) {
        return Json.createObjectBuilder().add("type", name);
    }

    private static Class<?> raw(Type type) {
        if (type instanceof Class<?> c) {
            return c;
        }
        if (type instanceof ParameterizedType p && p.getRawType() instanceof Class<?> c) {
            return c;
        }
        return null;
    }
}
