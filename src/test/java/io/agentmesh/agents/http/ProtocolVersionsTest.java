package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class ProtocolVersionsTest {

    @Test
    void streamableHttpRevisionsAreSupported() {
        assertTrue(ProtocolVersions.isSupported("2025-03-26"));
        assertTrue(ProtocolVersions.isSupported("2025-06-18"));
        assertTrue(ProtocolVersions.isSupported("2025-11-25"));
        assertFalse(ProtocolVersions.isSupported("2024-11-05"));
        assertFalse(ProtocolVersions.isSupported("1999-01-01"));
        assertFalse(ProtocolVersions.isSupported(""));
    }
}
