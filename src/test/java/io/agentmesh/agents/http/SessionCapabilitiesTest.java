package io.agentmesh.agents.http;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.agentmesh.json.Json;
import io.agentmesh.routing.JsonRpc;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

/** A legacy session's capabilities travel on each of its requests in _meta. */
class SessionCapabilitiesTest {

    private static final JsonValue ID = Json.createValue(3);

    @Test
    void theInitializeCapabilitiesGoIntoTheMetaOfEachRequest() {
        var init = new JsonRpc.Request(ID, "initialize", obj("{'capabilities':{'elicitation':{}}}"));
        var caps = SessionCapabilities.of(init);
        assertEquals(obj("{'elicitation':{}}"), caps);
        var call = new JsonRpc.Request(ID, "tools/call", obj("{'name':'t','_meta':{'progressToken':1}}"));
        assertEquals(obj("{'name':'t','_meta':{'progressToken':1,'io.modelcontextprotocol/clientCapabilities':{'elicitation':{}}}}"),
                SessionCapabilities.carry(call, caps).params());
        assertEquals(obj("{'_meta':{'io.modelcontextprotocol/clientCapabilities':{}}}"),
                SessionCapabilities.carry(new JsonRpc.Request(ID, "ping", null), JsonValue.EMPTY_JSON_OBJECT).params());
    }

    @Test
    void aModernRequestOrOneThatNamesItsCapabilitiesGoesUnchanged() {
        var modern = new JsonRpc.Request(ID, "tools/call", obj("{'_meta':{'io.modelcontextprotocol/protocolVersion':'2026-07-28'}}"));
        assertSame(modern, SessionCapabilities.carry(modern, obj("{'roots':{}}")));
        var named = new JsonRpc.Request(ID, "tools/call", obj("{'_meta':{'io.modelcontextprotocol/clientCapabilities':{}}}"));
        assertSame(named, SessionCapabilities.carry(named, obj("{'roots':{}}")));
        assertEquals(JsonValue.EMPTY_JSON_OBJECT, SessionCapabilities.of(new JsonRpc.Request(ID, "initialize", null)));
    }
}
