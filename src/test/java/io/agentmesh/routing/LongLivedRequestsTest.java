package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.obj;
import static io.agentmesh.routing.RouterHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.session.PeerPolicy;
import io.agentmesh.session.SessionLocal;
import io.agentmesh.session.SessionSettings;
import io.agentmesh.session.SessionSetup;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.transport.IdentityPayload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Request-scoped notifications and long-lived requests across a line 1-2-3 of routers over in-memory links,
 * in clear and sealed (docs/protocol.md, "Request-scoped notifications and long-lived requests"): a listen
 * from node 1 to an agent on node 3 gets its notifications with the client's own id as subscription id, is
 * not cut at the forwarding deadline, and ends by its response, by the client's cancellation (which reaches
 * the agent) or by a link going down; a request's log messages come back to it and to nothing else.
 */
class LongLivedRequestsTest {

    private static final String LISTEN = "subscriptions/listen";
    private static final String SUB = "io.modelcontextprotocol/subscriptionId";

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Node> nodes = new HashMap<>();
    private final Map<String, FakeLink> links = new HashMap<>();
    private final ListeningAgent agent = new ListeningAgent();

    /** An agent that keeps each listen open until told, and logs once per tool call. */
    private static final class ListeningAgent implements AgentDirectory {
        final List<CallContext> listens = new CopyOnWriteArrayList<>();
        final Map<CallContext, CompletableFuture<JsonValue>> open = new HashMap<>();

        @Override public List<String> agentIds() { return List.of("notes"); }
        @Override public boolean hosts(String agentId) { return "notes".equals(agentId); }
        @Override public Optional<String> defaultAgent() { return Optional.of("notes"); }
        @Override public List<JsonObject> describe() { return List.of(); }
        @Override public void notify(String agentId, String method, JsonObject params, CallContext context) { }

        @Override
        public CompletionStage<JsonValue> request(String agentId, String method, JsonObject params, CallContext ctx) {
            if (method.equals(LISTEN)) {
                listens.add(ctx);
                ctx.sendNotification("notifications/subscriptions/acknowledged", tagged(ctx, Json.createObjectBuilder()
                        .add("notifications", params.getJsonObject("notifications")).build()));
                CompletableFuture<JsonValue> result = new CompletableFuture<>();
                open.put(ctx, result);
                return result;
            }
            ctx.sendNotification("notifications/message", obj("{\"level\":\"info\",\"data\":\"working\"}"));
            return CompletableFuture.completedFuture(obj("{\"content\":[]}"));
        }

        void updated(String uri) {
            listens.forEach(ctx -> ctx.sendNotification("notifications/resources/updated",
                    tagged(ctx, Json.createObjectBuilder().add("uri", uri).build())));
        }

        void end() {
            open.forEach((ctx, result) -> result.complete(tagged(ctx, obj("{\"resultType\":\"complete\"}"))));
        }

        static JsonObject tagged(CallContext ctx, JsonObject params) {
            return Json.createObjectBuilder(params).add("_meta", Json.createObjectBuilder().add(SUB, ctx.requestId())).build();
        }
    }

    private final class Node {
        final NodeIdentity identity;
        final FakeLinkDirectory directory = new FakeLinkDirectory();
        final Router router;

        Node(int n, SessionSettings.Mode mode) {
            this(n, mode, Runnable::run);
        }

