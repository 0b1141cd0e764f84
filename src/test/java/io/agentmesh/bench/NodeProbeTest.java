package io.agentmesh.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class NodeProbeTest {

    @Test
    void heapOfG1IsItsOneHeapLineWithoutMetaspace() {
        String info = """
                12849:
                 garbage-first heap   total 40960K, used 4109K [0x0000000687400000, 0x0000000800000000)
                  region size 4096K, 0 young (0K), 0 survivors (0K)
                 Metaspace       used 73K, committed 320K, reserved 1114112K
                  class space    used 3K, committed 128K, reserved 1048576K
                """;

        assertEquals(4109L * 1024, NodeProbe.heapUsed(info));
    }

    @Test
    void heapOfTheSerialCollectorIsTheSumOfItsGenerationsNotOfTheirSpaces() {
        String info = """
                12743:
                 def new generation   total 116224K, used 100K [0x0000000687400000, 0x000000068f210000, 0x0000000704d50000)
                  eden space 103360K,   0% used [0x0000000687400000, 0x0000000687400000, 0x000000068d8f0000)
                  from space 12864K,   0% used [0x000000068d8f0000, 0x000000068d8f0000, 0x000000068e580000)
                  to   space 12864K,   0% used [0x000000068e580000, 0x000000068e580000, 0x000000068f210000)
                 tenured generation   total 258048K, used 449K [0x0000000704d50000, 0x0000000714950000, 0x0000000800000000)
                   the space 258048K,   0% used [0x0000000704d50000, 0x0000000704dc0430, 0x0000000704dc0600, 0x0000000714950000)
                 Metaspace       used 128K, committed 320K, reserved 1114112K
                  class space    used 3K, committed 128K, reserved 1048576K
                """;

        assertEquals(549L * 1024, NodeProbe.heapUsed(info));
    }

    @Test
    void anAnswerWithoutAHeapIsRefused() {
        assertThrows(IllegalArgumentException.class, () -> NodeProbe.heapUsed("1234:\ncom.sun.tools.attach.AttachNotSupportedException"));
    }

    @Test
    void ownInstancesAreTheProjectsClassesOfAHistogramWithLambdasMerged() {
        String histogram = """
                373:
                 num     #instances         #bytes  class name (module)
                -------------------------------------------------------
                   1:        195970       15691800  [B (java.base@17.0.15)
                 114:           788          31520  io.agentmesh.routing.Requester
                 172:           787          18888  io.agentmesh.routing.Forwarder$$Lambda$1292/0x00007ffae19848c0
                 173:             2             48  io.agentmesh.routing.Forwarder$$Lambda$1292/0x00007ffae19848d8
                 381:           229           5496  io.agentmesh.admin.console.LatencyHistogram
                Total       1226467       71985480
                """;

        assertEquals(java.util.Map.of("io.agentmesh.routing.Requester", 788L,
                "io.agentmesh.routing.Forwarder$$Lambda$1292", 789L,
                "io.agentmesh.admin.console.LatencyHistogram", 229L), NodeProbe.ownInstances(histogram));
    }

    @Test
    void threadsComeFromTheProcessStatus() {
        assertEquals(87, NodeProbe.threads("Name:\tjava\nTgid:\t42\nThreads:\t87\nSigQ:\t0/94\n"));
    }
}
