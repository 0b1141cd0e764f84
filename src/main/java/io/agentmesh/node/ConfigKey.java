package io.agentmesh.node;

import java.util.Objects;
import java.util.Optional;

/**
 * One configuration key of the catalogue ({@link ConfigKeys}): its name, its default, what a value must
 * be, and what it does. A name with {@code <id>} in it stands for a family of keys ({@link #forId}).
 *
 * @param name         the MicroProfile Config name, for example {@code mesh.route.ttl}
 * @param defaultValue the value used when the key is unset, as text; empty when there is none (the key
 *                     is optional, or its default is derived from other keys)
 * @param expected     what a value must be, as said in the error {@code invalid configuration <key>=<value>:
 *                     expected <expected>}
 * @param description  one line: what the key does (docs/configuration.md says more)
 * @param secret       whether the value is never shown (in errors or logs)
 */
public record ConfigKey(String name, Optional<String> defaultValue, String expected, String description,
                        boolean secret) {

    /** The placeholder of a family's id in a key name. */
    public static final String ID = "<id>";

    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(expected, "expected");
        Objects.requireNonNull(description, "description");
    }

    /** The key of this family for one id: {@code mesh.bridge.<id>.url} for {@code docs} is {@code mesh.bridge.docs.url}. */
    public ConfigKey forId(String id) {
        if (!name.contains(ID)) {
            throw new IllegalStateException(name + " is not a family of keys");
        }
        return new ConfigKey(name.replace(ID, id), defaultValue, expected, description, secret);
    }

    /** The value shown in messages: the value itself, or {@code ***} for a secret. */
    String shown(String value) {
        return secret ? "***" : value;
    }
}
