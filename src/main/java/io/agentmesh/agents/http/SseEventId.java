package io.agentmesh.agents.http;

import java.util.Optional;

/**
 * The id of one SSE event at {@code /mcp}: {@code <stream>-<sequence>}, two decimal numbers from 1, the
 * stream's number within its session and the event's within its stream (for example {@code 3-17}). The
 * ids are unique across a session's streams and name the stream they belong to, so that a
 * {@code Last-Event-ID} finds its stream (MCP 2025-11-25 basic/transports, "Resumability and
 * Redelivery", 1).
 */
record SseEventId(long stream, long sequence) {

    private static final int MAX_DIGITS = 18;

    SseEventId {
        if (stream < 1 || sequence < 1) {
            throw new IllegalArgumentException("stream and sequence start at 1: " + stream + "-" + sequence);
        }
    }

    /** The id as it goes on the {@code id:} line. */
    String text() {
        return stream + "-" + sequence;
    }

    /** An id in exactly the form {@link #text()} writes; empty for anything else. */
    static Optional<SseEventId> parse(String text) {
        int dash = text.indexOf('-');
        if (dash < 1) {
            return Optional.empty();
        }
        long stream = number(text.substring(0, dash));
        long sequence = number(text.substring(dash + 1));
        return stream < 1 || sequence < 1 ? Optional.empty() : Optional.of(new SseEventId(stream, sequence));
    }

    /** A decimal number without sign or leading zero; -1 otherwise. */
    private static long number(String digits) {
        if (digits.isEmpty() || digits.length() > MAX_DIGITS || digits.charAt(0) == '0') {
            return -1;
        }
        for (int i = 0; i < digits.length(); i++) {
            if (digits.charAt(i) < '0' || digits.charAt(i) > '9') {
                return -1;
            }
        }
        return Long.parseLong(digits);
    }
}
