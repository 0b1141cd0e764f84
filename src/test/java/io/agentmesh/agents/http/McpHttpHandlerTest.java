package io.agentmesh.agents.http;

import io.agentmesh.routing.Caller;
import io.agentmesh.testsupport.TestIssuer;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.web.JwtAccess;
import io.agentmesh.web.JwtObserver;
import io.agentmesh.web.JwtVerifier;
import io.agentmesh.web.Jwks;
import io.agentmesh.web.OAuthSettings;
import java.net.URI;
import java.util.Set;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.RouteObserver;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.ManualTime;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;

/** The transport rules of MCP 2025-11-25 "Streamable HTTP" and wire-v1 §7, one exchange at a time. */
class McpHttpHandlerTest {

    private static final String SELF = "1111111111111111111111111111111111111111";
    private static final String OTHER = "2222222222222222222222222222222222222222";
    private static final String TOKEN = "0123456789abcdef-token";

    private final TestAgents agents = new TestAgents();
    private final ManualClock clock = new ManualClock();
    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<String> answered = new CopyOnWriteArrayList<>();
    private final List<String> served = new CopyOnWriteArrayList<>();
    /** This node's router, with no links (every other node is unreachable), telling what it answered and served. */
    private final Router router = Router.builder()
            .node(new NodeInfo(NodeId.of(SELF), "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
            .agents(agents).executor(Runnable::run).scheduler(time).clock(time.clock()).traceIds(() -> "trace")
            .observer(new RouteObserver() {
                @Override
                public void answered(String method, String from, Duration took, JsonRpc.Response response) {
                    answered.add(method);
                }

                @Override
                public void served(String agent, String method, Duration took, JsonRpc.Response response) {
                    served.add(agent + " " + method);
                }
            }).build();
    private McpHttpHandler handler = handler(McpHttpSettings.defaults());

    private McpHttpHandler handler(McpHttpSettings settings) {
        return new McpHttpHandler(settings, agents, new MeshEntry(router, time, Runnable::run),
                () -> Optional.of(NodeId.of(SELF)), Optional.empty(), new CountingRandom(1), clock);
    }

    private TestExchange exchange(TestExchange ex) throws Exception {
        handler.handle(ex);
        return ex;
    }

    private static String request(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    private static String initializeBody() {
        return request(1, "initialize", "{\"protocolVersion\":\"2025-11-25\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"t\",\"version\":\"1\"}}");
    }

    private static JsonObject json(TestExchange ex) {
        return Json.createReader(new StringReader(ex.text())).readObject();
    }

    private static int errorCode(TestExchange ex) {
        return json(ex).getJsonObject("error").getInt("code");
    }

    /** Initializes a session at {@code path} and returns its id. */
    private String initialize(String path) throws Exception {
        TestExchange ex = exchange(TestExchange.post(path, initializeBody()));
        assertEquals(200, ex.status);
        return ex.responseHeaders.get("Mcp-Session-Id");
    }

    private TestExchange inSession(String sessionId, TestExchange ex) {
        return ex.header("Mcp-Session-Id", sessionId).header("MCP-Protocol-Version", "2025-11-25");
    }

    private TestExchange call(String sessionId, Object id, String tool, String arguments) throws Exception {
        return exchange(inSession(sessionId, TestExchange.post("/echo",
                request(id, "tools/call", "{\"name\":\"" + tool + "\",\"arguments\":" + arguments + "}"))));
    }

    // ---- sessions

    @Test
    void initializeBeginsASessionAndAnswersAsJson() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/echo", initializeBody()));
        assertEquals(200, ex.status);
        assertEquals("application/json", ex.contentType);
        String id = ex.responseHeaders.get("Mcp-Session-Id");
        assertNotNull(id);
        assertTrue(id.chars().allMatch(c -> c >= 0x21 && c <= 0x7e));
        JsonObject body = json(ex);
        assertEquals(1, body.getInt("id"));
        assertEquals("2025-11-25", body.getJsonObject("result").getString("protocolVersion"));
        assertEquals("2025-11-25", handler.sessions().find(id).orElseThrow().protocolVersion().orElseThrow());
    }

    @Test
    void aRequestInTheSessionIsAnsweredAsJson() throws Exception {
        String session = initialize("/echo");
        TestExchange ex = call(session, 2, "echo", "{\"text\":\"hi\"}");
        assertEquals(200, ex.status);
        assertEquals("application/json", ex.contentType);
        assertEquals("hi", json(ex).getJsonObject("result").getJsonArray("content").getJsonObject(0).getString("text"));
        assertFalse(ex.keptOpen, "answered at once: no async");
        assertEquals(session, ((McpSession) agents.contexts.get(1).session()).sessionId());
    }

    @Test
    void notificationsAndResponsesGet202WithoutABody() throws Exception {
        String session = initialize("/echo");
        TestExchange n = exchange(inSession(session, TestExchange.post("/echo",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}")));
        assertEquals(202, n.status);
        assertEquals("", n.text());
        assertEquals("notifications/initialized", agents.notifications.get(0).method());
        TestExchange r = exchange(inSession(session, TestExchange.post("/echo",
                "{\"jsonrpc\":\"2.0\",\"id\":\"s1\",\"result\":{}}")));
        assertEquals(202, r.status);
        assertEquals("", r.text());
    }

    @Test
    void aRequestWithoutSessionIdIs400() throws Exception {
        initialize("/echo");
        TestExchange ex = exchange(TestExchange.post("/echo", request(2, "ping", "{}")));
        assertEquals(400, ex.status);
        assertEquals(JsonRpc.INVALID_REQUEST, errorCode(ex));
    }

    @Test
    void anUnknownSessionIs404() throws Exception {
        TestExchange ex = exchange(inSession("no-such-session", TestExchange.post("/echo", request(2, "ping", "{}"))));
        assertEquals(404, ex.status);
    }

    @Test
    void deleteEndsTheSessionThenItIs404() throws Exception {
        String session = initialize("/echo");
        TestExchange delete = exchange(inSession(session, new TestExchange("DELETE", "/echo")));
        assertEquals(204, delete.status);
        assertEquals(404, exchange(inSession(session, TestExchange.post("/echo", request(2, "ping", "{}")))).status);
        assertEquals(404, exchange(inSession(session, new TestExchange("DELETE", "/echo"))).status);
        assertEquals(400, exchange(new TestExchange("DELETE", "/echo")).status);
    }

    @Test
    void anIdleSessionExpiresTo404() throws Exception {
        handler = handler(McpHttpSettings.defaults().withSessions(Duration.ofMinutes(1), 10));
        String session = initialize("/echo");
        clock.advance(Duration.ofSeconds(61));
        assertEquals(404, exchange(inSession(session, TestExchange.post("/echo", request(2, "ping", "{}")))).status);
    }

    @Test
    void aSessionIsBoundToItsPath() throws Exception {
        String session = initialize("/echo");
        TestExchange ex = exchange(inSession(session, TestExchange.post("/" + SELF + "/echo", request(2, "ping", "{}"))));
        assertEquals(404, ex.status);
    }

    @Test
    void aFullTableAnswers503() throws Exception {
        handler = handler(McpHttpSettings.defaults().withSessions(Duration.ofMinutes(1), 1));
        initialize("/echo");
        TestExchange ex = exchange(TestExchange.post("/echo", initializeBody()));
        assertEquals(503, ex.status);
        assertEquals(JsonRpc.OVERLOADED, errorCode(ex));
        assertNull(ex.responseHeaders.get("Mcp-Session-Id"));
    }

    // ---- protocol version, Accept, Content-Type, size, JSON

    @Test
    void anUnsupportedProtocolVersionIs400ButNotOnInitialize() throws Exception {
        String session = initialize("/echo");
        TestExchange ex = exchange(TestExchange.post("/echo", request(2, "ping", "{}"))
                .header("Mcp-Session-Id", session).header("MCP-Protocol-Version", "1999-01-01"));
        assertEquals(400, ex.status);
        assertEquals(-32022, errorCode(ex), "UnsupportedProtocolVersionError (MCP 2026-07-28 basic/versioning)");
        assertEquals("1999-01-01", json(ex).getJsonObject("error").getJsonObject("data").getString("requested"));
        assertEquals(2, json(ex).getInt("id"));
        TestExchange init = exchange(TestExchange.post("/echo", initializeBody())
                .header("MCP-Protocol-Version", "1999-01-01"));
        assertEquals(200, init.status);
    }

    @Test
    void anAbsentProtocolVersionIsAccepted() throws Exception {
        String session = initialize("/echo");
        TestExchange ex = exchange(TestExchange.post("/echo", request(2, "ping", "{}")).header("Mcp-Session-Id", session));
        assertEquals(200, ex.status);
    }

    @Test
    void postMustAcceptJsonAndEventStream() throws Exception {
        TestExchange ex = exchange(new TestExchange("POST", "/echo").header("Accept", "application/json")
                .header("Content-Type", "application/json").body(initializeBody()));
        assertEquals(406, ex.status);
        TestExchange none = exchange(new TestExchange("POST", "/echo").body(initializeBody()));
        assertEquals(406, none.status);
    }

    @Test
    void aBodyThatIsNotJsonByContentTypeIs415() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/echo", initializeBody()).header("Content-Type", "text/plain"));
        assertEquals(415, ex.status);
    }

    @Test
    void anOversizeBodyIs413() throws Exception {
        handler = handler(McpHttpSettings.defaults().withMaxBodyBytes(1024));
        String big = request(1, "initialize", "{\"pad\":\"" + "x".repeat(1100) + "\"}");
        TestExchange ex = exchange(TestExchange.post("/echo", big));
        assertEquals(413, ex.status);
        assertEquals(0, handler.sessions().size());
    }

    @Test
    void aBatchIsAnswered400WithInvalidRequest() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/echo", "[" + initializeBody() + "]"));
        assertEquals(400, ex.status);
        assertEquals(JsonRpc.INVALID_REQUEST, errorCode(ex));
        assertTrue(json(ex).isNull("id"));
    }

    @Test
    void invalidJsonIsAParseError() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/echo", "{\"jsonrpc\":"));
        assertEquals(400, ex.status);
        assertEquals(JsonRpc.PARSE_ERROR, errorCode(ex));
    }

