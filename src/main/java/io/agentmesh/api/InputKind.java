package io.agentmesh.api;

/**
 * The questions an agent may ask the client of a request (MCP 2026-07-28 basic/patterns/mrtr,
 * "InputRequests"): the method of the input request and the client capability that allows it
 * (basic/index, "Capabilities"; client/elicitation, client/sampling, client/roots). A call declares a
 * capability exactly when its {@link CallOptions} carry an {@link InputAnswerer} for it.
 */
public enum InputKind {

    /** {@code elicitation/create}, form mode: capability {@code elicitation: {form: {}}}. */
    ELICITATION("elicitation/create", "elicitation"),
    /** {@code sampling/createMessage}: capability {@code sampling: {}}. */
    SAMPLING("sampling/createMessage", "sampling"),
    /** {@code roots/list}: capability {@code roots: {}}. */
    ROOTS("roots/list", "roots");

    private final String method;
    private final String capability;

    InputKind(String method, String capability) {
        this.method = method;
        this.capability = capability;
    }

    /** The method of the input request, e.g. {@code elicitation/create}. */
    public String method() {
        return method;
    }

    /** The name of the client capability that allows it, e.g. {@code elicitation}. */
    public String capability() {
        return capability;
    }

    /** The kind whose method is {@code method}, or null for none. */
    static InputKind of(String method) {
        for (InputKind kind : values()) {
            if (kind.method.equals(method)) {
                return kind;
            }
        }
        return null;
    }
}
