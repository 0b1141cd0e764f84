package io.agentmesh.agents.bridge;

import java.io.IOException;

/** A server's reply broke a rule or a limit (a body or event too large, a malformed event stream). */
final class ReplyException extends IOException {

    private static final long serialVersionUID = 1L;

    ReplyException(String message) {
        super(message);
    }
}
