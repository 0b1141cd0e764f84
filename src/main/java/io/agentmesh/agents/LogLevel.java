package io.agentmesh.agents;

import java.util.Locale;
import java.util.Optional;

/**
 * The log levels of MCP logging, least severe first (MCP 2026-07-28 and 2025-11-25, server/utilities/logging,
 * "Log Levels": the syslog severities of RFC 5424 §6.2.1).
 */
public enum LogLevel {
    DEBUG, INFO, NOTICE, WARNING, ERROR, CRITICAL, ALERT, EMERGENCY;

    /** The level's name on the wire, e.g. {@code "warning"}. */
    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The level a wire name stands for; empty for anything else. */
    public static Optional<LogLevel> parse(String wireName) {
        for (LogLevel level : values()) {
            if (level.wireName().equals(wireName)) {
                return Optional.of(level);
            }
        }
        return Optional.empty();
    }

    /** Whether a message at this level is at or above {@code threshold}. */
    public boolean reaches(LogLevel threshold) {
        return compareTo(threshold) >= 0;
    }
}
