package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeIdentity;
import io.agentmesh.json.Json;
import io.agentmesh.testsupport.ManualClock;
import jakarta.json.JsonNumber;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The compact JSON form of a registry's own digest (docs/registry.md §3.1). */
class DigestJsonTest {

    private static final String A = "a".repeat(40);
    private static final String B = "0123456789abcdef0123456789abcdef01234567";
    private static final String C = "f".repeat(40);

    private final DigestJson digest = new DigestJson(new String[] {B, A, C}, new long[] {7, 1, 9_007_199_254_740_991L});

    @Test
    void writesTheTextOfTheSameObjectBuilt() {
        JsonObject built = Json.createObjectBuilder().add(B, 7).add(A, 1).add(C, 9_007_199_254_740_991L).build();
        assertEquals(built.toString(), digest.toString());
        assertEquals("{\"" + B + "\":7,\"" + A + "\":1,\"" + C + "\":9007199254740991}", digest.toString());
        JsonObject inside = Json.createObjectBuilder().add("digest", digest).build();
        assertEquals("{\"digest\":" + built + "}", inside.toString(), "as the gossip_sync params are written");
        assertEquals(built, digest);
        assertEquals(digest, built);
        assertEquals(built.hashCode(), digest.hashCode());
    }

    @Test
    void readsAsAJsonObject() {
        assertEquals(3, digest.size());
        assertEquals(JsonValue.ValueType.OBJECT, digest.getValueType());
        assertEquals(7, digest.getJsonNumber(B).longValue());
        assertEquals(7, digest.getInt(B));
        assertEquals(5, digest.getInt("x", 5));
        assertEquals(1, digest.getInt(A, 5));
        assertTrue(digest.containsKey(C));
        assertFalse(digest.containsKey("x"));
        assertNull(digest.get("x"));
        assertNull(digest.getJsonNumber("x"));
        assertFalse(digest.isNull(A));
        assertEquals("d", digest.getString(A, "d"));
        assertTrue(digest.getBoolean(A, true));
        assertThrows(NullPointerException.class, () -> digest.isNull("x"));
        assertThrows(NullPointerException.class, () -> digest.getInt("x"));
        assertThrows(ClassCastException.class, () -> digest.getString(A));
        assertThrows(ClassCastException.class, () -> digest.getBoolean(A));
        assertThrows(ClassCastException.class, () -> digest.getJsonObject(A));
        List<String> keys = new ArrayList<>(digest.keySet());
        assertEquals(List.of(B, A, C), keys, "members in the order given");
        assertThrows(UnsupportedOperationException.class, () -> digest.put(A, JsonValue.NULL));
        assertThrows(UnsupportedOperationException.class, () -> digest.remove(A));
        assertThrows(UnsupportedOperationException.class, digest::clear);
        assertThrows(IllegalArgumentException.class, () -> new DigestJson(new String[] {A, A}, new long[] {1, 2}));
    }

    @Test
    void manyEntriesAreAllFound() {
        int n = 5000;
        String[] ids = new String[n];
        long[] seqs = new long[n];
        Map<String, Long> expected = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            ids[i] = String.format("%040x", (long) i * 7919);
            seqs[i] = i + 1;
            expected.put(ids[i], seqs[i]);
        }
        DigestJson many = new DigestJson(ids, seqs);
        for (int i = 0; i < n; i++) {
            assertEquals(i + 1, many.seq(ids[i]));
            assertEquals(i + 1, ((JsonNumber) many.get(ids[i])).longValue());
        }
        assertEquals(0, many.seq(String.format("%040x", 1L)));
        assertEquals(new Digest(expected), Digest.of(ids, seqs));
    }

    @Test
    void aRegistrysDigestIsCompactAndReadsBackFromItsText() {
        RegistrySettings settings = RegistrySettings.defaults();
        NodeIdentity self = Fixtures.identity(1);
        Registry registry = new Registry(self.nodeId(), settings, new ManualClock(T0.plusSeconds(1)),
                new AdvertVerifier(settings), node -> 0.5);
        for (int i = 2; i < 12; i++) {
            registry.offer(Fixtures.signed(Fixtures.identity(i), 10 + i).envelope());
        }
        Digest mine = registry.digest();
        JsonObject params = GossipMessages.syncParams(mine);
        assertInstanceOf(DigestJson.class, params.get("digest"), "no map entry and number object per node");
        JsonObject wire = Json.readStrictObject(params.toString().getBytes(StandardCharsets.UTF_8));
        Digest read = GossipMessages.readSyncParams(wire, settings);
        assertEquals(mine, read);
        assertEquals(13, read.seq(Fixtures.identity(3).nodeId().value()));
        assertEquals(mine, GossipMessages.readSyncParams(params, settings), "read in place, within this process");
        RegistrySettings small = RegistrySettings.builder().maxDigestEntries(9).build();
        assertThrows(IllegalArgumentException.class, () -> GossipMessages.readSyncParams(params, small),
                "the entry limit holds for a digest built here too");
    }
}
