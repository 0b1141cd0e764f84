package io.agentmesh.transport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.QueuedExecutor;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SerialExecutorTest {

    @Test
    void drainHereRunsTheQueueOnTheCallingThreadWithoutTheExecutor() {
        QueuedExecutor executor = new QueuedExecutor();
        SerialExecutor serial = new SerialExecutor(executor);
        List<Thread> ranOn = new ArrayList<>();
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            int n = i;
            serial.enqueue(() -> {
                ranOn.add(Thread.currentThread());
                order.add(n);
            });
        }
        serial.drainHere();
        assertEquals(List.of(0, 1, 2), order);
        ranOn.forEach(t -> assertSame(Thread.currentThread(), t));
        assertEquals(0, executor.size(), "nothing handed to the executor");
    }

    @Test
    void kickHandsTheQueueToTheExecutor() {
        QueuedExecutor executor = new QueuedExecutor();
        SerialExecutor serial = new SerialExecutor(executor);
        List<Integer> order = new ArrayList<>();
        serial.enqueue(() -> order.add(1));
        serial.kick();
        assertEquals(List.of(), order);
        assertEquals(1, executor.size());
        executor.runAll();
        assertEquals(List.of(1), order);
    }

    @Test
    void whileADrainRunsElsewhereDrainHereLeavesItsCallsToThatDrainInOrder() throws Exception {
        ExecutorService pool = Executors.newSingleThreadExecutor();
        try {
            SerialExecutor serial = new SerialExecutor(pool);
            CountDownLatch started = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            CountDownLatch done = new CountDownLatch(3);
            List<String> order = new ArrayList<>();
            serial.enqueue(() -> {
                started.countDown();
                await(release);
                order.add("first");
                done.countDown();
            });
            serial.kick();
            assertTrue(started.await(10, TimeUnit.SECONDS));
            serial.enqueue(() -> {
                order.add("second");
                done.countDown();
            });
            Thread caller = Thread.currentThread();
            List<Thread> third = new ArrayList<>();
            serial.enqueue(() -> {
                third.add(Thread.currentThread());
                order.add("third");
                done.countDown();
            });
            serial.drainHere();                       // a drain runs on the pool: returns at once
            assertEquals(List.of(), order);
            release.countDown();
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of("first", "second", "third"), order);
            assertTrue(third.get(0) != caller, "the running drain ran it, not the caller");
        } finally {
            pool.shutdownNow();
        }
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
