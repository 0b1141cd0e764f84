package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class RouteMetadataTest {

    private static final String ORIGIN = "00000000000000000000000000000000000000ab";

    @Test
    void readsWellFormedMetadata() throws Exception {
        JsonObject params = obj("{\"_meta\":{\"agentmesh/route\":{\"ttl\":4,\"origin\":\"" + ORIGIN + "\",\"trace\":\"t1\"}}}");
        assertEquals(Optional.of(new RouteMetadata(4, ORIGIN, "t1")), RouteMetadata.read(params));
    }

    @Test
    void cappedLowersOnlyATtlAboveTheCapAndKeepsTheRest() {
        RouteMetadata high = new RouteMetadata(200, ORIGIN, "t1");
        assertEquals(new RouteMetadata(8, ORIGIN, "t1"), high.capped(8));
        assertEquals(new RouteMetadata(0, ORIGIN, "t1"), high.capped(0));
        RouteMetadata low = new RouteMetadata(3, ORIGIN, "t1");
        assertSame(low, low.capped(8));
        assertSame(low, low.capped(3));
    }

    @Test
    void absentMetadataIsEmpty() throws Exception {
        assertTrue(RouteMetadata.read(null).isEmpty());
        assertTrue(RouteMetadata.read(obj("{}")).isEmpty());
        assertTrue(RouteMetadata.read(obj("{\"_meta\":{\"progressToken\":1}}")).isEmpty());
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{\"_meta\":5}",
            "{\"_meta\":{\"agentmesh/route\":[]}}",
            "{\"_meta\":{\"agentmesh/route\":{\"origin\":\"" + ORIGIN + "\",\"trace\":\"t\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":-1,\"origin\":\"" + ORIGIN + "\",\"trace\":\"t\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":1.5,\"origin\":\"" + ORIGIN + "\",\"trace\":\"t\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":99999999999,\"origin\":\"" + ORIGIN + "\",\"trace\":\"t\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":1,\"origin\":\"ABC\",\"trace\":\"t\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":1,\"trace\":\"t\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":1,\"origin\":\"" + ORIGIN + "\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":1,\"origin\":\"" + ORIGIN + "\",\"trace\":\"\"}}}",
            "{\"_meta\":{\"agentmesh/route\":{\"ttl\":1,\"origin\":\"" + ORIGIN + "\",\"trace\":7}}}",
    })
    void malformedMetadataIsInvalidParams(String params) {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> RouteMetadata.read(obj(params)));
        assertEquals(JsonRpc.INVALID_PARAMS, e.code());
    }

    @Test
    void writeKeepsOtherMembers() {
        JsonObject out = RouteMetadata.write(obj("{\"a\":1,\"_meta\":{\"progressToken\":2}}"), new RouteMetadata(3, ORIGIN, "t"));
        assertEquals(1, out.getInt("a"));
        assertEquals(2, out.getJsonObject("_meta").getInt("progressToken"));
        assertEquals(3, out.getJsonObject("_meta").getJsonObject("agentmesh/route").getInt("ttl"));
    }

    @Test
    void writeReplacesReceivedMetadata() throws Exception {
        JsonObject once = RouteMetadata.write(null, new RouteMetadata(3, ORIGIN, "t"));
        JsonObject twice = RouteMetadata.write(once, new RouteMetadata(2, ORIGIN, "t"));
        assertEquals(Optional.of(new RouteMetadata(2, ORIGIN, "t")), RouteMetadata.read(twice));
    }

    @Test
    void stripRemovesEverythingItLeavesEmpty() {
        assertNull(RouteMetadata.strip(RouteMetadata.write(null, new RouteMetadata(1, ORIGIN, "t"))));
    }

    @Test
    void stripKeepsOtherMetaAndParams() {
        JsonObject params = RouteMetadata.write(obj("{\"a\":1,\"_meta\":{\"p\":2}}"), new RouteMetadata(1, ORIGIN, "t"));
        assertEquals(obj("{\"a\":1,\"_meta\":{\"p\":2}}"), RouteMetadata.strip(params));
    }

    @Test
    void stripLeavesParamsWithoutRouteKeyAlone() {
        JsonObject params = obj("{\"_meta\":{}}");
        assertSame(params, RouteMetadata.strip(params));
        assertNull(RouteMetadata.strip(null));
    }

    @Test
    void stripRemovesAMalformedRouteKeyToo() {
        assertNull(RouteMetadata.strip(obj("{\"_meta\":{\"agentmesh/route\":\"junk\"}}")));
    }

    @Test
    void decrementedUsesOneHop() {
        assertEquals(new RouteMetadata(7, ORIGIN, "t"), new RouteMetadata(8, ORIGIN, "t").decremented());
    }
}