    // ---- paths and agents

    @Test
    void anUnknownAgentIs404WithMinus32061() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/nobody", initializeBody()));
        assertEquals(404, ex.status);
        assertEquals(JsonRpc.AGENT_NOT_FOUND, errorCode(ex));
        assertEquals("nobody", json(ex).getJsonObject("error").getJsonObject("data").getString("agent"));
        assertEquals(404, exchange(TestExchange.post("/a/b/c", initializeBody())).status);
        assertEquals(404, exchange(TestExchange.post(null, initializeBody())).status);
    }

    @Test
    void thisNodesIdInThePathServesLocally() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/" + SELF + "/echo", initializeBody()));
        assertEquals(200, ex.status);
        assertEquals("echo", json(ex).getJsonObject("result").getJsonObject("serverInfo").getString("name"));
    }

    @Test
    void localCallsGoThroughTheRouterWhichCountsThem() throws Exception {
        String session = initialize("/echo");
        call(session, 2, "echo", "{\"text\":\"hi\"}");
        initialize("/" + SELF + "/echo");
        assertEquals(List.of("local:echo/initialize", "local:echo/tools/call", SELF + ":echo/initialize"), answered);
        assertEquals(List.of("echo initialize", "echo tools/call", "echo initialize"), served);
    }

    @Test
    void anotherNodeIsUnreachableWithMinus32060AndNoSession() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/" + OTHER + "/calculator", initializeBody()));
        assertEquals(200, ex.status);
        JsonObject error = json(ex).getJsonObject("error");
        assertEquals(JsonRpc.NODE_UNREACHABLE, error.getInt("code"));
        assertEquals(OTHER, error.getJsonObject("data").getString("node"));
        assertTrue(error.getString("message").contains("unreachable"));
        assertNull(ex.responseHeaders.get("Mcp-Session-Id"));
        assertEquals(0, handler.sessions().size());
    }

    // ---- errors from the agent

    @Test
    void errorsOfTheAgentPassThroughAndThrowsBecomeInternalErrors() throws Exception {
        String session = initialize("/echo");
        assertEquals(JsonRpc.INVALID_PARAMS, errorCode(call(session, 2, "nope", "{}")));
        assertEquals(JsonRpc.INTERNAL_ERROR, errorCode(call(session, 3, "fail", "{}")));
        TestExchange unknown = exchange(inSession(session, TestExchange.post("/echo", request(4, "bogus/method", "{}"))));
        assertEquals(JsonRpc.METHOD_NOT_FOUND, errorCode(unknown));
        TestExchange arrayParams = exchange(inSession(session, TestExchange.post("/echo", request(5, "ping", "[1]"))));
        assertEquals(JsonRpc.INVALID_PARAMS, errorCode(arrayParams));
    }

    // ---- SSE: progress, cancellation, GET

    @Test
    void progressSwitchesTheReplyToSseWithTheResponseLast() throws Exception {
        String session = initialize("/echo");
        TestExchange ex = call(session, 7, "progress", "{}");
        assertTrue(ex.keptOpen);
        assertEquals(200, ex.status);
        assertEquals("text/event-stream", ex.contentType);
        assertFalse(ex.isEnded());
        agents.release("done");
        assertTrue(ex.awaitEnd());
        List<String> events = List.of(ex.text().split("\n\n"));
        assertEquals(3, events.size());
        assertTrue(events.get(0).startsWith("id: 1-1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/progress\""));
        assertTrue(events.get(1).startsWith("id: 1-2\n"));
        assertTrue(events.get(1).contains("\"progress\":2"));
        assertTrue(events.get(2).startsWith("id: 1-3\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":"));
        assertTrue(events.get(2).contains("done"));
    }

    @Test
    void notificationsCancelledCancelsTheRunningRequest() throws Exception {
        String session = initialize("/echo");
        TestExchange running = call(session, "\"w1\"", "wait", "{}");
        assertTrue(running.keptOpen);
        assertFalse(running.isEnded());
        TestExchange cancel = exchange(inSession(session, TestExchange.post("/echo",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":\"w1\",\"reason\":\"user\"}}")));
        assertEquals(202, cancel.status);
        assertTrue(running.awaitEnd());
        assertEquals(JsonRpc.REQUEST_CANCELLED, errorCode(running));
        TestAgents.Received received = agents.notifications.get(0);
        assertEquals("notifications/cancelled", received.method());
        assertTrue(received.context().isCancelled());
        assertEquals(Json.createValue("w1"), received.context().requestId());
    }

    @Test
    void aCancellationInAnotherSessionDoesNothing() throws Exception {
        String session = initialize("/echo");
        String other = initialize("/echo");
        TestExchange running = call(session, 9, "wait", "{}");
        exchange(inSession(other, TestExchange.post("/echo",
                "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9}}")));
        assertFalse(running.isEnded());
        assertTrue(agents.notifications.isEmpty());
        agents.release("finished");
        assertTrue(running.awaitEnd());
        assertTrue(running.text().contains("finished"));
    }

    @Test
    void aClientGoingAwayDoesNotCancel() throws Exception {
        String session = initialize("/echo");
        TestExchange running = call(session, 10, "wait", "{}");
        running.onGone.run();
        assertFalse(agents.contexts.get(1).isCancelled());
    }

    @Test
    void getOpensTheSessionStreamForLaterNotifications() throws Exception {
        String session = initialize("/echo");
        TestExchange get = exchange(inSession(session, new TestExchange("GET", "/echo").header("Accept", "text/event-stream")));
        assertEquals(200, get.status);
        assertEquals("text/event-stream", get.contentType);
        assertTrue(get.keptOpen);
        agents.contexts.get(0).session().sendNotification("notifications/tools/list_changed", Json.createObjectBuilder().build());
        assertEquals("id: 1-1\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":\"notifications/tools/list_changed\",\"params\":{}}\n\n",
                get.text());
        handler.keepAlive();
        assertTrue(get.text().endsWith(":\n\n"));
        exchange(inSession(session, new TestExchange("DELETE", "/echo")));
        assertTrue(get.isEnded(), "ending the session ends its stream");
    }

    private TestExchange getStream(String session, String lastEventId) throws Exception {
        TestExchange get = inSession(session, new TestExchange("GET", "/echo").header("Accept", "text/event-stream"));
        return exchange(lastEventId == null ? get : get.header("Last-Event-ID", lastEventId));
    }

    private void listChanged(int n) {
        agents.contexts.get(0).session().sendNotification("notifications/tools/list_changed",
                Json.createObjectBuilder().add("n", n).build());
    }

    /** MCP 2025-11-25 basic/transports, "Multiple Connections": several GET streams, each message on one. */
    @Test
    void severalGetStreamsEachMessageOnOne() throws Exception {
        String session = initialize("/echo");
        TestExchange first = getStream(session, null);
        TestExchange second = getStream(session, null);
        assertEquals(200, second.status);
        for (int n = 1; n <= 4; n++) {
            listChanged(n);
        }
        for (int n = 1; n <= 4; n++) {
            String marker = "\"n\":" + n + "}";
            assertTrue(first.text().contains(marker) ^ second.text().contains(marker), "on exactly one stream: " + n);
        }
        assertTrue(first.text().startsWith("id: 1-1\n"));
        assertTrue(second.text().startsWith("id: 2-1\n"));
    }

    /** "Resumability and Redelivery", 2: a GET with Last-Event-ID replays what followed, on that stream only. */
    @Test
    void aGetWithLastEventIdResumesItsStream() throws Exception {
        String session = initialize("/echo");
        TestExchange first = getStream(session, null);
        listChanged(1);
        listChanged(2);
        first.onGone.run();
        listChanged(3);
        assertFalse(first.text().contains("\"n\":3"), "no stream was open: queued");
        TestExchange resumed = getStream(session, "1-1");
        assertTrue(resumed.text().startsWith("id: 1-2\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
                + "\"notifications/tools/list_changed\",\"params\":{\"n\":2}}\n\nid: 1-3\n"), resumed.text());
        assertFalse(resumed.text().contains("\"n\":1}"), "not replayed: the client had it");
        listChanged(4);
        assertTrue(resumed.text().endsWith("id: 1-4\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"method\":"
                + "\"notifications/tools/list_changed\",\"params\":{\"n\":4}}\n\n"), resumed.text());
    }

    /** The stream of a POST reply is resumed by a GET too, the response included; then it ends. */
    @Test
    void aPostReplyStreamResumesWithItsResponse() throws Exception {
        String session = initialize("/echo");
        TestExchange running = call(session, 7, "progress", "{}");
        assertTrue(running.text().startsWith("id: 1-1\n"));
        running.onGone.run();
        agents.release("done");
        TestExchange resumed = getStream(session, "1-1");
        assertTrue(resumed.awaitEnd(), "a finished stream ends after the replay");
        List<String> events = List.of(resumed.text().split("\n\n"));
        assertEquals(2, events.size(), resumed.text());
        assertTrue(events.get(0).startsWith("id: 1-2\n"));
        assertTrue(events.get(1).startsWith("id: 1-3\nevent: message\ndata: {\"jsonrpc\":\"2.0\",\"id\":7,\"result\":"));
        listChanged(1);
        assertFalse(resumed.text().contains("list_changed"));
    }

    /**
     * An id no stream of this session sent (unknown, malformed, another session's) replays nothing: the GET
     * opens a new stream ("MUST NOT replay messages that would have been delivered on a different stream").
     */
    @Test
    void anUnknownOrForeignEventIdOpensANewStream() throws Exception {
        String session = initialize("/echo");
        String other = initialize("/echo");
        TestExchange theirs = getStream(other, null);
        agents.contexts.get(1).session().sendNotification("notifications/tools/list_changed",
                Json.createObjectBuilder().add("secret", 1).build());
        assertTrue(theirs.text().startsWith("id: 1-1\n"));
        for (String id : List.of("1-1", "9-9", "x", "01-1")) {
            TestExchange get = getStream(session, id);
            assertEquals(200, get.status);
            assertEquals("", get.text(), id);
        }
    }

    @Test
    void getNeedsEventStreamInAcceptAndASession() throws Exception {
        String session = initialize("/echo");
        assertEquals(406, exchange(inSession(session, new TestExchange("GET", "/echo").header("Accept", "application/json"))).status);
        assertEquals(400, exchange(new TestExchange("GET", "/echo").header("Accept", "text/event-stream")).status);
    }

    // ---- Origin, access, methods

    @Test
    void aForeignOriginIs403BeforeAnythingElse() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/echo", initializeBody()).header("Origin", "http://evil.example"));
        assertEquals(403, ex.status);
        assertEquals(0, handler.sessions().size());
        assertEquals(403, exchange(new TestExchange("DELETE", "/nobody").header("Origin", "http://evil.example")).status);
    }

    @Test
    void anAllowedOriginGetsCorsHeadersAndPreflight() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/echo", initializeBody()).header("Origin", "http://localhost:6274"));
        assertEquals(200, ex.status);
        assertEquals("http://localhost:6274", ex.responseHeaders.get("Access-Control-Allow-Origin"));
        assertEquals("Mcp-Session-Id", ex.responseHeaders.get("Access-Control-Expose-Headers"));
        TestExchange preflight = exchange(new TestExchange("OPTIONS", "/echo").header("Origin", "http://localhost:6274"));
        assertEquals(204, preflight.status);
        assertTrue(preflight.responseHeaders.get("Access-Control-Allow-Headers").contains("Mcp-Session-Id"));
    }

    @Test
    void remoteClientsAreRefusedWithoutAToken() throws Exception {
        TestExchange ex = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7"));
        assertEquals(403, ex.status);
        assertEquals(JsonRpc.FORBIDDEN, errorCode(ex));
    }

    @Test
    void remoteClientsWithTheTokenAreAdmitted() throws Exception {
        handler = handler(McpHttpSettings.defaults().withToken(TOKEN));
        TestExchange none = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7"));
        assertEquals(401, none.status);
        assertEquals("Bearer realm=\"agentmesh\"", none.responseHeaders.get("WWW-Authenticate"));
        TestExchange wrong = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7")
                .header("Authorization", "Bearer wrong"));
        assertEquals(401, wrong.status);
        assertTrue(wrong.responseHeaders.get("WWW-Authenticate").contains("invalid_token"));
        TestExchange right = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7")
                .header("Authorization", "Bearer " + TOKEN));
        assertEquals(200, right.status);
        TestExchange user = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7").authenticated());
        assertEquals(200, user.status);
    }

    @Test
    void theUserOfAnAccessTokenOrOfTheContainerReachesTheAgent() throws Exception {
        try (TestIssuer issuer = new TestIssuer().start()) {
            OAuthSettings oauth = OAuthSettings.of(URI.create("https://auth.example"), issuer.jwksUrl(),
                    URI.create("https://node.example/mcp"), Set.of("mcp:call"));
            ManualClock jwtClock = new ManualClock(Instant.parse("2026-01-01T00:00:00Z"));
            JwtAccess jwt = new JwtAccess(new JwtVerifier(oauth, new Jwks(oauth, jwtClock), jwtClock), JwtObserver.NONE,
                    new LogLimiter(Duration.ofMinutes(1), jwtClock.nanoTime()));
            handler = new McpHttpHandler(McpHttpSettings.defaults().withOAuth(Optional.of(oauth)), agents,
                    new MeshEntry(router, time, Runnable::run), () -> Optional.of(NodeId.of(SELF)), Optional.of(jwt),
                    new CountingRandom(1), clock);
            java.util.function.Supplier<jakarta.json.JsonObjectBuilder> claims = () -> io.agentmesh.json.Json.createObjectBuilder()
                    .add("iss", "https://auth.example").add("sub", "alice")
                    .add("aud", "https://node.example/mcp").add("exp", jwtClock.instant().getEpochSecond() + 60)
                    .add("groups", io.agentmesh.json.Json.createArrayBuilder().add("ops"));
            TestExchange none = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7"));
            assertEquals(401, none.status);
            assertEquals("Bearer resource_metadata=\"https://node.example/.well-known/oauth-protected-resource/mcp\"",
                    none.responseHeaders.get("WWW-Authenticate"));
            TestExchange noScope = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7")
                    .header("Authorization", "Bearer " + issuer.rs256(claims.get().build())));
            assertEquals(403, noScope.status);
            assertTrue(noScope.responseHeaders.get("WWW-Authenticate").startsWith("Bearer error=\"insufficient_scope\", scope=\"mcp:call\""));
            TestExchange ok = exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7")
                    .header("Authorization", "Bearer " + issuer.es256(claims.get().add("scope", "mcp:call").build())));
            assertEquals(200, ok.status);
            assertEquals(Optional.of(new Caller.User("alice", Set.of("ops"))), agents.contexts.get(agents.contexts.size() - 1).caller().user());
            String session = ok.responseHeaders.get(McpHttpHandler.SESSION_ID);
            TestExchange alice = exchange(inSession(session, TestExchange.post("/echo", request(2, "ping", "{}")))
                    .from("192.0.2.7").header("Authorization", "Bearer " + issuer.es256(claims.get().add("scope", "mcp:call").build())));
            assertEquals(200, alice.status);
            TestExchange bob = exchange(inSession(session, TestExchange.post("/echo", request(3, "ping", "{}"))).from("192.0.2.7")
                    .header("Authorization", "Bearer " + issuer.es256(claims.get().add("sub", "bob").add("scope", "mcp:call").build())));
            assertEquals(404, bob.status, "a session is bound to the user who began it");
            Caller.User admin = new Caller.User("admin", Set.of("mesh-admin"));
            exchange(TestExchange.post("/echo", initializeBody()).from("192.0.2.7").authenticated(admin));
            assertEquals(Optional.of(admin), agents.contexts.get(agents.contexts.size() - 1).caller().user());
        }
    }

    @Test
    void otherMethodsAre405WithAllow() throws Exception {
        TestExchange ex = exchange(new TestExchange("PUT", "/echo"));
        assertEquals(405, ex.status);
        assertEquals("GET, POST, DELETE, OPTIONS", ex.responseHeaders.get("Allow"));
    }

    @Test
    void closeEndsSessionsAndStreams() throws Exception {
        String session = initialize("/echo");
        TestExchange get = exchange(inSession(session, new TestExchange("GET", "/echo").header("Accept", "text/event-stream")));
        handler.close();
        assertTrue(get.isEnded());
        assertEquals(0, handler.sessions().size());
    }
}
