package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AddressTest {

    private static final String ID = "7f3a00112233445566778899aabbccddeeff00c2";

    private static Address parse(String method) throws JsonRpcException {
        return Address.parse(method);
    }

    @Test
    void nodeIdForm() throws Exception {
        Address a = parse(ID + ":calculator/tools/call");
        assertEquals(Address.Scope.ID, a.scope());
        assertEquals(NodeId.of(ID), a.nodeId());
        assertEquals("calculator", a.target());
        assertEquals("calculator", a.agent());
        assertEquals("tools/call", a.op());
        assertFalse(a.isMcpForm());
    }

    @Test
    void localForm() throws Exception {
        Address a = parse("local:calculator/tools/list");
        assertEquals(Address.Scope.LOCAL, a.scope());
        assertNull(a.nodeId());
        assertEquals("tools/list", a.op());
    }

    @Test
    void anyNodeForm() throws Exception {
        Address a = parse("*:calculator/tools/call");
        assertEquals(Address.Scope.ANY, a.scope());
        assertEquals("calculator", a.agent());
    }

    @Test
    void noNodePartWithAgentTarget() throws Exception {
        Address a = parse("calculator/tools/list");
        assertEquals(Address.Scope.NONE, a.scope());
        assertEquals("calculator", a.target());
        assertEquals("tools/list", a.op());
    }

    @Test
    void nodeTargetWithNodeId() throws Exception {
        Address a = parse(ID + ":node/get_info");
        assertTrue(a.targetsNode());
        assertNull(a.agent());
        assertEquals("get_info", a.op());
    }

    @Test
    void nodeTargetWithoutNodePart() throws Exception {
        Address a = parse("node/list_peers");
        assertEquals(Address.Scope.NONE, a.scope());
        assertTrue(a.targetsNode());
        assertEquals("list_peers", a.op());
    }

    @ParameterizedTest
    @ValueSource(strings = {"tools/list", "tools/call", "resources/templates/list", "prompts/get", "completion/complete",
            "logging/setLevel", "notifications/cancelled", "sampling/createMessage", "roots/list", "elicitation/create",
            "initialize", "ping"})
    void plainMcpForm(String method) throws Exception {
        Address a = parse(method);
        assertTrue(a.isMcpForm());
        assertNull(a.target());
        assertEquals(Address.Scope.NONE, a.scope());
        assertEquals(method, a.op());
    }

    @Test
    void agentIdLimits() throws Exception {
        String longest = "a" + "b".repeat(63);
        assertEquals(longest, parse(longest + "/ping").agent());
        assertEquals("A1._-z", parse("A1._-z/ping").agent());
        assertEquals("9", parse("local:9/ping").agent());
    }

    @Test
    void reservedWordAfterANodePartIsAnAgentTargetThatCannotExist() throws Exception {
        Address a = parse("local:tools/list");
        assertEquals("tools", a.agent());
        assertEquals("list", a.op());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",                                     // empty
            "unknownword",                          // no target/op and not an MCP word
            "node",                                 // node target without op
            "calculator/",                          // empty op
            "/tools/list",                          // empty target
            "local:ping",                           // node part needs target/op
            "local:/ping",                          // empty target after node part
            ":calculator/ping",                     // empty node part
            "LOCAL:calculator/ping",                // node part is case-sensitive
            "7F3A00112233445566778899AABBCCDDEEFF00C2:calculator/ping", // upper-case hex
            "7f3a00112233445566778899aabbccddeeff00c:calculator/ping",  // 39 hex
            "7f3a00112233445566778899aabbccddeeff00c2a:calculator/ping", // 41 hex
            "**:calculator/ping",
            "local:local:calculator/ping",         // second colon
            "-calculator/ping",                     // agent id must start alphanumeric
            ".calc/ping",
            "calc ulator/ping",
            "calc/tools list",                      // space in op
            "calc/tools\ncall",                     // control character in op
            "calc/é",                               // non-ASCII op
    })
    void malformedAddressIsMethodNotFound(String method) {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> parse(method));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code());
        assertTrue(e.getMessage().startsWith("method not found"), e.getMessage());
    }

    @Test
    void agentIdLongerThan64IsMethodNotFound() {
        String tooLong = "a".repeat(65);
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> parse(tooLong + "/ping"));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code());
    }

    @Test
    void opLongerThanTheLimitIsMethodNotFound() {
        assertThrows(JsonRpcException.class, () -> parse("calc/" + "x".repeat(Address.MAX_OP_LENGTH + 1)));
    }

    @Test
    void messageNamesTheProblem() {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> parse("zz:calc/ping"));
        assertTrue(e.getMessage().contains("node part"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"node", "tools", "resources", "prompts", "completion", "logging", "notifications",
            "sampling", "roots", "elicitation", "initialize", "ping"})
    void reservedAgentIds(String id) {
        assertTrue(Address.isReservedAgentId(id));
        assertTrue(Address.isValidAgentId(id), "reserved words have the form of an agent id");
    }

    @ParameterizedTest
    @ValueSource(strings = {"calculator", "echo", "Tools", "nodes", "pinger"})
    void unreservedAgentIds(String id) {
        assertFalse(Address.isReservedAgentId(id));
    }

    @Test
    void invalidAgentIds() {
        assertFalse(Address.isValidAgentId(null));
        assertFalse(Address.isValidAgentId(""));
        assertFalse(Address.isValidAgentId("_x"));
        assertFalse(Address.isValidAgentId("a/b"));
        assertFalse(Address.isValidAgentId("a:b"));
        assertFalse(Address.isValidAgentId("a".repeat(65)));
    }

    @Test
    void methodRoundTrips() throws Exception {
        for (String m : new String[] {ID + ":calculator/tools/call", "local:echo/ping", "*:notes/resources/read",
                "calculator/tools/list", "node/get_info", "tools/list", "ping"}) {
            assertEquals(m, parse(m).method());
            assertEquals(parse(m), parse(parse(m).method()));
        }
    }

    @Test
    void starReplacedByNodeIdChangesOnlyTheNodePart() throws Exception {
        Address a = parse("*:calculator/tools/call").at(NodeId.of(ID));
        assertEquals(ID + ":calculator/tools/call", a.method());
    }
}
