package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.TestNodes;
import org.junit.jupiter.api.Test;

/** A destination is an address without its op: with one put to it, it is what parsing the text gives. */
class DestinationTest {

    private static final NodeId N = TestNodes.node(0xc2);

    @Test
    void withAnOpItIsTheParsedAddress() throws Exception {
        assertEquals(Address.parse(N + ":echo/tools/call"), Address.of(Destination.agent(N, "echo"), "tools/call"));
        assertEquals(Address.parse("local:echo/tools/list"), Address.of(Destination.local("echo"), "tools/list"));
        assertEquals(Address.parse(N + ":node/get_info"), Address.of(Destination.node(N), "get_info"));
        assertEquals(Address.parse("*:echo/ping"), Address.of(new Destination(Address.Scope.ANY, null, "echo"), "ping"));
    }

    @Test
    void anAddressGivesItsDestinationBack() throws Exception {
        Address address = Address.parse(N + ":echo/tools/call");
        assertEquals(Destination.agent(N, "echo"), address.destination());
        assertEquals(N + ":echo", address.destination().toString());
        assertThrows(IllegalStateException.class, () -> Address.parse("tools/list").destination());
    }

    @Test
    void anOpThatIsNoneIsMethodNotFound() {
        for (String op : new String[] {"", "has space", "a:b"}) {
            JsonRpcException e = assertThrows(JsonRpcException.class, () -> Address.of(Destination.local("echo"), op));
            assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code());
        }
    }

    @Test
    void theTargetIsTheNodeOrAnAgentIdAndANodeIdGoesWithScopeIdOnly() {
        assertThrows(IllegalArgumentException.class, () -> Destination.local("no/slash"));
        assertThrows(IllegalArgumentException.class, () -> Destination.local(""));
        assertThrows(IllegalArgumentException.class, () -> new Destination(Address.Scope.ID, null, "echo"));
        assertThrows(IllegalArgumentException.class, () -> new Destination(Address.Scope.LOCAL, N, "echo"));
    }
}
