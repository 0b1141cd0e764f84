package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.LogLines;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.logging.Level;
import org.junit.jupiter.api.Test;

/** The node's memory budget: shares reserve and release, a refusal is counted once per share, nothing goes below 0. */
class MemoryBudgetTest {

    private final AtomicInteger refusals = new AtomicInteger();
    private final LinkObserver observer = new LinkObserver() {
        @Override
        public void memoryRefused() {
            refusals.incrementAndGet();
        }
    };
    private final MemoryBudget budget = TestMemory.budget(1000, observer);

    @Test
    void sharesReserveUpToTheLimitTogetherAndReleaseWhatTheyHold() {
        MemoryBudget.Share a = budget.sending();
        MemoryBudget.Share b = budget.sending();
        assertTrue(a.reserve(600));
        assertTrue(b.reserve(400));
        assertEquals(1000, budget.held());
        assertFalse(b.reserve(1), "the budget is full");
        assertEquals(1000, budget.held(), "a refusal takes nothing");
        a.release(100);
        assertTrue(b.reserve(100));
        assertEquals(500, a.held());
        assertEquals(500, b.held());
        a.release(500);
        b.release(500);
        assertEquals(0, budget.held());
    }

    @Test
    void incomingDataMayTakeThreeQuartersLeavingAQuarterForSendQueues() {
        assertEquals(750, budget.receiveLimit());
        MemoryBudget.Share in = budget.receiving();
        MemoryBudget.Share out = budget.sending();
        assertFalse(in.reserve(751));
        assertTrue(in.reserve(750));
        assertFalse(budget.receiving().reserve(1), "incoming data is at its bound");
        assertTrue(out.reserve(250), "a send queue still gets the last quarter");
        in.close();
        out.close();
        assertEquals(0, budget.held());
    }

    @Test
    void theSmallestBudgetHoldsOneLargestMessageInItsIncomingPart() {
        for (int max : new int[] {1, 2, 3, 4, 100, 100_000, LinkSettings.DEFAULT_MAX_MESSAGE_BYTES, Integer.MAX_VALUE - 16}) {
            long minimum = MemoryBudget.minimum(max);
            assertTrue(MemoryBudget.receiveLimit(minimum) >= max, "max " + max);
        }
        assertEquals(11_184_810, MemoryBudget.minimum(LinkSettings.DEFAULT_MAX_MESSAGE_BYTES));
    }

    @Test
    void closingAShareGivesBackAllItHoldsOnceAndRefusesLaterReservations() {
        MemoryBudget.Share a = budget.sending();
        assertTrue(a.reserve(300));
        assertTrue(a.reserve(200));
        a.close();
        assertEquals(0, budget.held());
        a.close();
        a.release(200);
        assertEquals(0, budget.held(), "nothing given back twice");
        assertFalse(a.reserve(1));
        assertEquals(0, budget.held());
        assertEquals(0, budget.refused(), "a closed share's reservation is no refusal of the budget");
    }

    @Test
    void releasingMoreThanAShareHoldsIsRefusedAndChangesNothing() {
        MemoryBudget.Share a = budget.sending();
        MemoryBudget.Share b = budget.sending();
        assertTrue(a.reserve(10));
        assertTrue(b.reserve(10));
        assertThrows(IllegalStateException.class, () -> a.release(11));
        assertThrows(IllegalArgumentException.class, () -> a.release(-1));
        assertThrows(IllegalArgumentException.class, () -> a.reserve(-1));
        assertEquals(10, a.held());
        assertEquals(20, budget.held());
    }

    @Test
    void theFirstRefusalOfEachShareIsCountedToldAndLoggedAtMostOnceAMinute() {
        AtomicLong now = new AtomicLong();
        MemoryBudget logged = new MemoryBudget(100, observer, new LogLimiter(Duration.ofMinutes(1), now::get));
        try (LogLines lines = new LogLines(MemoryBudget.class.getName(), Level.WARNING)) {
            MemoryBudget.Share a = logged.sending();
            MemoryBudget.Share b = logged.sending();
            assertTrue(a.reserve(100));
            assertFalse(a.reserve(1));
            assertFalse(a.reserve(1));
            assertFalse(b.reserve(50));
            assertEquals(2, logged.refused(), "two shares refused");
            assertEquals(2, refusals.get());
            assertEquals(List.of("WARNING memory budget full: 100 of 100 bytes held; a link that needed 1 more for its"
                    + " send queue is closed"), lines.lines());
            now.addAndGet(Duration.ofMinutes(1).toNanos());
            assertFalse(logged.sending().reserve(7));
            assertEquals(2, lines.lines().size());
            assertTrue(lines.lines().get(1).endsWith("(1 more like this not logged since the last)"), lines.lines().get(1));
        }
    }

    @Test
    void aBudgetMustBePositive() {
        assertThrows(IllegalArgumentException.class, () -> TestMemory.budget(0, observer));
    }

    @Test
    void manyThreadsReservingReleasingAndClosingLeaveNothingHeld() throws Exception {
        MemoryBudget shared = TestMemory.budget(64 * 1024, observer);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int t = 0; t < 8; t++) {
                int seed = t;
                done.add(pool.submit(() -> {
                    for (int round = 0; round < 2000; round++) {
                        MemoryBudget.Share share = (round + seed) % 2 == 0 ? shared.sending() : shared.receiving();
                        long kept = 0;
                        for (int i = 1; i <= 8; i++) {
                            if (share.reserve(i * 100L)) {
                                kept += i * 100L;
                            }
                            if (i % 3 == 0 && kept >= 100) {
                                share.release(100);
                                kept -= 100;
                            }
                        }
                        if (round % 2 == 0) {
                            share.close();
                        } else {
                            share.release(kept);
                        }
                        assertTrue(shared.held() >= 0 && shared.held() <= shared.limit());
                    }
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(0, shared.held());
    }
}
