package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.ManualClock;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for what a peer's application messages carry (wire-v1 §4–5): JSON-RPC messages, addresses,
 * the route metadata {@code _meta.agentmesh/route} and {@code node/routes} announcements applied to a route
 * table. Each either returns or fails with its documented {@link JsonRpcException}; what is read writes
 * back to the same value. Inputs replayed by every test run are under
 * {@code src/test/resources/io/agentmesh/routing/RoutingFuzzTestInputs/}; docs/benchmarks.md ("Fuzzing").
 */
@Timeout(10)
class RoutingFuzzTest {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec();
    private static final NodeId SELF = NodeId.of("1".repeat(40));
    private static final NodeId NEIGHBOUR = NodeId.of("2".repeat(40));

    /** One application message: decoded, or -32700/-32600; a decoded message encodes back to itself. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void message(byte[] utf8) throws MessageDecodeException {
        JsonRpc message;
        try {
            message = CODEC.decode(utf8);
        } catch (MessageDecodeException e) {
            assertTrue(e.code() == JsonRpc.PARSE_ERROR || e.code() == JsonRpc.INVALID_REQUEST, e.getMessage());
            return;
        }
        assertEquals(message, CODEC.decode(CODEC.encode(message)));
        assertEquals(message, CODEC.decode(CODEC.encodeToString(message)));
    }

    /**
     * One application message of a link that takes binary boxes (docs/protocol.md, "Binary boxes"): decoded,
     * or -32700/-32600; a decoded message reads back as itself from both its forms.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void binaryMessage(byte[] bytes) throws MessageDecodeException {
        JsonRpc message;
        try {
            message = CODEC.decode(bytes, true);
        } catch (MessageDecodeException e) {
            assertTrue(e.code() == JsonRpc.PARSE_ERROR || e.code() == JsonRpc.INVALID_REQUEST, e.getMessage());
            return;
        }
        assertEquals(message, CODEC.decode(CODEC.encode(message, true), true));
        assertEquals(message, CODEC.decode(CODEC.encode(message, false), true));
    }

    /** A method as an address: parsed, or -32601; a parsed address reads back from its method text. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void address(byte[] bytes) {
        String method = new String(bytes, StandardCharsets.UTF_8);
        Address address;
        try {
            address = Address.parse(method);
        } catch (JsonRpcException e) {
            assertEquals(JsonRpc.METHOD_NOT_FOUND, e.code(), e.getMessage());
            return;
        }
        try {
            assertEquals(address, Address.parse(address.method()));
        } catch (JsonRpcException e) {
            throw new AssertionError("a parsed address does not read back: " + e.getMessage(), e);
        }
    }

    /**
     * Params of a request (a JSON object as UTF-8): their route metadata read, or -32602; metadata read
     * writes back to itself, and stripping it leaves none.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void routeMetadata(byte[] params) throws JsonRpcException {
        if (!(parse(params) instanceof JsonObject object)) {
            return;
        }
        Optional<RouteMetadata> route;
        try {
            route = RouteMetadata.read(object);
        } catch (JsonRpcException e) {
            assertEquals(JsonRpc.INVALID_PARAMS, e.code(), e.getMessage());
            assertEquals(Optional.empty(), RouteMetadata.readQuietly(object));
            return;
        }
        assertEquals(route, RouteMetadata.readQuietly(object));
        if (route.isPresent()) {
            assertEquals(route, RouteMetadata.read(RouteMetadata.write(object, route.get())));
            assertEquals(Optional.empty(), RouteMetadata.read(RouteMetadata.strip(object)));
        }
    }

    /**
     * Params of a {@code node/routes} notification: read, or -32602; an announcement read writes back to
     * itself and is applied to a route table (a neighbour's announcement), where a route never names this
     * node and stays within the hop limit.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void routeAnnouncement(byte[] params) throws JsonRpcException {
        JsonValue value = parse(params);
        if (value == null) {
            return;
        }
        RoutingSettings.Routes settings = RoutingSettings.Routes.defaults();
        RouteAnnouncement announcement;
        try {
            announcement = RouteAnnouncement.read(value, settings.maxEntries());
        } catch (JsonRpcException e) {
            assertEquals(JsonRpc.INVALID_PARAMS, e.code(), e.getMessage());
            return;
        }
        assertEquals(announcement, RouteAnnouncement.read(announcement.toJson(), settings.maxEntries()));
        RouteTable table = new RouteTable(SELF, settings, new ManualClock());
        FakeLink link = FakeLink.to(NEIGHBOUR, "link-1");
        table.linkUp(link);
        try {
            table.accept(link, announcement);
        } catch (JsonRpcException e) {
            assertEquals(JsonRpc.INVALID_PARAMS, e.code(), e.getMessage());
        }
        List<RouteTable.Route> routes = table.routes();
        for (RouteTable.Route route : routes) {
            assertTrue(!route.node().equals(SELF), "a route to this node itself");
            assertTrue(route.hops() <= settings.maxHops(), "a route over the hop limit");
        }
        table.toJson();
    }

    private static JsonValue parse(byte[] utf8) {
        try {
            return CODEC.parse(new String(utf8, StandardCharsets.UTF_8));
        } catch (MessageDecodeException e) {
            return null;
        }
    }
}
