package io.agentmesh.agents.bridge;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessEnvironmentTest {

    private static final Map<String, String> NODE = Map.of(
            "PATH", "/usr/bin:/bin", "HOME", "/home/mesh", "LANG", "C.UTF-8", "LC_TIME", "en_GB.UTF-8",
            "TMPDIR", "/tmp/mesh", "GITHUB_TOKEN", "ghp_x", "MODE", "slow",
            "MESH_ADMIN_PASSWORD", "admin-secret", "MESH_KEYSTORE_PASSWORD", "ks-secret", "MESH_MCP_TOKEN", "mcp-secret");

    @Test
    void theChildGetsTheBaseVariablesAndWhatTheBridgeAsksForNothingElse() {
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/mesh", "LANG", "C.UTF-8", "LC_TIME", "en_GB.UTF-8",
                "TMPDIR", "/tmp/mesh"), ProcessEnvironment.BASE_ONLY.childOf(NODE));
        assertEquals(Map.of("PATH", "/usr/bin:/bin", "HOME", "/home/mesh", "LANG", "C.UTF-8", "LC_TIME", "en_GB.UTF-8",
                "TMPDIR", "/tmp/mesh", "GITHUB_TOKEN", "ghp_x", "MODE", "fast", "ABSENT_SET", "x"),
                ProcessEnvironment.parse(" GITHUB_TOKEN, ,MODE = fast,ABSENT_SET=x, ABSENT").childOf(NODE));
    }

    @Test
    void namesMatchWithoutRegardToCaseAsOnWindows() {
        assertEquals(Map.of("Path", "C:\\Windows", "SystemRoot", "C:\\Windows", "Token", "t"),
                ProcessEnvironment.parse("TOKEN").childOf(Map.of("Path", "C:\\Windows", "SystemRoot", "C:\\Windows",
                        "Token", "t", "Other", "o", "mesh_mcp_token", "secret")));
    }

    @Test
    void parsesNamesToPassAndPairsToSet() {
        assertEquals(new ProcessEnvironment(List.of("A", "_b2"), Map.of("C", "x=y", "D", "")),
                ProcessEnvironment.parse("A, C=x=y, _b2, D="));
        assertEquals(ProcessEnvironment.BASE_ONLY, ProcessEnvironment.parse("  "));
    }

    @Test
    void theNodesOwnVariablesAreNeverGiven() {
        for (String entry : List.of("MESH_ADMIN_PASSWORD", "MESH_KEYSTORE_PASSWORD", "MESH_MCP_TOKEN",
                "mesh_admin_password", "MESH_ADMIN_PASSWORD=chosen", "MESH_BRIDGE_DOCS_HEADERS")) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ProcessEnvironment.parse("HOME, " + entry));
            assertEquals(entry.split("=")[0] + " is the node's own configuration and is never given to a bridged process",
                    e.getMessage());
        }
    }

    @Test
    void refusesBadAndRepeatedNamesWithoutShowingValues() {
        assertEquals("'A B' is not a variable name ([A-Za-z_][A-Za-z0-9_]*)",
                assertThrows(IllegalArgumentException.class, () -> ProcessEnvironment.parse("A B=secret")).getMessage());
        assertEquals("'1A' is not a variable name ([A-Za-z_][A-Za-z0-9_]*)",
                assertThrows(IllegalArgumentException.class, () -> ProcessEnvironment.parse("1A")).getMessage());
        assertEquals("variable A appears twice",
                assertThrows(IllegalArgumentException.class, () -> ProcessEnvironment.parse("A=1, A=2")).getMessage());
        assertEquals("variable A appears twice",
                assertThrows(IllegalArgumentException.class, () -> ProcessEnvironment.parse("A, A=2")).getMessage());
        String shown = ProcessEnvironment.parse("TOKEN=hunter2, HOME").toString();
        assertEquals("ProcessEnvironment[passed=[HOME], set=[TOKEN]]", shown);
        assertFalse(BridgeSettings.stdio("x", List.of("tool")).withEnvironment(ProcessEnvironment.parse("T=hunter2"))
                .toString().contains("hunter2"));
    }
}
