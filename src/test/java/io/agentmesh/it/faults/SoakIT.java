package io.agentmesh.it.faults;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.bench.Soak;
import org.junit.jupiter.api.Test;

/**
 * The short soak (issue 15, "soak"): {@link Soak} for a few minutes ({@code mesh.it.soak.minutes}, default 5)
 * on three nodes in network namespaces (prefix {@code soak}, subnet 10.241.29) with one cycle of churn: a
 * partition of node 2, node 3 killed with SIGKILL and started again, under mixed load through every node.
 * Heap after a full collection, threads and open descriptors of every node stay within 10 % of their level
 * after warm-up, no project class grows by 500 instances, the steady phases' calls fail at most 1 %, and the
 * mesh re-forms after every event. Needs root. Left out of the build (pom.xml): it runs when named,
 * {@code -Dit.test=SoakIT} (docs/benchmarks.md, "Soak").
 */
class SoakIT {

    @Test
    void aShortSoakWithChurnKeepsHeapThreadsAndDescriptorsLevelAndTheMeshServing() throws Exception {
        Soak.Result result = Soak.run(Soak.parse(new String[] {
            "--minutes", System.getProperty("mesh.it.soak.minutes", "5"),
            "--warmup", "60s", "--cut", "20s", "--settle", "25s", "--steady", "20s", "--sample", "15s",
            "--prefix", "soak", "--subnet", "10.241.29", "--out", "target/soak-it"}));
        System.out.println(result.report());
        assertTrue(result.passed(), result.report());
    }
}
