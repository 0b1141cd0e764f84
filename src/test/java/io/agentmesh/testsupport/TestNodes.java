package io.agentmesh.testsupport;

import io.agentmesh.identity.NodeId;

/** Readable node ids for tests: {@code node(0xa)} is 39 zeros then {@code a}. */
public final class TestNodes {

    private TestNodes() {
    }

    public static NodeId node(int n) {
        return NodeId.of(String.format("%040x", n));
    }
}