        Node(int n, SessionSettings.Mode mode, java.util.concurrent.Executor executor) {
            byte[] seed = new byte[32];
            seed[0] = (byte) n;
            this.identity = NodeIdentity.fromPrivateKey(seed);
            RouterBuilder builder = Router.builder()
                    .node(new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), List.of(), "agentmesh-java/test",
                            Instant.EPOCH))
                    .agents(n == 3 ? agent : AgentDirectory.EMPTY).links(directory).executor(executor)
                    .scheduler(time).clock(time.clock())
                    .settings(RoutingSettings.defaults().withRoutes(RoutingSettings.Routes.defaults().withDialDirect(false)))
                    .announceRoutes(true).traceIds(() -> "trace-" + n);
            DhKeyPair key = CipherSuites.x25519AesGcmSha256().generateKeyPair(random);
            byte[] payload = IdentityPayload.create(identity, key.publicKey(), List.of(), "agentmesh-java/test").toJson();
            builder.sessions(new SessionSetup(new SessionLocal(key, payload),
                    peer -> PeerPolicy.Admission.always(Set.of()), SessionSettings.defaults(mode), r -> { }), random);
            this.router = builder.build();
            router.start();
        }
    }

    private void line(SessionSettings.Mode mode) {
        line(mode, Runnable::run);
    }

    private void line(SessionSettings.Mode mode, java.util.concurrent.Executor executorOfNodeOne) {
        for (int n = 1; n <= 3; n++) {
            nodes.put(n, n == 1 ? new Node(n, mode, executorOfNodeOne) : new Node(n, mode));
        }
        link(1, 2);
        link(2, 3);
        time.advance(Duration.ofSeconds(1));
    }

    private void link(int i, int j) {
        FakeLink[] ends = FakeLink.connect(nodes.get(i).identity.nodeId(), nodes.get(i).router,
                nodes.get(j).identity.nodeId(), nodes.get(j).router);
        nodes.get(i).directory.add(ends[0]);
        nodes.get(j).directory.add(ends[1]);
        links.put(i + ">" + j, ends[0]);
        links.put(j + ">" + i, ends[1]);
    }

    private record Notice(String method, JsonObject params) {
    }

    private final List<Notice> received = new CopyOnWriteArrayList<>();
    private final Origin origin = Origin.of("client", new io.agentmesh.testsupport.RecordingSession("client"),
            (method, params) -> received.add(new Notice(method, params)));

    private CompletableFuture<JsonRpc.Response> send(String op, JsonObject params) {
        return nodes.get(1).router.route(request("c-1", nodes.get(3).identity.nodeId() + ":notes/" + op, params), origin)
                .toCompletableFuture();
    }

    private CompletableFuture<JsonRpc.Response> listen() {
        return send(LISTEN, obj("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"},"
                + "\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]}}"));
    }

    /** What the relay, node 2, sent on its links, as text. */
    private String relayed() {
        StringBuilder all = new StringBuilder();
        for (String key : List.of("2>1", "2>3")) {
            links.get(key).sentBytes().forEach(b -> all.append(new String(b, StandardCharsets.UTF_8)).append('\n'));
        }
        return all.toString();
    }

    @ParameterizedTest
    @EnumSource(value = SessionSettings.Mode.class, names = {"OFF", "AUTO"})
    void aListenAcrossTwoHopsGetsItsNotificationsUnderTheClientsIdAndOutlivesTheForwardingDeadline(
            SessionSettings.Mode mode) {
        line(mode);
        CompletableFuture<JsonRpc.Response> answer = listen();
        assertEquals(1, agent.listens.size());
        time.advance(RoutingSettings.DEFAULT_FORWARDING_DEADLINE.multipliedBy(4));
        assertFalse(answer.isDone(), () -> "cut: " + answer.join());
        agent.updated("notes://all");

        assertEquals(List.of("notifications/subscriptions/acknowledged", "notifications/resources/updated"),
                received.stream().map(Notice::method).toList());
        for (Notice n : received) {
            assertEquals(Json.createValue("c-1"), n.params().getJsonObject("_meta").get(SUB), "the client's own id");
            assertFalse(n.params().getJsonObject("_meta").containsKey(RequestScoped.REQUEST), "no mesh mark at the edge");
        }
        assertEquals("notes://all", received.get(1).params().getString("uri"));
        assertEquals(mode == SessionSettings.Mode.AUTO, !relayed().contains("notes://all"),
                "sealed, the relay reads nothing of it");

        agent.end();
        JsonRpc.Response response = answer.join();
        assertEquals(Json.createValue("c-1"), response.id());
        assertEquals(Json.createValue("c-1"), response.result().asJsonObject().getJsonObject("_meta").get(SUB));
        assertEquals("complete", response.result().asJsonObject().getString("resultType"));
    }

    /** The worked example of docs/protocol.md, "Request-scoped notifications and long-lived requests", byte for byte. */
    @org.junit.jupiter.api.Test
    void theWorkedExample() {
        line(SessionSettings.Mode.OFF);
        for (int i = 0; i < 3; i++) {
            send("ping", obj("{}")).join();                      // link-local ids 1-3 on 1→2 and on 2→3
        }
        for (int i = 0; i < 5; i++) {                            // ids 4-8 on 2→3
            nodes.get(2).router.route(request("p" + i, nodes.get(3).identity.nodeId() + ":notes/ping", obj("{}")),
                    Origin.detached("test")).toCompletableFuture().join();
        }
        nodes.get(1).router.route(request("L", nodes.get(3).identity.nodeId() + ":notes/" + LISTEN,
                obj("{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":\"2026-07-28\"},"
                        + "\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]}}")), origin);

        String request12 = new String(last(links.get("1>2")), StandardCharsets.UTF_8);
        assertTrue(request12.startsWith("{\"jsonrpc\":\"2.0\",\"id\":4,\"method\":\"" + nodes.get(3).identity.nodeId()
                + ":notes/subscriptions/listen\",\"params\":{\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"agentmesh/longLived\":true,\"agentmesh/route\":{"), request12);
        assertTrue(new String(last(links.get("2>3")), StandardCharsets.UTF_8).startsWith("{\"jsonrpc\":\"2.0\",\"id\":9,"));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\",\"params\":"
                + "{\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]},\"_meta\":"
                + "{\"io.modelcontextprotocol/subscriptionId\":9,\"agentmesh/request\":9}}}",
                new String(last(links.get("3>2")), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/subscriptions/acknowledged\",\"params\":"
                + "{\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]},\"_meta\":"
                + "{\"io.modelcontextprotocol/subscriptionId\":4,\"agentmesh/request\":4}}}",
                new String(last(links.get("2>1")), StandardCharsets.UTF_8));
        assertEquals(obj("{\"notifications\":{\"resourceSubscriptions\":[\"notes://all\"]},\"_meta\":"
                + "{\"io.modelcontextprotocol/subscriptionId\":\"L\"}}"), received.get(received.size() - 1).params());

        origin.cancellation().cancel(null);
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":4}}",
                new String(last(links.get("1>2")), StandardCharsets.UTF_8));
        assertEquals("{\"jsonrpc\":\"2.0\",\"method\":\"notifications/cancelled\",\"params\":{\"requestId\":9}}", new String(last(links.get("2>3")), StandardCharsets.UTF_8));
    }

    private static byte[] last(FakeLink link) {
        List<byte[]> sent = link.sentBytes();
        return sent.get(sent.size() - 1);
    }

    @ParameterizedTest
    @EnumSource(value = SessionSettings.Mode.class, names = {"OFF", "AUTO"})
    void theClientsCancellationReachesTheAgent(SessionSettings.Mode mode) {
        line(mode);
        listen();
        assertFalse(agent.listens.get(0).isCancelled());
        origin.cancellation().cancel("client gone");
        assertTrue(agent.listens.get(0).isCancelled(), "passed on hop by hop");
    }

    @ParameterizedTest
    @EnumSource(value = SessionSettings.Mode.class, names = {"OFF", "AUTO"})
    void aLinkDownOnTheWayEndsTheListenOnBothSides(SessionSettings.Mode mode) {
        line(mode);
        CompletableFuture<JsonRpc.Response> answer = listen();
        links.get("2>3").close(1001, "gone");
        assertTrue(agent.listens.get(0).isCancelled(), "the agent's side: the served request is cancelled");
        assertEquals(JsonRpc.NODE_UNREACHABLE, answer.join().error().code(), "the client's side: -32060");
    }

    @ParameterizedTest
    @EnumSource(value = SessionSettings.Mode.class, names = {"OFF", "AUTO"})
    void aRequestsNotificationsReachItsClientBeforeItsResponseWhateverTheWorkersDo(SessionSettings.Mode mode) {
        io.agentmesh.testsupport.QueuedExecutor workers = new io.agentmesh.testsupport.QueuedExecutor();
        line(mode, workers);
        workers.runAll();
        List<String> order = new CopyOnWriteArrayList<>();
        Origin watched = Origin.of("client", new io.agentmesh.testsupport.RecordingSession("client"),
                (method, params) -> order.add(method));
        CompletableFuture<JsonRpc.Response> answer = nodes.get(1).router.route(request("c-3", nodes.get(3).identity.nodeId()
                + ":notes/tools/call", obj("{\"name\":\"x\",\"_meta\":{\"io.modelcontextprotocol/logLevel\":\"info\"}}")),
                watched).toCompletableFuture().thenApply(r -> {
                    order.add("response");
                    return r;
                });
        workers.runAll();
        assertFalse(answer.join().isError());
        assertEquals(List.of("notifications/message", "response"), order);
    }

    @ParameterizedTest
    @EnumSource(value = SessionSettings.Mode.class, names = {"OFF", "AUTO"})
    void logMessagesComeBackToTheirRequest(SessionSettings.Mode mode) {
        line(mode);
        listen();
        time.advance(RoutingSettings.DEFAULT_FORWARDING_DEADLINE.multipliedBy(2));
        received.clear();
        JsonRpc.Response response = nodes.get(1).router.route(request("c-2", nodes.get(3).identity.nodeId()
                + ":notes/tools/call", obj("{\"name\":\"x\",\"_meta\":{\"io.modelcontextprotocol/protocolVersion\":"
                + "\"2026-07-28\",\"io.modelcontextprotocol/logLevel\":\"info\"}}")), origin).toCompletableFuture().join();
        assertFalse(response.isError(), () -> "answered " + response);
        assertEquals(List.of("notifications/message"), received.stream().map(Notice::method).toList());
        assertEquals("working", received.get(0).params().getString("data"));
        assertFalse(received.get(0).params().containsKey("_meta"), "the mesh mark is gone at the edge");
    }
}
