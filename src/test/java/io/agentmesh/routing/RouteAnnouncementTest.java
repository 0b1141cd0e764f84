package io.agentmesh.routing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.TestNodes;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The {@code node/routes} params: what is accepted and every rule that rejects the whole announcement. */
class RouteAnnouncementTest {

    private static final String A = TestNodes.node(0xa).value();
    private static final String B = TestNodes.node(0xb).value();

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text.replace("A", A).replace("B", B))).readObject();
    }

    @Test
    void readsAndWritesTheSameAnnouncement() throws JsonRpcException {
        RouteAnnouncement a = new RouteAnnouncement(17, Duration.ofSeconds(90), List.of(
                new RouteAnnouncement.Entry(TestNodes.node(0xa), 0, List.of("ws://127.0.0.1:9101/mesh")),
                new RouteAnnouncement.Entry(TestNodes.node(0xb), 1, List.of())));
        JsonObject json = a.toJson();
        assertEquals(17, json.getInt("seq"));
        assertEquals(90000, json.getInt("hold_ms"));
        assertEquals(a, RouteAnnouncement.read(json, 1024));
    }

    @Test
    void absentAddrsAreEmpty() throws JsonRpcException {
        RouteAnnouncement a = RouteAnnouncement.read(json("{\"seq\":0,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":3}]}"), 8);
        assertTrue(a.routes().get(0).addrs().isEmpty());
        assertEquals(3, a.routes().get(0).hops());
    }

    @Test
    void unknownMembersAreIgnored() throws JsonRpcException {
        RouteAnnouncement a = RouteAnnouncement.read(json(
                "{\"seq\":1,\"hold_ms\":1000,\"x\":true,\"routes\":[{\"node\":\"A\",\"hops\":0,\"y\":1}]}"), 8);
        assertEquals(1, a.routes().size());
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "{\"hold_ms\":1000,\"routes\":[]}",
        "{\"seq\":-1,\"hold_ms\":1000,\"routes\":[]}",
        "{\"seq\":1.5,\"hold_ms\":1000,\"routes\":[]}",
        "{\"seq\":\"1\",\"hold_ms\":1000,\"routes\":[]}",
        "{\"seq\":9007199254740992,\"hold_ms\":1000,\"routes\":[]}",
        "{\"seq\":1,\"routes\":[]}",
        "{\"seq\":1,\"hold_ms\":999,\"routes\":[]}",
        "{\"seq\":1,\"hold_ms\":3600001,\"routes\":[]}",
        "{\"seq\":1,\"hold_ms\":1000}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":{}}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[1]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"hops\":1}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"ABC\",\"hops\":1}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\"}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":256}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":-1}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":1},{\"node\":\"A\",\"hops\":2}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":1,\"addrs\":\"ws://h/mesh\"}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":1,\"addrs\":[\"http://h/mesh\"]}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":1,\"addrs\":[7]}]}",
        "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":1,\"addrs\":[\"ws://a/m\",\"ws://b/m\",\"ws://c/m\","
                + "\"ws://d/m\",\"ws://e/m\",\"ws://f/m\",\"ws://g/m\",\"ws://h/m\",\"ws://i/m\"]}]}",
    })
    void aBadMemberRejectsTheWholeAnnouncement(String text) {
        JsonRpcException e = assertThrows(JsonRpcException.class, () -> RouteAnnouncement.read(json(text), 1024));
        assertEquals(JsonRpc.INVALID_PARAMS, e.error().code());
    }

    @Test
    void moreEntriesThanTheLimitAreRejected() {
        JsonObject two = json("{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":0},{\"node\":\"B\",\"hops\":1}]}");
        assertThrows(JsonRpcException.class, () -> RouteAnnouncement.read(two, 1));
    }

    @Test
    void paramsMustBeAnObject() {
        assertThrows(JsonRpcException.class, () -> RouteAnnouncement.read(null, 8));
        assertThrows(JsonRpcException.class, () -> RouteAnnouncement.read(JsonValue.EMPTY_JSON_ARRAY, 8));
    }

    @Test
    void anAddressLongerThanTheLimitIsRejected() {
        String longUrl = "ws://h/" + "m".repeat(RouteAnnouncement.MAX_ADDR_LENGTH);
        assertThrows(JsonRpcException.class, () -> RouteAnnouncement.read(json(
                "{\"seq\":1,\"hold_ms\":1000,\"routes\":[{\"node\":\"A\",\"hops\":1,\"addrs\":[\"" + longUrl + "\"]}]}"), 8));
    }

    @Test
    void recordsCheckTheirBounds() {
        assertThrows(IllegalArgumentException.class, () -> new RouteAnnouncement(-1, Duration.ofSeconds(1), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RouteAnnouncement(1, Duration.ofMillis(10), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new RouteAnnouncement.Entry(TestNodes.node(1), 256, List.of()));
    }
}
