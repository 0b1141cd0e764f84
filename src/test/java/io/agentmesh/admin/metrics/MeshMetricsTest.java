package io.agentmesh.admin.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AccessControl;
import io.agentmesh.identity.NodeId;
import io.agentmesh.membership.Refusal;
import io.agentmesh.routing.JsonRpc;
import io.agentmesh.transport.AdmissionRefusal;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.transport.LinkObserver;
import io.agentmesh.transport.LogLimiter;
import io.agentmesh.transport.MemoryBudget;
import jakarta.json.Json;
import jakarta.json.JsonValue;
import java.time.Duration;
import java.util.HexFormat;
import java.util.Set;
import java.util.function.Predicate;
import org.eclipse.microprofile.metrics.Tag;
import org.junit.jupiter.api.Test;

class MeshMetricsTest {

    private static final int CAP = 8;
    private static final JsonValue ID = Json.createValue(1);

    private final RecordingRegistry recorded = new RecordingRegistry();
    private final MemoryBudget memory = new MemoryBudget(1000, LinkObserver.NONE,
            new LogLimiter(Duration.ofMinutes(1), () -> 0L));

    private MeshMetrics metrics(int max, Predicate<NodeId> configured) {
        MeshMetrics metrics = new MeshMetrics();
        metrics.registry = recorded.registry;
        metrics.peerPolicy = new PeerSeriesPolicy(max, configured);
        metrics.memory = memory;
        metrics.register();
        return metrics;
    }

    private static NodeId node(int n) {
        return NodeId.of(HexFormat.of().formatHex(new byte[16]) + String.format("%08x", n));
    }

    private static JsonRpc.Response ok() {
        return JsonRpc.Response.result(ID, JsonValue.EMPTY_JSON_OBJECT);
    }

    private static JsonRpc.Response error(int code) {
        return JsonRpc.Response.error(ID, code, "failed");
    }

