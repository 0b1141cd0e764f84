package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.assertError;
import static io.agentmesh.routing.RouterHarness.done;
import static io.agentmesh.routing.RouterHarness.obj;
import static io.agentmesh.routing.RouterHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.noise.CipherSuites;
import io.agentmesh.noise.DhKeyPair;
import io.agentmesh.session.PeerPolicy;
import io.agentmesh.session.SessionException;
import io.agentmesh.session.SessionLocal;
import io.agentmesh.session.SessionSettings;
import io.agentmesh.session.SessionSetup;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.RecordingSession;
import io.agentmesh.transport.IdentityPayload;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * End-to-end sessions across a line of routers over in-memory links (docs/protocol.md, "End-to-end
 * sessions"): requests beyond a neighbour travel sealed, the destination knows the true origin and the end
 * user its node vouches for, relays read nothing and cannot tamper, replay or forge, and a pair of nodes
 * shakes hands once.
 */
class SealedSessionsTest {

    private static final String SECRET = "secret-argument-4711";

    private final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));
    private final SecureRandom random = new SecureRandom();
    private final Map<Integer, Node> nodes = new HashMap<>();
    private final Map<String, FakeLink> links = new HashMap<>();
    /** The spans of the nodes that trace (none unless a test says so). */
    private final List<RecordingTracing.Opened> spans = new ArrayList<>();
    private boolean tracing;

    private final class Node {
        final NodeIdentity identity;
        final FakeAgents agents = new FakeAgents().add("echo", "Echo", "", "echo");
        final FakeLinkDirectory directory = new FakeLinkDirectory();
        final Router router;
        final List<Runnable> policyChanged = new CopyOnWriteArrayList<>();
        final AtomicInteger handedToWorkers = new AtomicInteger();

        Node(int n, SessionSettings.Mode mode, PeerPolicy policy) {
            byte[] seed = new byte[32];
            seed[0] = (byte) n;
            this.identity = NodeIdentity.fromPrivateKey(seed);
            RouterBuilder builder = Router.builder()
                    .node(new NodeInfo(identity.nodeId(), identity.publicKeyBase64Url(), List.of(), "agentmesh-java/test",
                            Instant.EPOCH))
                    .agents(agents).links(directory).executor(task -> {
                        handedToWorkers.incrementAndGet();
                        task.run();
                    }).scheduler(time).clock(time.clock())
                    .settings(RoutingSettings.defaults().withRoutes(RoutingSettings.Routes.defaults().withDialDirect(false)))
                    .announceRoutes(true).traceIds(() -> "trace-" + n)
                    .tracing(tracing ? new RecordingTracing(n, spans) : HopTracing.OFF);
            if (mode != null) {
                DhKeyPair key = CipherSuites.x25519AesGcmSha256().generateKeyPair(random);
                byte[] payload = IdentityPayload.create(identity, key.publicKey(), List.of(), "agentmesh-java/test").toJson();
                builder.sessions(new SessionSetup(new SessionLocal(key, payload), policy, SessionSettings.defaults(mode),
                        policyChanged::add), random);
            }
            this.router = builder.build();
            router.start();
        }
    }

    private static PeerPolicy groups(String... groups) {
        return peer -> PeerPolicy.Admission.always(Set.of(groups));
    }

    private Node node(int n) {
        return nodes.get(n);
    }

    /** A line 1-2-3 of nodes that take sessions, converged. */
    private void line() {
        line(SessionSettings.Mode.AUTO, SessionSettings.Mode.AUTO, groups("tools"));
    }

    private void line(SessionSettings.Mode mode, SessionSettings.Mode third, PeerPolicy thirdPolicy) {
        nodes.put(1, new Node(1, mode, groups("edge")));
        nodes.put(2, new Node(2, mode, groups()));
        nodes.put(3, new Node(3, third, thirdPolicy));
        link(1, 2);
        link(2, 3);
        time.advance(Duration.ofSeconds(1));
    }

    private void link(int i, int j) {
        FakeLink[] ends = FakeLink.connect(node(i).identity.nodeId(), node(i).router, node(j).identity.nodeId(),
                node(j).router);
        node(i).directory.add(ends[0]);
        node(j).directory.add(ends[1]);
        links.put(i + ">" + j, ends[0]);
        links.put(j + ">" + i, ends[1]);
    }

    private JsonRpc.Response call(int from, int to, JsonObject params, Origin origin) {
        return done(node(from).router.route(
                request("c-1", node(to).identity.nodeId() + ":echo/tools/call", params), origin));
    }

    private JsonRpc.Response call(int from, int to) {
        return call(from, to, toolCall(), Origin.detached("test"));
    }

    private static JsonObject toolCall() {
        return obj("{\"name\":\"echo\",\"arguments\":{\"text\":\"" + SECRET + "\"}}");
    }

    @Test
    void withTracingTheRelayContinuesTheTraceOfASealedRequestAndTheAgentTheRelays() {
        tracing = true;
        line();
        JsonObject params = Json.createObjectBuilder(toolCall()).add("_meta", Json.createObjectBuilder()
                .add("traceparent", TraceContextTest.EXAMPLE)).build();
        assertFalse(call(1, 3, params, Origin.detached("test")).isError());
        RecordingTracing.Opened delivery = spans.stream().filter(s -> s.hop().kind() == HopTracing.Kind.DELIVERY)
                .findFirst().orElseThrow();
        RecordingTracing.Opened relay = spans.stream().filter(s -> s.node() == 2 && s.context().equals(delivery.parent()))
                .findFirst().orElseThrow(() -> new AssertionError("the delivery's parent is node 2's: " + spans));
        assertTrue(relay.hop().address().endsWith(":node/sealed"), relay.hop()::toString);
        RecordingTracing.Opened forward = spans.stream().filter(s -> s.context().equals(relay.parent()))
                .findFirst().orElseThrow();
        assertEquals(1, forward.node());
        assertEquals(HopTracing.Kind.FORWARD, forward.hop().kind());
        assertEquals(HopTracing.Kind.ENTRY, spans.stream().filter(s -> s.context().equals(forward.parent()))
                .findFirst().orElseThrow().hop().kind());
        assertTrue(spans.stream().allMatch(s -> s.context().traceId().equals("0af7651916cd43dd8448eb211c80319c")));
        assertEquals(delivery.context().traceparent(), node(3).agents.onlyRequest().params().getJsonObject("_meta")
                .getString("traceparent"), "the agent continues from its delivery span");
    }

    @Test
    void withoutTracingTheTraceContextOfASealedRequestTravelsOnlyInsideTheBox() {
        line();
        JsonObject params = Json.createObjectBuilder(toolCall()).add("_meta", Json.createObjectBuilder()
                .add("traceparent", TraceContextTest.EXAMPLE)).build();
        assertFalse(call(1, 3, params, Origin.detached("test")).isError());
        assertFalse(relayed().contains("0af7651916cd43dd8448eb211c80319c"), "relays never see it");
        assertEquals(TraceContextTest.EXAMPLE, node(3).agents.onlyRequest().params().getJsonObject("_meta")
                .getString("traceparent"));
    }

    /** Everything the relay, node 2, sent on its links, as text. */
    private String relayed() {
        StringBuilder all = new StringBuilder();
        for (String key : List.of("2>1", "2>3")) {
            for (byte[] bytes : links.get(key).sentBytes()) {
                all.append(new String(bytes, StandardCharsets.UTF_8)).append('\n');
            }
        }
        return all.toString();
    }

    @Test
    void aRequestBeyondANeighbourTravelsSealedAndTheDestinationKnowsItsTrueOrigin() {
        line();
        JsonRpc.Response response = call(1, 3);
        assertFalse(response.isError(), () -> "answered " + response);
        assertEquals(Json.createValue("c-1"), response.id());
        assertTrue(response.result().toString().contains(SECRET), "the agent's answer comes back");
        FakeAgents.Call served = node(3).agents.onlyRequest();
        assertEquals(SECRET, served.params().getJsonObject("arguments").getString("text"));
        assertEquals(Caller.node(node(1).identity.nodeId(), Set.of("tools")), served.context().caller(),
                "the session's peer, with the groups node 3's policy found for it");
        assertEquals(node(1).identity.nodeId().value(), served.context().originNode());
        assertEquals(Optional.of(node(2).identity.nodeId()), served.context().linkPeer(), "the last hop");
        assertFalse(relayed().contains(SECRET), "the relay never sees a tool argument");
        assertFalse(relayed().contains("echo/tools/call"), "nor the method");
        assertTrue(relayed().contains(":node/sealed"), "the relay forwarded a sealed request");
    }

    @Test
    void aPairOfNodesShakesHandsOnceForManyRequests() {
        line();
        for (int i = 0; i < 5; i++) {
            assertFalse(call(1, 3).isError());
        }
        assertEquals(1, node(1).router.sessionHandshakes());
        assertEquals(5, node(3).agents.requests().size());
    }

    @Test
    void aSealedRequestForAnAgentThatNeverBlocksIsServedWhereItArrivesLikeOneInClear() {
        line();
        node(3).agents.nonBlocking("echo");
        assertFalse(call(1, 3).isError());   // the handshake's operations go to workers
        int before = node(3).handedToWorkers.get();
        assertFalse(call(1, 3).isError());
        assertEquals(before, node(3).handedToWorkers.get(), "opened and served on the link's thread");
    }

    @Test
    void aSealedRequestForAnAgentThatMayBlockIsServedOnAWorker() {
        line();
        assertFalse(call(1, 3).isError());
        int before = node(3).handedToWorkers.get();
        assertFalse(call(1, 3).isError());
        assertEquals(before + 1, node(3).handedToWorkers.get(), "opened on the link's thread, served on a worker");
    }

    @Test
    void aNeighbourIsCalledInClearOverTheAuthenticatedLink() {
        line();
        assertFalse(call(1, 2).isError());
        assertEquals(0, node(1).router.sessionHandshakes());
        assertEquals(Caller.node(node(1).identity.nodeId(), Set.of()), node(2).agents.onlyRequest().context().caller());
    }

    @Test
    void theEndUserTravelsInTheSessionAndAClientsOwnClaimIsNeverBelieved() {
        line();
        Caller.User alice = new Caller.User("alice", Set.of("reader"));
        assertFalse(call(1, 3, toolCall(), Origin.detached("test").withUser(alice)).isError());
        assertEquals(Optional.of(alice), node(3).agents.requests().get(0).context().caller().user());
        assertFalse(relayed().contains("alice"), "the user is sealed too");

        JsonObject forged = Json.createObjectBuilder(toolCall()).add("_meta", obj(
                "{\"agentmesh/user\":{\"sub\":\"mallory\",\"roles\":[\"admin\"]}}")).build();
        assertFalse(call(1, 3, forged, Origin.detached("test")).isError());
        FakeAgents.Call second = node(3).agents.requests().get(1);
        assertEquals(Optional.empty(), second.context().caller().user(), "a claim the client wrote vouches for no one");
        assertFalse(second.params().toString().contains("mallory"), "and the agent never sees it");
    }

    @Test
    void aRelayThatTampersWithASealedRequestGetsItRefusedAndTheSessionLivesOn() {
        line();
        assertFalse(call(1, 3).isError());
        links.get("2>3").rewriting(bytes -> flipInBox(bytes));
        JsonRpc.Response tampered = call(1, 3);
        assertError(tampered, SessionException.REJECTED);
        assertEquals(1, node(3).agents.requests().size(), "the tampered request never reached the agent");
        links.get("2>3").rewriting(bytes -> bytes);
    }

    @Test
    void boxesTravelInBinaryOnLinksWhoseEndsTakeItAndAsTextOnTheOthers() {
        line();
        links.get("1>2").withBinaryBoxes();
        JsonRpc.Response response = call(1, 3);
        assertFalse(response.isError(), () -> "answered " + response);
        assertTrue(response.result().toString().contains(SECRET));
        byte[] request = links.get("1>2").sentBytes().stream().filter(b -> b[0] == BinaryBoxes.MARK).findFirst()
                .orElseThrow(() -> new AssertionError("the sealed request left node 1 in binary"));
        assertTrue(new String(request, StandardCharsets.ISO_8859_1).contains(":node/sealed"));
        assertFalse(new String(request, StandardCharsets.ISO_8859_1).contains("\"box\""), "its header holds no box");
        assertTrue(links.get("2>3").sentBytes().stream().map(b -> new String(b, StandardCharsets.UTF_8))
                .anyMatch(t -> t.contains(":node/sealed") && t.contains("\"box\":\"")),
                "node 2 forwards it as text to node 3, whose link does not take binary boxes");
        assertTrue(links.get("3>2").sentBytes().stream().noneMatch(b -> b[0] == BinaryBoxes.MARK));
        assertTrue(links.get("2>1").sentBytes().stream().noneMatch(b -> b[0] == BinaryBoxes.MARK),
                "a box that reached the relay as text goes on as text");
        assertFalse(relayed().contains(SECRET));
    }

    @Test
    void aRelayThatTampersWithOrCutsABinaryBoxGetsItRefused() {
        line();
        links.get("1>2").withBinaryBoxes();
        links.get("2>3").withBinaryBoxes();
        assertFalse(call(1, 3).isError());
        for (String link : List.of("1>2", "2>3", "3>2", "2>1")) {
            assertTrue(links.get(link).sentBytes().stream().anyMatch(b -> b[0] == BinaryBoxes.MARK),
                    () -> "the box travels in binary on " + link);
        }
        AtomicInteger flip = new AtomicInteger(1);
        links.get("2>3").rewriting(bytes -> {
            if (bytes[0] == BinaryBoxes.MARK && flip.getAndSet(0) == 1) {
                bytes[bytes.length - 20] ^= 1;
            }
            return bytes;
        });
        assertError(call(1, 3), SessionException.REJECTED);
        assertEquals(1, node(3).agents.requests().size(), "the tampered request never reached the agent");
        AtomicInteger cut = new AtomicInteger(1);
        links.get("3>2").rewriting(bytes -> bytes[0] == BinaryBoxes.MARK && cut.getAndSet(0) == 1
                ? java.util.Arrays.copyOf(bytes, bytes.length - 1) : bytes);
        assertError(call(1, 3), SessionException.REJECTED);
        assertEquals(2, node(3).agents.requests().size(), "the request was served; its cut response was refused");
        assertFalse(call(1, 3).isError(), "the session lives on");
    }

    @Test
    void aRelayThatTampersWithASealedResponseIsCaughtByTheOrigin() {
        line();
        links.get("3>2").rewriting(SealedSessionsTest::flipInBox);
        assertError(call(1, 3), SessionException.REJECTED);
    }

    @Test
    void aReplayedSealedRequestIsRefusedAndNotServedTwice() {
        line();
        assertFalse(call(1, 3).isError());
        byte[] sealed = links.get("2>3").sentBytes().stream()
                .filter(b -> new String(b, StandardCharsets.UTF_8).contains(":node/sealed")).findFirst().orElseThrow();
        links.get("2>3").send(sealed);
        assertEquals(1, node(3).agents.requests().size(), "served once");
        JsonRpc answer = links.get("3>2").lastSent();
        assertTrue(answer instanceof JsonRpc.Response r && r.isError() && r.error().code() == SessionException.REJECTED,
                () -> "answered " + answer);
    }

    @Test
    void aRequestThatClaimsAnotherOriginIsRefused() {
        line();
        String claimed = node(2).identity.nodeId().value();
        JsonObject params = Json.createObjectBuilder(toolCall()).add("_meta", Json.createObjectBuilder()
                .add(RouteMetadata.KEY, new RouteMetadata(8, claimed, "t").toJson())).build();
        assertError(call(1, 3, params, Origin.detached("test")), JsonRpc.FORBIDDEN);
        assertTrue(node(3).agents.requests().isEmpty());
    }

    @Test
    void aDestinationThatLostTheSessionGetsOneNewHandshake() {
        line();
        assertFalse(call(1, 3).isError());
        node(3).router.dropSessions(node(1).identity.nodeId());
        assertFalse(call(1, 3).isError(), "answered after a new handshake");
        assertEquals(2, node(1).router.sessionHandshakes());
        assertEquals(2, node(3).agents.requests().size());
    }

    @Test
    void progressComesBackSealed() {
        line();
        node(3).agents.answerWith(c -> {
            c.context().sendNotification("notifications/progress",
                    obj("{\"progressToken\":\"tok-1\",\"progress\":50,\"message\":\"half of " + SECRET + "\"}"));
            return CompletableFuture.completedFuture(JsonValue.EMPTY_JSON_OBJECT);
        });
        List<JsonObject> progress = new CopyOnWriteArrayList<>();
        Origin origin = Origin.of("test", new RecordingSession("s"), (method, params) -> progress.add(params));
        JsonObject params = Json.createObjectBuilder(toolCall()).add("_meta", obj("{\"progressToken\":\"tok-1\"}")).build();
        assertFalse(call(1, 3, params, origin).isError());
        assertEquals(1, progress.size());
        assertEquals("tok-1", progress.get(0).getString("progressToken"));
        assertEquals(50, progress.get(0).getInt("progress"));
        assertFalse(relayed().contains("half of"), "progress is sealed too");
    }

    @Test
    void aNodeThatTakesNoSessionsIsCalledInClearInAutoModeOnly() {
        line(SessionSettings.Mode.AUTO, null, null);
        Caller.User alice = new Caller.User("alice", Set.of("reader"));
        assertFalse(call(1, 3, toolCall(), Origin.detached("test").withUser(alice)).isError(), "auto: in clear");
        assertFalse(relayed().contains("alice"), "no user claim for relays to read");
        assertEquals(Caller.UNAUTHENTICATED, node(3).agents.onlyRequest().context().caller(),
                "forwarded in clear: the origin is not proved");

        nodes.clear();
        links.clear();
        line(SessionSettings.Mode.REQUIRED, null, null);
        assertError(call(1, 3), JsonRpc.FORBIDDEN);
        assertTrue(node(3).agents.requests().isEmpty());
    }

    @Test
    void aPeerTheDestinationsPolicyRefusesCannotOpenASession() {
        line(SessionSettings.Mode.AUTO, SessionSettings.Mode.AUTO, peer -> {
            throw new SessionException(SessionException.FORBIDDEN, "forbidden: not a member");
        });
        assertError(call(1, 3), JsonRpc.FORBIDDEN);
        assertTrue(node(3).agents.requests().isEmpty());
    }

    @Test
    void aPeerThePolicyNoLongerAdmitsLosesItsSessionAndCannotOpenANewOne() {
        java.util.concurrent.atomic.AtomicBoolean member = new java.util.concurrent.atomic.AtomicBoolean(true);
        line(SessionSettings.Mode.AUTO, SessionSettings.Mode.AUTO, peer -> {
            if (!member.get()) {
                throw new SessionException(SessionException.FORBIDDEN, "forbidden: membership certificate revoked");
            }
            return new PeerPolicy.Admission(Set.of("edge"), member::get);
        });
        assertFalse(call(1, 3).isError());
        member.set(false);
        node(3).policyChanged.forEach(Runnable::run);     // e.g. a revocation list arrived
        assertError(call(1, 3), JsonRpc.FORBIDDEN);
        assertEquals(2, node(1).router.sessionHandshakes(), "the dropped session's request shook hands anew");
        assertEquals(1, node(3).agents.requests().size());
    }

    /** Flips one character inside the {@code box} of a sealed request or result, keeping it base64url. */
    private static byte[] flipInBox(byte[] bytes) {
        String text = new String(bytes, StandardCharsets.UTF_8);
        int box = text.indexOf("\"box\":\"");
        if (box < 0) {
            return bytes;
        }
        int at = box + 7 + 10;
        char c = text.charAt(at);
        String flipped = text.substring(0, at) + (c == 'A' ? 'B' : 'A') + text.substring(at + 1);
        return flipped.getBytes(StandardCharsets.UTF_8);
    }
}
