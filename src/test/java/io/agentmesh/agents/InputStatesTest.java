package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.Base64Url;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcException;
import io.agentmesh.testsupport.FixedRandom;
import io.agentmesh.testsupport.ManualClock;
import jakarta.json.JsonObject;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The requestState's integrity and bindings (MCP 2026-07-28 basic/patterns/mrtr, Server Requirements 4–5). */
class InputStatesTest {

    private static final byte[] KEY = new byte[32];
    private final ManualClock clock = new ManualClock();
    private final InputStates states = new InputStates(KEY, clock, Duration.ofMinutes(10));
    private final String request = InputStates.requestId("tools/call", obj("{'name':'t','arguments':{'a':1}}"));
    private final JsonObject pending = obj("{'k':{'method':'roots/list','params':{}}}");

    private String seal() {
        return states.seal("agent", "node=n;user=alice", request, pending, Map.of());
    }

    private static int code(JsonRpcException e) {
        return e.code();
    }

    @Test
    void aSealedStateOpensForTheSameAgentPrincipalAndRequest() throws Exception {
        InputStates.State s = states.open(seal(), "agent", "node=n;user=alice", request);
        assertEquals(pending, s.pending());
        assertEquals(clock.instant().plus(Duration.ofMinutes(10)).getEpochSecond(), s.expires());
    }

    @Test
    void aTamperedPayloadOrMacFailsVerification() {
        String token = seal();
        String[] parts = token.split("\\.");
        String payload = new String(Base64Url.decode(parts[2]), StandardCharsets.UTF_8).replace("alice", "mallo");
        String forged = parts[0] + "." + parts[1] + "." + Base64Url.encode(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[3];
        var e = assertThrows(JsonRpcException.class, () -> states.open(forged, "agent", "node=n;user=mallo", request));
        assertEquals(JsonRpc.INVALID_PARAMS, code(e));
        assertEquals("requestState fails verification", e.getMessage());
        byte[] mac = Base64Url.decode(parts[3]);
        mac[0] ^= 1;
        String badMac = parts[0] + "." + parts[1] + "." + parts[2] + "." + Base64Url.encode(mac);
        assertEquals("requestState fails verification", assertThrows(JsonRpcException.class,
                () -> states.open(badMac, "agent", "node=n;user=alice", request)).getMessage());
        assertEquals("requestState malformed", assertThrows(JsonRpcException.class,
                () -> states.open("v1.x", "agent", "node=n;user=alice", request)).getMessage());
    }

    @Test
    void anExpiredStateIsRefused() throws Exception {
        String token = seal();
        clock.advance(Duration.ofMinutes(10).minusSeconds(1));
        states.open(token, "agent", "node=n;user=alice", request);
        clock.advance(Duration.ofSeconds(1));
        assertEquals("requestState has expired", assertThrows(JsonRpcException.class,
                () -> states.open(token, "agent", "node=n;user=alice", request)).getMessage());
    }

    @Test
    void anotherPrincipalAgentOrRequestIsRefused() {
        String token = seal();
        assertEquals("requestState was issued to another principal", assertThrows(JsonRpcException.class,
                () -> states.open(token, "agent", "node=n;user=bob", request)).getMessage());
        assertEquals("requestState was issued for another request", assertThrows(JsonRpcException.class,
                () -> states.open(token, "other", "node=n;user=alice", request)).getMessage());
        String otherArgs = InputStates.requestId("tools/call", obj("{'name':'t','arguments':{'a':2}}"));
        assertEquals("requestState was issued for another request", assertThrows(JsonRpcException.class,
                () -> states.open(token, "agent", "node=n;user=alice", otherArgs)).getMessage());
    }

    @Test
    void aStateOfAnotherKeyIsRefusedByItsKeyId() {
        byte[] other = new byte[32];
        Arrays.fill(other, (byte) 7);
        String token = new InputStates(other, clock, Duration.ofMinutes(1)).seal("agent", "p", request, pending, Map.of());
        assertEquals("requestState issued by another node or before a restart", assertThrows(JsonRpcException.class,
                () -> states.open(token, "agent", "p", request)).getMessage());
        InputStates random = InputStates.random(new FixedRandom(3), clock, Duration.ofMinutes(1));
        assertThrows(JsonRpcException.class, () -> random.open(seal(), "agent", "node=n;user=alice", request));
    }

    @Test
    void theRequestIdIgnoresMemberOrderMetaAndTheRoundTripFields() {
        assertEquals(request, InputStates.requestId("tools/call",
                obj("{'arguments':{'a':1.0},'name':'t','_meta':{'x':1},'requestState':'s','inputResponses':{}}")));
        assertNotEquals(request, InputStates.requestId("prompts/get", obj("{'name':'t','arguments':{'a':1}}")));
        assertTrue(request.startsWith("tools/call "));
        assertEquals("{\"a\":[1,\"x\"],\"b\":{\"c\":true,\"d\":null}}",
                InputStates.canonical(obj("{'b':{'d':null,'c':true},'a':[1,'x']}")));
    }

    @Test
    void theKeyHas32Bytes() {
        assertThrows(IllegalArgumentException.class, () -> new InputStates(new byte[16], clock, Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new InputStates(KEY, clock, Duration.ZERO));
    }
}
