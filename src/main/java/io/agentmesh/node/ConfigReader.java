package io.agentmesh.node;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Reads the keys of the catalogue ({@link ConfigKeys}) as text from a lookup function and parses them,
 * each key falling back to its default; a value that cannot be used is an {@link InvalidConfigException}
 * naming the key, the value and what is expected. An empty value counts as unset, as in MicroProfile
 * Config.
 */
public final class ConfigReader {

    private final Function<String, Optional<String>> lookup;
    private final Iterable<String> names;

    /**
     * @param lookup the value of a key, when set
     * @param names  the key names the source can list (for key families such as {@code mesh.bridge.<id>.url})
     */
    public ConfigReader(Function<String, Optional<String>> lookup, Iterable<String> names) {
        this.lookup = Objects.requireNonNull(lookup, "lookup");
        this.names = Objects.requireNonNull(names, "names");
    }

    /** The key names the source can list. */
    Iterable<String> names() {
        return names;
    }

    /** The value as set (untrimmed), when it is set and not empty. */
    Optional<String> set(ConfigKey key) {
        return lookup.apply(key.name()).filter(v -> !v.isEmpty());
    }

    /** The trimmed value as set, else the default; empty when neither. */
    Optional<String> text(ConfigKey key) {
        return set(key).map(String::trim).filter(v -> !v.isEmpty()).or(key::defaultValue);
    }

    /** The trimmed value, or the default, of a key that has one. */
    String string(ConfigKey key) {
        return text(key).orElseThrow(() -> new IllegalStateException(key.name() + " has no default"));
    }

    List<String> list(ConfigKey key) {
        return text(key).map(ConfigValues::list).orElse(List.of());
    }

    int integer(ConfigKey key) {
        String value = string(key);
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw invalid(key, value);
        }
    }

    /** A whole number in a range that no settings record checks. */
    int integer(ConfigKey key, int min, int max) {
        int value = integer(key);
        if (value < min || value > max) {
            throw new InvalidConfigException(key.name(), Integer.toString(value), "a whole number from " + min + " to " + max);
        }
        return value;
    }

    Duration duration(ConfigKey key) {
        return ConfigValues.duration(key.name(), string(key));
    }

    boolean bool(ConfigKey key) {
        String value = string(key);
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "on", "1" -> true;
            case "false", "no", "off", "0" -> false;
            default -> throw invalid(key, value);
        };
    }

    /**
     * Builds a settings value from this key's value, mapping the {@link IllegalArgumentException} of a
     * record that refuses it to an {@link InvalidConfigException} naming the key.
     */
    <T> T build(ConfigKey key, Supplier<T> builder) {
        try {
            return builder.get();
        } catch (IllegalArgumentException e) {
            throw invalid(key, text(key).orElse(""));
        }
    }

    /** The error for this key's value: {@code invalid configuration <key>=<value>: expected <expected>}. */
    static InvalidConfigException invalid(ConfigKey key, String value) {
        return new InvalidConfigException(key.name(), key.shown(value), key.expected());
    }
}
