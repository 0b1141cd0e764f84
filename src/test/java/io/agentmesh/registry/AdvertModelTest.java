package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The advert body's parts, addrs, digests and gossip message limits (docs/registry.md §2.2, §3). */
class AdvertModelTest {

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void toolAnnotationsKeepWhatIsStatedAndApplyMcpDefaults() {
        ToolAnnotations none = ToolAnnotations.NONE;
        assertFalse(none.readOnly());
        assertTrue(none.destructive());
        assertFalse(none.idempotent());
        assertTrue(none.openWorld());
        ToolAnnotations stated = ToolAnnotations.fromJson(json("{\"readOnlyHint\":true,\"idempotentHint\":false,\"title\":\"x\"}"));
        assertEquals(new ToolAnnotations(true, null, false, null), stated);
        assertEquals(json("{\"readOnlyHint\":true,\"idempotentHint\":false}"), stated.toJson());
        assertThrows(IllegalArgumentException.class, () -> ToolAnnotations.fromJson(json("{\"readOnlyHint\":\"yes\"}")));
    }

    @Test
    void agentInfoReadsTheAgentDirectorysDescription() {
        AgentInfo a = AgentInfo.fromJson(json("{\"id\":\"echo\",\"title\":\"Echo\",\"description\":\"d\","
                + "\"tools\":[\"echo\",\"shout\"],\"resources\":2,\"prompts\":1}"));
        assertEquals(List.of("echo", "shout"), a.toolNames());
        assertEquals(ToolAnnotations.NONE, a.tool("echo").orElseThrow().annotations());
        assertEquals(2, a.resources());
        AgentInfo b = AgentInfo.fromJson(json("{\"id\":\"calc\",\"tools\":[{\"name\":\"add\",\"annotations\":{\"readOnlyHint\":true}}]}"));
        assertTrue(b.tool("add").orElseThrow().annotations().readOnly());
        assertEquals(0, b.prompts());
        assertEquals(b, AgentInfo.fromJson(b.toJson()));
    }

    @Test
    void agentInfoRefusesBadDeclarations() {
        assertThrows(IllegalArgumentException.class, () -> AgentInfo.fromJson(json("{\"id\":\"node\"}")));
        assertThrows(IllegalArgumentException.class, () -> AgentInfo.fromJson(json("{\"id\":\"-x\"}")));
        assertThrows(IllegalArgumentException.class, () -> AgentInfo.fromJson(json("{\"id\":\"x\",\"tools\":[\"a\",\"a\"]}")));
        assertThrows(IllegalArgumentException.class, () -> AgentInfo.fromJson(json("{\"id\":\"x\",\"tools\":[\"\"]}")));
        assertThrows(IllegalArgumentException.class, () -> AgentInfo.fromJson(json("{\"id\":\"x\",\"resources\":-1}")));
        assertThrows(IllegalArgumentException.class, () -> AgentInfo.fromJson(json("{\"id\":\"x\",\"tools\":[3]}")));
    }

    @Test
    void advertChecksItsOwnFields() {
        var id = Fixtures.identity(1);
        assertThrows(IllegalArgumentException.class, () -> Fixtures.advert(id, 0, T0, Duration.ofMinutes(1), List.of()));
        assertThrows(IllegalArgumentException.class, () -> new Advert(id.publicKeyBase64Url(), id.nodeId(), List.of(),
                List.of(), 1, T0, T0));
        assertThrows(IllegalArgumentException.class, () -> Fixtures.advert(id, 1, T0, Duration.ofMinutes(1),
                List.of(Fixtures.echoAgent(), Fixtures.echoAgent())));
        Advert a = Fixtures.advert(id, 7, T0, Duration.ofMinutes(1), List.of(Fixtures.echoAgent()));
        assertEquals(a, Advert.fromJson(a.toJson()));
        assertFalse(a.isExpiredAt(T0.plusSeconds(59)));
        assertTrue(a.isExpiredAt(T0.plusSeconds(60)));
    }

    @Test
    void addrsAreWebSocketUrls() {
        assertTrue(PeerAddrs.isValid("ws://127.0.0.1:9080/mesh"));
        assertTrue(PeerAddrs.isValid("wss://[::1]:9443/mesh"));
        assertFalse(PeerAddrs.isValid("http://127.0.0.1/mesh"));
        assertFalse(PeerAddrs.isValid("ws:///mesh"));
        assertFalse(PeerAddrs.isValid("ws://h/mesh#x"));
        assertFalse(PeerAddrs.isValid("ws://" + "h".repeat(300)));
        assertFalse(PeerAddrs.isValid(null));
        assertEquals(List.of("ws://a/m"), PeerAddrs.validate(List.of("ws://a/m", "ws://a/m")), "duplicates dropped");
        assertThrows(IllegalArgumentException.class, () -> PeerAddrs.validate(java.util.Collections.nCopies(17, "ws://a/m")));
    }

    @Test
    void digestsReadFromJsonAreCheckedOnceAndReadInPlace() {
        String node = Fixtures.identity(1).nodeId().value();
        Digest d = Digest.fromJson(json("{\"" + node + "\":5}"), 10);
        assertEquals(5, d.seq(node));
        assertEquals(0, d.seq("x".repeat(40)));
        assertEquals(Map.of(node, 5L), d.entries());
        assertEquals(new Digest(Map.of(node, 5L)), d);
        assertThrows(IllegalArgumentException.class, () -> Digest.fromJson(json("{\"short\":5}"), 10));
        assertThrows(IllegalArgumentException.class, () -> Digest.fromJson(json("{\"" + node + "\":9007199254740992}"), 10));
        assertThrows(IllegalArgumentException.class, () -> Digest.fromJson(json("{\"" + node + "\":5}"), 0));
        assertThrows(IllegalArgumentException.class, () -> Digest.fromJson(Json.createArrayBuilder().build(), 10));
    }

    @Test
    void syncResultsBeyondTheLimitsAreRefused() {
        RegistrySettings small = RegistrySettings.builder().maxAdvertsPerMessage(1).build();
        var two = Json.createArrayBuilder().add(Json.createObjectBuilder()).add(Json.createObjectBuilder());
        assertThrows(IllegalArgumentException.class,
                () -> GossipMessages.readSyncResult(Json.createObjectBuilder().add("adverts", two).build(), small));
        assertThrows(IllegalArgumentException.class, () -> GossipMessages.readSyncResult(
                json("{\"adverts\":[],\"want\":[\"nope\"]}"), RegistrySettings.defaults()));
        var r = GossipMessages.readSyncResult(json("{\"adverts\":[],\"want\":[],\"more\":true}"), RegistrySettings.defaults());
        assertTrue(r.more());
    }
}
