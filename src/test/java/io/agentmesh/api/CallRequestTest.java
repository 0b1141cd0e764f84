package io.agentmesh.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.routing.JsonRpc;
import jakarta.json.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The body of POST /api/v1/call and the HTTP statuses of its errors. */
class CallRequestTest {

    private static final String N = "7f3a0000000000000000000000000000000000c2";

    @Test
    void readsTargetMethodAndParams() {
        CallRequest c = CallRequest.parse("{\"target\":\"" + N + ":echo\",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"echo\"},\"extra\":1}");
        assertEquals(N + ":echo", c.target());
        assertEquals("echo", c.params().getString("name"));
        JsonRpc.Request r = c.toRequest(Json.createValue(1));
        assertEquals(N + ":echo/tools/call", c.address().destination() + "/" + r.method());
    }

    @Test
    void paramsMayBeAbsentOrNull() {
        assertNull(CallRequest.parse("{\"target\":\"" + N + "\",\"method\":\"get_info\"}").params());
        assertNull(CallRequest.parse("{\"target\":\"" + N + "\",\"method\":\"get_info\",\"params\":null}").params());
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "not json | -32700",
        "{\"target\":1 | -32700",
        "{} {} | -32700",
        "[] | -32600",
        "{\"method\":\"tools/list\"} | -32600",
        "{\"target\":\"echo\"} | -32600",
        "{\"target\":\"echo\",\"method\":7} | -32600",
        "{\"target\":\"a b\",\"method\":\"tools/list\"} | -32600",
        "{\"target\":\"echo\",\"method\":\"tools/list\",\"params\":[1]} | -32602",
    })
    void badBodiesGetTheirCode(String body, int code) {
        MeshCallException e = assertThrows(MeshCallException.class, () -> CallRequest.parse(body));
        assertEquals(code, e.code());
    }

    @ParameterizedTest
    @CsvSource({
        "-32700, 400", "-32600, 400", "-32602, 400", "-32601, 404", "-32061, 404", "-32002, 404",
        "-32060, 502", "-32063, 502", "-32062, 504", "-32064, 403", "-32065, 503", "-32603, 500", "-1, 500",
    })
    void errorCodesMapToStatuses(int code, int status) {
        assertEquals(status, CallStatus.of(code));
    }
}
