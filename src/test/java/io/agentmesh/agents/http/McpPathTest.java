package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class McpPathTest {

    private static final String NODE = "0123456789abcdef0123456789abcdef01234567";

    @Test
    void agentPath() {
        McpPath p = McpPath.parse("/echo").orElseThrow();
        assertEquals("echo", p.agent());
        assertTrue(p.node().isEmpty());
        assertTrue(p.isLocal(Optional.empty()));
        assertEquals(p, McpPath.parse("/echo/").orElseThrow());
    }

    @Test
    void nodeAndAgentPath() {
        McpPath p = McpPath.parse("/" + NODE + "/calc.v2_x-y").orElseThrow();
        assertEquals(NodeId.of(NODE), p.node().orElseThrow());
        assertEquals("calc.v2_x-y", p.agent());
        assertTrue(p.isLocal(Optional.of(NodeId.of(NODE))));
        assertFalse(p.isLocal(Optional.of(NodeId.of("f".repeat(40)))));
        assertFalse(p.isLocal(Optional.empty()));
        assertEquals("/" + NODE + "/calc.v2_x-y", p.toString());
    }

    @Test
    void anyReplicaPath() {
        McpPath p = McpPath.parse("/*/echo").orElseThrow();
        assertTrue(p.anyReplica());
        assertTrue(p.node().isEmpty());
        assertFalse(p.isLocal(Optional.empty()), "served wherever a replica runs");
        assertFalse(p.isLocal(Optional.of(NodeId.of(NODE))));
        assertEquals("*:echo", p.destination().toString());
        assertEquals("/*/echo", p.toString());
        assertEquals(p, McpPath.parse("/*/echo/").orElseThrow());
        assertEquals("local:echo", McpPath.parse("/echo").orElseThrow().destination().toString());
        assertEquals(NODE + ":echo", McpPath.parse("/" + NODE + "/echo").orElseThrow().destination().toString());
    }

    @Test
    void pathsThatNameNoAgent() {
        for (String bad : new String[] {null, "", "/", "//", "/-echo", "/ec ho", "/a/b", "/*", "/**/echo", "/*/*",
                "/*/echo/x", "/" + NODE.toUpperCase() + "/echo",
                "/" + NODE + "/echo/more", "/" + "x".repeat(65), "echo"}) {
            assertTrue(McpPath.parse(bad).isEmpty(), String.valueOf(bad));
        }
        assertTrue(McpPath.parse("/" + "x".repeat(64)).isPresent());
    }
}
