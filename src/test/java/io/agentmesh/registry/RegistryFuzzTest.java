package io.agentmesh.registry;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.testsupport.ManualClock;
import io.agentmesh.testsupport.TestNodes;
import jakarta.json.JsonArray;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MessageDecodeException;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Timeout;

/**
 * Fuzz targets for what a peer's gossip carries (docs/registry.md §2–3): advert envelopes and bodies, the
 * params and results of {@code node/gossip_sync} and {@code node/gossip_push}, and peer exchange entries
 * learned by a peer book. Adverts open or are refused with an {@link AdvertRejectedException}; gossip
 * messages and peer entries read or fail with IllegalArgumentException (−32602 to the peer). Inputs
 * replayed by every test run are under
 * {@code src/test/resources/io/agentmesh/registry/RegistryFuzzTestInputs/}; docs/benchmarks.md ("Fuzzing").
 */
@Timeout(10)
class RegistryFuzzTest {

    private static final JsonRpcCodec CODEC = new JsonRpcCodec();
    private static final RegistrySettings SETTINGS = RegistrySettings.defaults();
    private static final AdvertVerifier VERIFIER = new AdvertVerifier(SETTINGS);
    /** The key whose node id the fuzzer's bodies may name (Fixtures.identity(1)), so that their signature holds. */
    private static final NodeIdentity SIGNER = Fixtures.identity(1);

    /** An advert envelope as a peer sends it: opened, or refused with a reason. */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void advertEnvelope(byte[] json) {
        JsonValue envelope = read(json);
        if (envelope == null) {
            return;
        }
        try {
            SignedAdvert advert = VERIFIER.open(envelope);
            assertEquals(advert, VERIFIER.open(advert.envelope()));
        } catch (AdvertRejectedException e) {
            assertTrue(e.reason() != null && e.detail() != null);
        }
    }

    /**
     * An advert body, signed with a key whose node id a body may name: the verifier reads the body (the
     * signature holds); opened, or refused with a reason. An advert opened writes back to itself, and
     * signed again it opens again.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void advertBody(byte[] body) throws AdvertRejectedException {
        JsonObject envelope = AdvertIssuer.envelope(body, SIGNER.sign(AdvertVerifier.signedBytes(body)));
        SignedAdvert opened;
        try {
            opened = VERIFIER.open(envelope);
        } catch (AdvertRejectedException e) {
            assertTrue(e.reason() != null && e.detail() != null);
            return;
        }
        Advert advert = opened.advert();
        assertEquals(advert, Advert.fromJson(advert.toJson()));
        assertEquals(advert, VERIFIER.open(AdvertIssuer.sign(SIGNER, advert).envelope()).advert());
    }

    /**
     * The params of {@code node/gossip_sync} (a digest) or {@code node/gossip_push} (envelopes, each opened),
     * or the result of a sync: read, or IllegalArgumentException.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void gossipMessage(FuzzedDataProvider data) {
        int kind = data.consumeInt(0, 2);
        if (!(read(data.consumeRemainingAsBytes()) instanceof JsonObject message)) {
            return;
        }
        try {
            switch (kind) {
                case 0 -> {
                    Digest digest = GossipMessages.readSyncParams(message, SETTINGS);
                    assertEquals(digest, GossipMessages.readSyncParams(GossipMessages.syncParams(digest), SETTINGS));
                }
                case 1 -> {
                    JsonArray adverts = GossipMessages.readPushParams(message, SETTINGS);
                    for (JsonValue envelope : adverts) {
                        openQuietly(envelope);
                    }
                }
                default -> {
                    GossipMessages.SyncResult result = GossipMessages.readSyncResult(message, SETTINGS);
                    result.adverts().forEach(RegistryFuzzTest::openQuietly);
                }
            }
        } catch (IllegalArgumentException e) {
            assertTrue(e.getMessage() != null);
        }
    }

    /**
     * A peer exchange message: its entries read (IllegalArgumentException for the whole message) and each
     * learned by a peer book (IllegalArgumentException for one entry); the book then holds only peers
     * whose key derives their id, with valid addrs, within its cap.
     */
    @FuzzTest(maxExecutions = 1_000_000, maxDuration = "30m")
    void peerExchange(byte[] json) {
        if (!(read(json) instanceof JsonObject message)) {
            return;
        }
        List<GossipMessages.PeerEntry> entries;
        try {
            entries = GossipMessages.readPeers(message);
        } catch (IllegalArgumentException e) {
            return;
        }
        assertTrue(entries.size() <= GossipMessages.MAX_PEERS_PER_MESSAGE);
        ManualClock clock = new ManualClock(Fixtures.T0);
        PeerBook book = new PeerBook(SIGNER.nodeId(), SETTINGS, clock);
        for (GossipMessages.PeerEntry e : entries) {
            try {
                book.hear(e, TestNodes.node(7));   // as a peer exchange from a link peer
            } catch (IllegalArgumentException bad) {
                assertTrue(bad.getMessage() != null);
            }
        }
        assertTrue(book.size() <= SETTINGS.maxPeers());
        for (PeerRecord r : book.peers()) {
            assertTrue(r.identity() == null || PeerRecord.identityMatches(r.nodeId(), r.identity()));
            assertEquals(r.addrs(), PeerAddrs.validate(r.addrs()));
            assertTrue(!r.nodeId().equals(SIGNER.nodeId()), "the book learned this node itself");
        }
        assertEquals(book.peers().size(), GossipMessages.readPeers(GossipMessages.peerExchangeMessage(
                book.peers().stream().map(GossipMessages.PeerEntry::of).toList())).size());
    }

    private static void openQuietly(JsonValue envelope) {
        try {
            VERIFIER.open(envelope);
        } catch (AdvertRejectedException e) {
            assertTrue(e.reason() != null);
        }
    }

    /** The JSON value of {@code utf8} read as a link reads a message, or null when it is not JSON. */
    private static JsonValue read(byte[] utf8) {
        try {
            return CODEC.parse(new String(utf8, StandardCharsets.UTF_8));
        } catch (MessageDecodeException e) {
            return null;
        }
    }
}
