package io.agentmesh.transport;

import java.time.Duration;

/** Memory budgets for tests: one large enough never to refuse, or one of a given size; neither logs twice a run. */
final class TestMemory {

    private TestMemory() {
    }

    /** A budget of {@code limit} bytes whose refusals {@code observer} hears. */
    static MemoryBudget budget(long limit, LinkObserver observer) {
        return new MemoryBudget(limit, observer, new LogLimiter(Duration.ofDays(1), () -> 0L));
    }

    /** A budget that holds anything a test sends (1 TiB). */
    static MemoryBudget ample() {
        return budget(1L << 40, LinkObserver.NONE);
    }

    /** A receiving share of an {@link #ample()} budget. */
    static MemoryBudget.Share share() {
        return ample().receiving();
    }
}
