package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentDefinitions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.samples.NoteStore;
import io.agentmesh.agents.samples.NotesAgent;
import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A legacy session at {@code /mcp/{B}/notes} on node A, the notes agent on node B (MCP 2025-11-25 translated
 * at the entry node): {@code resources/subscribe} becomes a listen A keeps open to B, whose updates arrive on
 * the session's GET stream; the level of {@code logging/setLevel} goes with every later request; a
 * 2026-07-28 listen is answered on its POST's stream and cancelled when the client closes it.
 */
class LegacyListenTest {

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final NodeId a = TestNodes.node(0xa);
    private final NodeId b = TestNodes.node(0xb);
    private final AgentHost hostOfB = new AgentHost(AgentSettings.defaults());
    private final FakeLinkDirectory linksOfA = new FakeLinkDirectory();
    private final FakeLinkDirectory linksOfB = new FakeLinkDirectory();
    private final Router routerA = router(a, AgentDirectory.EMPTY, linksOfA);
    private final Router routerB = router(b, hostOfB, linksOfB);
    private final McpHttpHandler handlerA = new McpHttpHandler(McpHttpSettings.defaults(), AgentDirectory.EMPTY,
            new MeshEntry(routerA, time, Runnable::run), () -> Optional.of(a),
            Optional.empty(), new CountingRandom(3), new ManualClock());
    private final String path = "/" + TestNodes.node(0xb) + "/notes";
    private String session;

    @TempDir
    Path dir;

    LegacyListenTest() {
        FakeLink[] ends = FakeLink.connect(a, routerA, b, routerB);
        linksOfA.add(ends[0]);
        linksOfB.add(ends[1]);
    }

    @BeforeEach
    void initialize() throws Exception {
        hostOfB.register(AgentDefinitions.of(new NotesAgent(hostOfB, new NoteStore(dir, Clock.systemUTC()))));
        TestExchange init = post("{\"jsonrpc\":\"2.0\",\"id\":1,\"method\":\"initialize\","
                + "\"params\":{\"protocolVersion\":\"2025-11-25\"}}");
        assertEquals(200, init.status, init.text());
        session = init.responseHeaders.get("Mcp-Session-Id");
    }

    private Router router(NodeId id, AgentDirectory agents, FakeLinkDirectory links) {
        return Router.builder().node(new NodeInfo(id, "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                .traceIds(() -> "trace").build();
    }

    private TestExchange post(String body) throws Exception {
        TestExchange ex = TestExchange.post(path, body);
        if (session != null) {
            ex.header("Mcp-Session-Id", session);
        }
        handlerA.handle(ex);
        return ex;
    }

    /** A stateless 2026-07-28 request: no session, the version in _meta and the headers. */
    private TestExchange postModern(String method, String name, String body) throws Exception {
        TestExchange ex = TestExchange.post(path, body).header("MCP-Protocol-Version", "2026-07-28")
                .header("Mcp-Method", method);
        if (name != null) {
            ex.header("Mcp-Name", name);
        }
        handlerA.handle(ex);
        return ex;
    }

    private TestExchange addNote(int id) throws Exception {
        return post("{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"add_note\",\"arguments\":{\"title\":\"t\",\"text\":\"x\"}}}");
    }

    @Test
    void aSubscribedResourcesUpdateFromTheOtherNodeArrivesOnTheGetStream() throws Exception {
        TestExchange subscribe = post("{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"notes://all\"}}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":2,\"result\":{}}", subscribe.text());
        TestExchange unknown = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"resources/subscribe\","
                + "\"params\":{\"uri\":\"nope://x\"}}");
        assertTrue(unknown.text().contains("\"code\":-32002"), unknown.text());

        TestExchange get = new TestExchange("GET", path).header("Accept", "text/event-stream")
                .header("Mcp-Session-Id", session);
        handlerA.handle(get);
        addNote(4);
        assertTrue(get.text().contains("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/resources/updated\","
                + "\"params\":{\"uri\":\"notes://all\"}}"), get.text());
        assertEquals(1, get.text().split("resources/updated", -1).length - 1, "once, for the one URI subscribed");

        post("{\"jsonrpc\":\"2.0\",\"id\":5,\"method\":\"resources/unsubscribe\",\"params\":{\"uri\":\"notes://all\"}}");
        addNote(6);
        assertEquals(1, get.text().split("resources/updated", -1).length - 1, "nothing after unsubscribe");
        assertFalse(get.text().contains("subscriptions/acknowledged"), "the acknowledgements stay at the entry node");
    }

    @Test
    void theSessionsLogLevelGoesWithEveryLaterRequest() throws Exception {
        TestExchange quiet = addNote(2);
        assertEquals("application/json", quiet.contentType, "no level, no log messages");
        TestExchange set = post("{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"logging/setLevel\",\"params\":{\"level\":\"info\"}}");
        assertEquals("{\"jsonrpc\":\"2.0\",\"id\":3,\"result\":{}}", set.text());
        TestExchange logged = addNote(4);
        assertEquals("text/event-stream", logged.contentType);
        assertTrue(logged.text().contains("\"method\":\"notifications/message\",\"params\":{\"level\":\"info\","
                + "\"data\":\"added note n2\"}"), logged.text());
        assertFalse(logged.text().contains("characters"), "debug is below the level set");
    }

    @Test
    void aModernRequestNamesItsOwnLevel() throws Exception {
        TestExchange logged = postModern("tools/call", "add_note", "{\"jsonrpc\":\"2.0\",\"id\":2,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"add_note\",\"arguments\":{\"title\":\"t\",\"text\":\"x\"},\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"io.modelcontextprotocol/logLevel\":\"debug\"}}}");
        assertEquals("text/event-stream", logged.contentType, logged.text());
        assertTrue(logged.text().contains("\"level\":\"debug\""), logged.text());
    }

    @Test
    void aModernListenIsAnsweredOnItsStreamAndClosingTheStreamCancelsIt() throws Exception {
        TestExchange listen = postModern("subscriptions/listen", null, "{\"jsonrpc\":\"2.0\",\"id\":\"L\","
                + "\"method\":\"subscriptions/listen\",\"params\":{\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{}},"
                + "\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]}}}");
        assertEquals("text/event-stream", listen.contentType);
        assertTrue(listen.text().contains("\"method\":\"notifications/subscriptions/acknowledged\",\"params\":{"
                + "\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]},"
                + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"L\"}}"), listen.text());
        addNote(2);
        assertTrue(listen.text().contains("\"params\":{\"uri\":\"notes://all\","
                + "\"_meta\":{\"io.modelcontextprotocol/subscriptionId\":\"L\"}}"), listen.text());
        TestExchange logged = postModern("tools/call", "add_note", "{\"jsonrpc\":\"2.0\",\"id\":3,\"method\":\"tools/call\","
                + "\"params\":{\"name\":\"add_note\",\"arguments\":{\"title\":\"t\",\"text\":\"x\"},\"_meta\":{"
                + "\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\",\"io.modelcontextprotocol/clientCapabilities\":{},"
                + "\"io.modelcontextprotocol/logLevel\":\"debug\"}}}");
        assertTrue(logged.text().contains("\"level\":\"debug\""), "while a listen is open: " + logged.text());
        listen.onGone.run();
        assertEquals(0, hostOfB.resourceUpdated("notes", "notes://all"), "the listen at B ended");
    }
}
