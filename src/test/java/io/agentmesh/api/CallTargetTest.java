package io.agentmesh.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class CallTargetTest {

    private static final String N = "7f3a0000000000000000000000000000000000c2";

    @ParameterizedTest
    @CsvSource({
        N + ":echo, tools/call, " + N + ":echo/tools/call",
        "local:echo, tools/list, local:echo/tools/list",
        "*:echo, tools/call, *:echo/tools/call",
        N + ":node, get_info, " + N + ":node/get_info",
        N + ", get_info, " + N + ":node/get_info",
        "local, ping, local:node/ping",
        "*, list_peers, *:node/list_peers",
        "echo, tools/call, local:echo/tools/call",
    })
    void targetsAndMethodsMakeMeshMethods(String target, String method, String wire) {
        assertEquals(wire, CallTarget.address(target, method).method());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "has space", "abc:echo", "x:y:z", "-echo", N + ":"})
    void badTargetsAreRefused(String target) {
        assertThrows(IllegalArgumentException.class, () -> CallTarget.address(target, "tools/list"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "/tools/list", "has space", "a:b"})
    void badMethodsAreRefused(String method) {
        assertThrows(IllegalArgumentException.class, () -> CallTarget.address("echo", method));
    }
}
