package io.agentmesh.registry;

import java.util.Comparator;
import java.util.Map;
import java.util.PriorityQueue;

/**
 * Which record a full {@link PeerBook} evicts (docs/registry.md §4): the longest unseen of the weakest
 * origin, ties broken by node id. Kept as a heap from the first time the book is full, so that a new
 * peer in a full book costs O(log n) instead of a pass over every record (at 5,000 nodes with churn,
 * each node learns hundreds of new peers a minute into a book of 4,096). Records replaced or removed stay
 * in the heap until they reach its top (they are recognised because the book no longer holds that very
 * record) or the heap is rebuilt, which happens when it holds a quarter more entries than the book.
 * Guarded by the book's lock.
 */
final class PeerEviction {

    /** The eviction order: weakest origin first, then longest unseen, then node id. */
    static final Comparator<PeerRecord> ORDER = Comparator.comparing(PeerRecord::origin)
            .thenComparing(PeerRecord::lastSeen).thenComparing(PeerRecord::nodeId);

    /** Null until the first eviction is asked for. */
    private PriorityQueue<PeerRecord> heap;

    /** A record was put into the book. */
    void added(PeerRecord fresh, Map<String, PeerRecord> book) {
        if (heap != null) {
            heap.add(fresh);
            if (heap.size() > book.size() + book.size() / 4 + 64) {
                rebuild(book);
            }
        }
    }

    /** The first record of the book in {@link #ORDER} if its origin is not stronger than {@code origin}, else null. */
    PeerRecord victim(PeerRecord.Origin origin, Map<String, PeerRecord> book) {
        if (heap == null) {
            rebuild(book);
        }
        PeerRecord first = heap.peek();
        while (first != null && book.get(first.nodeId().value()) != first) {
            heap.poll();
            first = heap.peek();
        }
        return first != null && first.origin().compareTo(origin) <= 0 ? first : null;
    }

    private void rebuild(Map<String, PeerRecord> book) {
        heap = new PriorityQueue<>(Math.max(16, book.size() + book.size() / 4 + 65), ORDER);
        heap.addAll(book.values());
    }
}
