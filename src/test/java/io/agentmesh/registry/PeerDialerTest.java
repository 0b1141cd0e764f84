package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.transport.DialRefusal;
import io.agentmesh.transport.DialRefusedException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** Dialing of due peers from the peer book (docs/registry.md §4.2). */
class PeerDialerTest {

    private final ManualClock clock = new ManualClock(T0);
    private final RegistrySettings settings = RegistrySettings.defaults();
    private final PeerBook book = new PeerBook(Fixtures.identity(1).nodeId(), settings, clock);
    private final Map<NodeId, CompletableFuture<List<String>>> dials = new LinkedHashMap<>();
    private final List<String> urls = new ArrayList<>();
    private final Set<NodeId> linked = new HashSet<>();

    private PeerDialer dialer(boolean autoDial, int maxLinks) {
        return new PeerDialer(book, (url, peer) -> {
            urls.add(url);
            CompletableFuture<List<String>> f = new CompletableFuture<>();
            dials.put(peer, f);
            return f;
        }, linked::contains, linked::size, autoDial, maxLinks);
    }

    private NodeId learn(int n) {
        NodeId id = Fixtures.identity(n).nodeId();
        book.learn(id, null, List.of("ws://127.0.0.1:" + (9000 + n) + "/mesh"), T0);
        return id;
    }

    @Test
    void duePeersWithoutALinkAreDialedOnceAtTheirFirstAddr() {
        NodeId a = learn(2);
        NodeId b = learn(3);
        linked.add(b);
        PeerDialer d = dialer(true, 16);
        assertEquals(1, d.dialDue());
        assertEquals(List.of("ws://127.0.0.1:9002/mesh"), urls);
        assertEquals(0, d.dialDue(), "a dial in progress is not repeated");
        dials.get(a).complete(List.of("ws://127.0.0.1:9002/mesh"));
        assertEquals(0, d.dialing());
        assertEquals(0, book.get(a).orElseThrow().consecutiveFailures());
    }

    @Test
    void aFailedDialBacksOff() {
        NodeId a = learn(2);
        PeerDialer d = dialer(true, 16);
        d.dialDue();
        dials.get(a).completeExceptionally(new IllegalStateException("refused"));
        assertEquals(1, book.get(a).orElseThrow().consecutiveFailures());
        assertEquals(0, d.dialDue(), "not due during the backoff");
        clock.advance(book.backoff(1));
        assertEquals(1, d.dialDue());
    }

    @Test
    void aDialTheGovernorRefusedForThisNodesOwnLimitsLeavesThePeerUntouched() {
        NodeId a = learn(2);
        NodeId b = learn(3);
        PeerDialer d = dialer(true, 16);
        d.dialDue();
        dials.get(a).completeExceptionally(new java.util.concurrent.CompletionException(
                new DialRefusedException(DialRefusal.RATE, "rate")));
        dials.get(b).completeExceptionally(new DialRefusedException(DialRefusal.PRIVATE_TARGET, "private"));
        assertEquals(0, book.get(a).orElseThrow().consecutiveFailures(), "tried again at the next round");
        assertEquals(PeerBook.INITIAL_HEALTH, book.get(a).orElseThrow().health());
        assertEquals(1, book.get(b).orElseThrow().consecutiveFailures(), "an address not to dial is the peer's fault");
    }

    @Test
    void noMoreDialsThanTheLinkCapAllows() {
        learn(2);
        learn(3);
        learn(4);
        linked.add(Fixtures.identity(9).nodeId());
        PeerDialer d = dialer(true, 2);
        assertEquals(1, d.dialDue());
        assertEquals(1, urls.size());
    }

    @Test
    void autoDialOffDialsNothing() {
        learn(2);
        assertEquals(0, dialer(false, 16).dialDue());
        assertTrue(urls.isEmpty());
    }

    @Test
    void aCapBelowOneIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> dialer(true, 0));
    }
}
