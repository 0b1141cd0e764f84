package io.agentmesh.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.mcp.McpErrors;
import io.agentmesh.routing.JsonRpcException;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which input requests a client's declared capabilities allow (MCP 2026-07-28 client/elicitation, client/sampling, client/roots). */
class ClientCapabilitiesTest {

    private static ClientCapabilities caps(String declared) {
        return ClientCapabilities.of(obj("{'_meta':{'io.modelcontextprotocol/clientCapabilities':" + declared + "}}"));
    }

    @Test
    void anEmptyElicitationMeansFormOnly() {
        assertTrue(caps("{'elicitation':{}}").allowsElicitation("form"));
        assertFalse(caps("{'elicitation':{}}").allowsElicitation("url"));
        assertFalse(caps("{'elicitation':{'url':{}}}").allowsElicitation("form"));
        assertTrue(caps("{'elicitation':{'form':{},'url':{}}}").allowsElicitation("url"));
        assertFalse(ClientCapabilities.of(obj("{}")).allowsElicitation("form"));
    }

    @Test
    void eachInputRequestNeedsItsCapability() {
        JsonRequests r = new JsonRequests();
        assertEquals(Optional.empty(), caps("{'elicitation':{}}").missingFor(r.elicit));
        assertEquals(Optional.of(obj("{'elicitation':{'form':{}}}")), caps("{'sampling':{}}").missingFor(r.elicit));
        assertEquals(Optional.empty(), caps("{'sampling':{}}").missingFor(r.sample));
        assertEquals(Optional.of(obj("{'sampling':{'tools':{}}}")), caps("{'sampling':{}}").missingFor(r.sampleTools));
        assertEquals(Optional.empty(), caps("{'sampling':{'tools':{}}}").missingFor(r.sampleTools));
        assertEquals(Optional.of(obj("{'roots':{}}")), caps("{'elicitation':{}}").missingFor(r.roots));
        assertEquals(Optional.empty(), caps("{'roots':{'listChanged':true}}").missingFor(r.roots));
    }

    @Test
    void severalRequestsGetOneErrorNamingEveryMissingCapability() throws Exception {
        JsonRequests r = new JsonRequests();
        caps("{'elicitation':{},'sampling':{},'roots':{}}").requireAll(List.of(r.elicit, r.sample, r.roots));
        JsonRpcException e = assertThrows(JsonRpcException.class,
                () -> caps("{'elicitation':{}}").requireAll(List.of(r.elicit, r.sampleTools, r.roots, r.sample)));
        assertEquals(McpErrors.MISSING_REQUIRED_CLIENT_CAPABILITY, e.code());
        assertEquals(obj("{'requiredCapabilities':{'sampling':{'tools':{}},'roots':{}}}"), e.error().data());
        assertTrue(e.getMessage().contains("capabilities 'sampling', 'roots'"), e.getMessage());
        JsonRpcException one = assertThrows(JsonRpcException.class, () -> caps("{}").require(r.roots));
        assertEquals(obj("{'requiredCapabilities':{'roots':{}}}"), one.error().data());
    }

    private static final class JsonRequests {
        final jakarta.json.JsonObject elicit = obj("{'method':'elicitation/create','params':{'message':'m','requestedSchema':{}}}");
        final jakarta.json.JsonObject sample = obj("{'method':'sampling/createMessage','params':{'messages':[]}}");
        final jakarta.json.JsonObject sampleTools = obj("{'method':'sampling/createMessage','params':{'messages':[],'tools':[]}}");
        final jakarta.json.JsonObject roots = obj("{'method':'roots/list','params':{}}");
    }
}
