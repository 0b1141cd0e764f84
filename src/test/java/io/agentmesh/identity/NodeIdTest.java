package io.agentmesh.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NodeIdTest {

    private static final String ID = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void fortyLowercaseHexCharactersAreANodeId() {
        assertTrue(NodeId.isNodeId(ID));
        assertEquals(ID, NodeId.of(ID).value());
        assertTrue(NodeId.isNodeId("f".repeat(40)));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "0123456789abcdef0123456789abcdef0123456",     // 39
            "0123456789abcdef0123456789abcdef012345678",   // 41
            "0123456789ABCDEF0123456789abcdef01234567",    // upper case
            "0123456789abcdeg0123456789abcdef01234567",    // g
            "0123456789abcdef0123456789abcdef0123456/",    // just below '0'
            "0123456789abcdef0123456789abcdef0123456:",    // just above '9'
            "0123456789abcdef0123456789abcdef0123456`",    // just below 'a'
            "0123456789abcdef0123456789abcdef0123456\u0663", // a digit, not ASCII
            "0123456789abcdef0123456789abcdef 1234567"})
    void anythingElseIsNot(String value) {
        assertFalse(NodeId.isNodeId(value));
        assertThrows(IllegalArgumentException.class, () -> NodeId.of(value));
    }

    @Test
    void nullIsNotANodeId() {
        assertFalse(NodeId.isNodeId(null));
        assertThrows(NullPointerException.class, () -> NodeId.of(null));
    }
}
