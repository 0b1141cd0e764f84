package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.agentmesh.transport.LinkThreads;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The links' listener and dial pools have bounded queues; what finds one full is handled and counted. */
class NodeThreadsTest {

    private final NodeThreads threads = new NodeThreads();
    private final LinkThreads links = threads.linkThreads();
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        threads.stop(links);
    }

    /** Occupies every thread of {@code pool} and fills its queue. */
    private void fill(ExecutorService pool, int threadCount, int queue) throws InterruptedException {
        CountDownLatch started = new CountDownLatch(threadCount);
        for (int i = 0; i < threadCount; i++) {
            pool.execute(() -> {
                started.countDown();
                await(release);
            });
        }
        started.await();
        for (int i = 0; i < queue; i++) {
            pool.execute(() -> { });
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void aFullListenerQueueRunsTheCallOnTheHandingThreadAndCountsIt() throws InterruptedException {
        fill(links.listeners(), LinkThreads.LISTENER_THREADS, LinkThreads.LISTENER_QUEUE);
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        links.listeners().execute(() -> ranOn.set(Thread.currentThread()));
        assertEquals(Thread.currentThread(), ranOn.get(), "nothing lost, nothing queued beyond the bound");
        assertEquals(1, threads.overflows(NodeThreads.Pool.LISTENERS));
    }

    @Test
    void aFullDialQueueRefusesTheConnectAndCountsIt() throws InterruptedException {
        fill(links.dials(), LinkThreads.DIAL_THREADS, LinkThreads.DIAL_QUEUE);
        assertThrows(RejectedExecutionException.class, () -> links.dials().execute(() -> { }));
        assertEquals(1, threads.overflows(NodeThreads.Pool.DIALS));
        assertEquals(0, threads.overflows(NodeThreads.Pool.LISTENERS));
    }
}
