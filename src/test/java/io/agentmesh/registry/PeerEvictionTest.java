package io.agentmesh.registry;

import static io.agentmesh.registry.Fixtures.T0;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.agentmesh.identity.NodeId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The eviction order of a full peer book, kept as a heap (docs/registry.md §4). */
class PeerEvictionTest {

    private final Map<String, PeerRecord> book = new HashMap<>();
    private final PeerEviction eviction = new PeerEviction();

    private static PeerRecord record(NodeId id, PeerRecord.Origin origin, long seenSecond) {
        return new PeerRecord(id, "k".repeat(43), List.of(), T0.plusSeconds(seenSecond), 0.5, 0, T0, origin,
                origin == PeerRecord.Origin.HEARSAY ? NodeId.of("e".repeat(40)) : null);
    }

    private void put(PeerRecord r) {
        book.put(r.nodeId().value(), r);
        eviction.added(r, book);
    }

    /** What a pass over every record finds. */
    private PeerRecord scan(PeerRecord.Origin origin) {
        return book.values().stream().filter(p -> p.origin().compareTo(origin) <= 0)
                .min(PeerEviction.ORDER).orElse(null);
    }

    @Test
    void alwaysNamesWhatAPassOverTheBookWouldName() {
        Random random = new Random(15);
        List<NodeId> ids = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
            ids.add(NodeId.of(String.format("%040x", (long) i * 104729)));
        }
        PeerRecord.Origin[] origins = PeerRecord.Origin.values();
        for (int i = 0; i < 100; i++) {
            put(record(ids.get(i), origins[random.nextInt(3)], random.nextInt(50)));
        }
        for (int step = 0; step < 20_000; step++) {
            NodeId id = ids.get(random.nextInt(ids.size()));
            int op = random.nextInt(10);
            if (op < 6) {
                put(record(id, origins[random.nextInt(3)], random.nextInt(50)));   // new, or replacing
            } else if (op < 8) {
                book.remove(id.value());
            } else {
                PeerRecord.Origin origin = origins[random.nextInt(3)];
                PeerRecord victim = eviction.victim(origin, book);
                assertEquals(scan(origin), victim, "step " + step);
                if (victim != null && op == 9) {
                    book.remove(victim.nodeId().value());   // evicted
                }
            }
        }
        for (PeerRecord.Origin origin : origins) {
            assertEquals(scan(origin), eviction.victim(origin, book));
        }
    }

    @Test
    void noneWhenEveryRecordIsOfAStrongerOrigin() {
        put(record(NodeId.of("a".repeat(40)), PeerRecord.Origin.DIRECT, 1));
        put(record(NodeId.of("b".repeat(40)), PeerRecord.Origin.ADVERT, 2));
        assertNull(eviction.victim(PeerRecord.Origin.HEARSAY, book));
        assertEquals("b".repeat(40), eviction.victim(PeerRecord.Origin.ADVERT, book).nodeId().value());
        book.clear();
        assertNull(eviction.victim(PeerRecord.Origin.DIRECT, book));
    }
}
