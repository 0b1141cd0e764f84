package io.agentmesh.node;

import java.util.logging.Level;

/**
 * The log level of the few lines an operator must see at start: Liberty's AUDIT (850, between INFO and
 * WARNING), which Liberty's console shows by default (it shows AUDIT and above; INFO goes only to
 * messages.log).
 */
final class AuditLevel extends Level {

    static final Level AUDIT = new AuditLevel();

    private static final long serialVersionUID = 1L;

    private AuditLevel() {
        super("AUDIT", 850);
    }
}
