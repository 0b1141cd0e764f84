package io.agentmesh.identity;

/**
 * The node identity could not be loaded or stored (wire-v1 §1: a node keeps its identity key across
 * restarts, so a key file it cannot use is fatal, never silently replaced). The message names the
 * file and the problem.
 */
public final class IdentityException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public IdentityException(String message) {
        super(message);
    }

    public IdentityException(String message, Throwable cause) {
        super(message, cause);
    }
}
