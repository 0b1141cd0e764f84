package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolVersionHeaderTest {

    @Test
    void streamableHttpRevisionsAreSupported() {
        assertTrue(ProtocolVersionHeader.isSupported("2025-03-26"));
        assertTrue(ProtocolVersionHeader.isSupported("2025-06-18"));
        assertTrue(ProtocolVersionHeader.isSupported("2025-11-25"));
        assertFalse(ProtocolVersionHeader.isSupported("2024-11-05"));
        assertFalse(ProtocolVersionHeader.isSupported("1999-01-01"));
        assertFalse(ProtocolVersionHeader.isSupported(""));
    }
}
