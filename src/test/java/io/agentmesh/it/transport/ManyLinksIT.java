package io.agentmesh.it.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.bench.LinkCapacity;
import io.agentmesh.testsupport.LibertyNode;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * A short run of the load tool {@link LinkCapacity}: a node ({@code basePort() + 271}) with its admission
 * caps raised holds {@value #LINKS} idle authenticated links (real Noise handshakes from one client JVM),
 * keeps answering {@code node/ping} over one more link and a {@code tools/call} at {@code /mcp/echo} while
 * they are held, loses none of them, and its live heap after a full GC grows by less than
 * {@link #HEAP_PER_LINK_BOUND} per link: the share of each of 10,000 links in a 1 GiB heap once a quarter
 * of it is left for the node itself and its traffic ("without the links" is the smaller of the heap before
 * them and after they closed), and by more than {@link #MEASURED_AT_LEAST}, so that a broken measurement
 * fails. Before idle links stopped holding a full-size plaintext array each way, a link cost about 160 KB.
 */
class ManyLinksIT {

    private static final int LINKS = 1_000;
    private static final long HEAP_PER_LINK_BOUND = (1L << 30) * 3 / 4 / 10_000;
    /** Less than a link surely costs (the container's objects for its socket alone take more): a broken measurement. */
    private static final long MEASURED_AT_LEAST = 2_000;

    @Test
    void aNodeHoldingAThousandIdleLinksKeepsServingAndEachLinkCostsLittleHeap() throws Exception {
        LibertyNode node = LinkCapacity.startNode("it-many-links", LinkCapacity.PORT_OFFSET + 1, LINKS, 1);
        try {
            LinkCapacity.Result r = new LinkCapacity(node).run(LINKS, 1, 32, Duration.ofSeconds(10),
                    Duration.ofSeconds(5), 0);
            assertEquals(LINKS, r.ramp().opened(), () -> "dials failed: " + r.ramp().failures());
            assertEquals(0, r.probesFailed(), "every probe answered while the links were held");
            assertEquals(LINKS, r.stillOpen(), () -> "links closed meanwhile: " + r.closed());
            assertEquals(LINKS + 1, r.after().linksOpen(), 0.0, "the node counts the links and the probe's");
            assertTrue(r.heapPerLinkBytes() > MEASURED_AT_LEAST && r.heapPerLinkBytes() < HEAP_PER_LINK_BOUND,
                    () -> String.format("%.0f bytes of heap per link (before %s, with the links %s, after %s), bound %d",
                            r.heapPerLinkBytes(), r.before(), r.after(), r.afterClose(), HEAP_PER_LINK_BOUND));
        } finally {
            node.stop();
        }
    }
}
