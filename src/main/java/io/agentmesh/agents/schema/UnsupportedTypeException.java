package io.agentmesh.agents.schema;

/** A Java type that has no JSON Schema here (an interface, {@code Object}, a type variable, ...). */
public class UnsupportedTypeException extends RuntimeException {

    public UnsupportedTypeException(String message) {
        super(message);
    }
}