    @Test
    void refusedAccessTokensAreCountedByReasonEachSeriesThereFromTheStart() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        for (io.agentmesh.web.JwtFailure f : io.agentmesh.web.JwtFailure.values()) {
            assertEquals(0L, recorded.value(MeshMetrics.Names.OAUTH_REFUSED, new Tag("reason", f.label())), f.label());
        }
        metrics.refused(io.agentmesh.web.JwtFailure.WRONG_AUDIENCE);
        metrics.refused(io.agentmesh.web.JwtFailure.WRONG_AUDIENCE);
        assertEquals(2L, recorded.value(MeshMetrics.Names.OAUTH_REFUSED, new Tag("reason", "wrong_audience")));
        assertEquals(0L, recorded.value(MeshMetrics.Names.OAUTH_REFUSED, new Tag("reason", "expired")));
    }

    @Test
    void refusalsAreCountedByReasonEachSeriesThereFromTheStart() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        for (AdmissionRefusal reason : AdmissionRefusal.values()) {
            assertEquals(0L, recorded.value(MeshMetrics.Names.LINKS_REFUSED, new Tag("reason", reason.label())), reason.label());
        }
        metrics.linkRefused(AdmissionRefusal.PENDING_PER_ADDRESS);
        metrics.linkRefused(AdmissionRefusal.PENDING_PER_ADDRESS);
        metrics.linkRefused(AdmissionRefusal.LINKS_PER_PEER);
        assertEquals(2L, recorded.value(MeshMetrics.Names.LINKS_REFUSED, new Tag("reason", "pending_per_address")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.LINKS_REFUSED, new Tag("reason", "links_per_peer")));
        assertEquals(AdmissionRefusal.values().length + Refusal.values().length,
                recorded.count(MeshMetrics.Names.LINKS_REFUSED));
    }

    @Test
    void certificateRefusalsAreCountedByReasonEachSeriesThereFromTheStart() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        for (Refusal reason : Refusal.values()) {
            assertEquals(0L, recorded.value(MeshMetrics.Names.LINKS_REFUSED, new Tag("reason", reason.label())), reason.label());
        }
        metrics.certificateRefused(Refusal.REVOKED);
        metrics.certificateRefused(Refusal.MISSING);
        metrics.certificateRefused(Refusal.MISSING);
        assertEquals(1L, recorded.value(MeshMetrics.Names.LINKS_REFUSED, new Tag("reason", "cert_revoked")));
        assertEquals(2L, recorded.value(MeshMetrics.Names.LINKS_REFUSED, new Tag("reason", "cert_missing")));
    }

    @Test
    void modernRequestsRefusedAtMcpAreCountedByCodeFromABoundedSet() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        metrics.rejected(-32020);
        metrics.rejected(-32020);
        metrics.rejected(-32022);
        metrics.rejected(-31999);
        assertEquals(2L, recorded.value(MeshMetrics.Names.MCP_REJECTED, new Tag("code", "-32020")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.MCP_REJECTED, new Tag("code", "-32022")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.MCP_REJECTED, new Tag("code", "other")));
        assertEquals(3, recorded.count(MeshMetrics.Names.MCP_REJECTED));
    }

    @Test
    void accessRefusalsAreCountedByAgentAndReason() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        metrics.refused("weather", AccessControl.Reason.RULE);
        metrics.refused("weather", AccessControl.Reason.RULE);
        metrics.refused("weather", AccessControl.Reason.UNAUTHENTICATED);
        metrics.refused("notes", AccessControl.Reason.ROLES);
        assertEquals(2L, recorded.value(MeshMetrics.Names.ACCESS_REFUSED, new Tag("agent", "weather"), new Tag("reason", "rule")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.ACCESS_REFUSED, new Tag("agent", "weather"),
                new Tag("reason", "unauthenticated")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.ACCESS_REFUSED, new Tag("agent", "notes"), new Tag("reason", "roles")));
        assertEquals(3, recorded.count(MeshMetrics.Names.ACCESS_REFUSED));
    }

    @Test
    void refusedInputRetriesAreCountedByAgentAndReason() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        metrics.retryRefused("notes", io.agentmesh.agents.InputObserver.Reason.STATE);
        metrics.retryRefused("notes", io.agentmesh.agents.InputObserver.Reason.STATE);
        metrics.retryRefused("notes", io.agentmesh.agents.InputObserver.Reason.ANSWER);
        assertEquals(2L, recorded.value(MeshMetrics.Names.INPUT_REFUSED, new Tag("agent", "notes"), new Tag("reason", "state")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.INPUT_REFUSED, new Tag("agent", "notes"), new Tag("reason", "answer")));
    }

    @Test
    void twoHundredIdentitiesLinkingAndFailingStayUnderTheCap() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        int before = recorded.series().size();
        for (int i = 0; i < 200; i++) {
            FakeLink link = FakeLink.to(node(i), "in-" + i);
            metrics.linkUp(link);
            metrics.sent(link, "x:y/tools/call", false, Duration.ofMillis(5), error(-40000 - i));
            metrics.answered("x:y/tools/call", "link", Duration.ofMillis(5), error(-50000 - i));
            metrics.linkClosed(link, true, 4100 + i);                      // a close code the peer chose
            metrics.linkClosed(FakeLink.to(node(1000 + i), "h-" + i), false, 3000 + i); // failed handshake
            assertTrue(recorded.count(MeshMetrics.Names.LINK_REQUEST_DURATION) <= CAP + 1);
        }
        // once they are gone: only the shared series, each with a fixed set of labels
        assertEquals(0, recorded.count(MeshMetrics.Names.LINK_REQUEST_DURATION));
        assertEquals(Set.of("agentmesh.links.handshakes{code=none, outcome=ok}",
                        "agentmesh.links.handshakes{code=other, outcome=failed}",
                        "agentmesh.links.closed{code=other}",
                        "agentmesh.requests{code=other, outcome=error}"),
                Set.copyOf(recorded.series().keySet().stream()
                        .filter(s -> !s.startsWith(MeshMetrics.Names.LINKS_OPEN) && !s.startsWith("agentmesh.links.memory.")
                                && !s.startsWith(MeshMetrics.Names.LINKS_REFUSED) && !s.startsWith(MeshMetrics.Names.OAUTH_REFUSED))
                        .toList()));
        assertTrue(recorded.series().size() - before <= 4, recorded.series().toString());
        assertEquals(200L, recorded.value(MeshMetrics.Names.LINKS_CLOSED, new Tag("code", "other")));
    }

    @Test
    void twoHundredIdentitiesLinkedAtOnceHaveAtMostTheCapOfPeerSeries() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        for (int i = 0; i < 200; i++) {
            FakeLink link = FakeLink.to(node(i), "in-" + i);
            metrics.linkUp(link);
            metrics.sent(link, "x:y/tools/call", false, Duration.ofMillis(5), ok());
        }
        assertEquals(CAP + 1, recorded.count(MeshMetrics.Names.LINK_REQUEST_DURATION));  // CAP peers and "other"
        assertEquals(200L - CAP, recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, new Tag("peer", "other")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, new Tag("peer", node(0).value())));
    }

    @Test
    void aPeerSeriesIsRemovedWithTheLastLinkAndALateAnswerCountsAsOther() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        FakeLink first = FakeLink.to(node(1), "out-1");
        FakeLink second = FakeLink.to(node(1), "in-1");
        metrics.linkUp(first);
        metrics.linkUp(second);
        metrics.linkClosed(first, true, 4005);
        metrics.sent(second, "m", false, Duration.ofMillis(1), ok());
        Tag peer = new Tag("peer", node(1).value());
        assertEquals(1L, recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, peer));

        metrics.linkClosed(second, true, 1006);
        metrics.sent(second, "m", false, Duration.ofMillis(1), error(JsonRpc.NODE_UNREACHABLE));
        assertNull(recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, peer));
        assertEquals(1L, recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, new Tag("peer", "other")));
    }

    @Test
    void aConfiguredPeerTakesTheSeriesOfAnotherWhenAllAreInUseAndKeepsItWhileUnlinked() {
        NodeId bootstrap = node(500);
        MeshMetrics metrics = metrics(2, bootstrap::equals);
        metrics.linkUp(FakeLink.to(node(1), "in-1"));
        metrics.linkUp(FakeLink.to(node(2), "in-2"));
        FakeLink configured = FakeLink.to(bootstrap, "out-500");
        metrics.linkUp(configured);
        metrics.sent(configured, "m", false, Duration.ofMillis(1), ok());
        metrics.linkClosed(configured, true, 1001);

        assertEquals(2, recorded.count(MeshMetrics.Names.LINK_REQUEST_DURATION));
        assertEquals(1L, recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, new Tag("peer", bootstrap.value())));
        assertNull(recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, new Tag("peer", node(1).value())));
        assertNotNull(recorded.value(MeshMetrics.Names.LINK_REQUEST_DURATION, new Tag("peer", node(2).value())));
    }

    @Test
    void knownCodesKeepTheirLabels() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        metrics.answered("m", "link", Duration.ZERO, error(JsonRpc.OVERLOADED));
        metrics.answered("m", "link", Duration.ZERO, error(JsonRpc.METHOD_NOT_FOUND));
        metrics.answered("m", "link", Duration.ZERO, ok());
        metrics.linkClosed(FakeLink.to(node(1), "in-1"), false, 4003);
        metrics.linkClosed(FakeLink.to(node(2), "in-2"), false, 1006);

        assertEquals(1L, recorded.value(MeshMetrics.Names.REQUESTS, new Tag("outcome", "error"), new Tag("code", "-32065")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.REQUESTS, new Tag("outcome", "error"), new Tag("code", "-32601")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.REQUESTS, new Tag("outcome", "ok"), new Tag("code", "none")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.HANDSHAKES, new Tag("outcome", "failed"), new Tag("code", "4003")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.HANDSHAKES, new Tag("outcome", "failed"), new Tag("code", "1006")));
    }

    @Test
    void theMemoryBudgetShowsWhatItHoldsItsLimitAndTheLinksItRefused() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        MemoryBudget.Share share = memory.sending();
        share.reserve(600);
        assertEquals(600L, recorded.gauge(MeshMetrics.Names.MEMORY_HELD));
        assertEquals(1000L, recorded.gauge(MeshMetrics.Names.MEMORY_LIMIT));
        metrics.memoryRefused();
        metrics.memoryRefused();
        assertEquals(2L, recorded.value(MeshMetrics.Names.MEMORY_REFUSED));
        share.close();
        assertEquals(0L, recorded.gauge(MeshMetrics.Names.MEMORY_HELD));
    }

    @Test
    void linksClosedForSilenceAreCounted() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        metrics.linkSilent();
        metrics.linkSilent();
        assertEquals(2L, recorded.value(MeshMetrics.Names.LINKS_SILENT));
    }

    @Test
    void refusedDialsAreCountedByReasonOnly() {
        MeshMetrics metrics = metrics(CAP, peer -> false);
        for (int i = 0; i < 300; i++) {
            metrics.dialRefused(io.agentmesh.transport.DialRefusal.RATE);
        }
        metrics.dialRefused(io.agentmesh.transport.DialRefusal.PRIVATE_TARGET);
        assertEquals(300L, recorded.value(MeshMetrics.Names.DIALS_REFUSED, new Tag("reason", "rate")));
        assertEquals(1L, recorded.value(MeshMetrics.Names.DIALS_REFUSED, new Tag("reason", "private_target")));
        assertEquals(2, recorded.count(MeshMetrics.Names.DIALS_REFUSED));
    }
}
