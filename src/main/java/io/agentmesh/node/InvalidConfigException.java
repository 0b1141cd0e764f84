package io.agentmesh.node;

/** A configuration value that cannot be used; the message names the key, the value and what is expected. */
public class InvalidConfigException extends RuntimeException {

    private final String key;

    public InvalidConfigException(String key, String value, String expected) {
        super("invalid configuration " + key + "=" + value + ": expected " + expected);
        this.key = key;
    }

    public InvalidConfigException(String key, String message) {
        super("invalid configuration " + key + ": " + message);
        this.key = key;
    }

    /** The same error, thrown again where it is met again (with that place's stack). */
    InvalidConfigException(InvalidConfigException first) {
        super(first.getMessage());
        this.key = first.key;
    }

    public String key() {
        return key;
    }
}
