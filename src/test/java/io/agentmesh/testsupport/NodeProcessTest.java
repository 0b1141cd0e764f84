package io.agentmesh.testsupport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Map;
import org.junit.jupiter.api.Test;

/** Reading a class histogram as jcmd prints it. */
class NodeProcessTest {

    private static final String HISTOGRAM = """
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

    @Test
    void theLiveHeapIsTheBytesOfTheTotalLine() {
        assertEquals(71_985_480L, NodeProcess.liveHeap(HISTOGRAM));
    }

    @Test
    void anAnswerWithoutATotalIsRefused() {
        assertThrows(IllegalStateException.class,
                () -> NodeProcess.liveHeap("1234:\ncom.sun.tools.attach.AttachNotSupportedException"));
    }

    @Test
    void ownInstancesAreTheProjectsClassesWithLambdasMerged() {
        assertEquals(Map.of("io.agentmesh.routing.Requester", 788L,
                "io.agentmesh.routing.Forwarder$$Lambda$1292", 789L,
                "io.agentmesh.admin.console.LatencyHistogram", 229L), NodeProcess.ownInstances(HISTOGRAM));
    }
}
