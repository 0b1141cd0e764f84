package io.agentmesh.admin.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.identity.NodeId;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The mesh view: nodes asked through the router, peers of peers found, unreachable ones shown as such. */
class MeshExplorerTest {

    private final TestMesh mesh = new TestMesh();
    private final TestMesh.Node a = mesh.node(0xa);
    private final TestMesh.Node b = mesh.node(0xb).withEcho();
    private final TestMesh.Node c = mesh.node(0xc).withEcho();

    private MeshExplorer explorer(List<NodeId> known) {
        return new MeshExplorer(a.client(), () -> known, mesh.time.clock(), Duration.ofSeconds(3), Duration.ofSeconds(2));
    }

    @Test
    void nodesAgentsAndEdgesBeyondTheOwnLinks() {
        mesh.link(a, b);
        mesh.link(b, c);
        MeshView view = explorer(List.of(b.id)).view().join();

        assertEquals(a.id.value(), view.self());
        assertEquals(List.of(a.id.value(), b.id.value(), c.id.value()),
                view.nodes().stream().map(MeshView.Node::nodeId).toList());
        MeshView.Node self = view.nodes().get(0);
        assertTrue(self.self());
        assertEquals(MeshView.Health.UP, self.health());
        assertEquals(List.of(), self.agents());
        assertEquals(3_600_000L, self.uptimeMs());

        MeshView.Node nodeB = view.nodes().get(1);
        assertEquals(MeshView.Health.UP, nodeB.health());
        assertEquals(List.of("echo"), nodeB.agents().stream().map(MeshView.AgentSummary::id).toList());
        assertEquals(List.of("echo", "echo_blob", "whoami"), nodeB.agents().get(0).tools());
        assertEquals(List.of("ws://127.0.0.1:9011/mesh"), nodeB.addrs());

        MeshView.Node nodeC = view.nodes().get(2);
        assertEquals(MeshView.Health.UNREACHABLE, nodeC.health(), "a has no route to c without multi-hop routing");
        assertTrue(nodeC.error().startsWith("-32060"), nodeC.error());
        assertNull(nodeC.rttMs());

        assertEquals(List.of(new MeshView.Edge(a.id.value(), b.id.value()), new MeshView.Edge(b.id.value(), c.id.value())),
                view.edges());
    }

    @Test
    void aViewIsReusedForAWhile() {
        mesh.link(a, b);
        MeshExplorer explorer = explorer(List.of(b.id));
        var first = explorer.view();
        assertSame(first, explorer.view());
        mesh.time.advance(Duration.ofSeconds(3));
        assertNotSame(first, explorer.view());
    }

    @Test
    void aKnownNodeWithoutLinkIsUnreachable() {
        MeshView view = explorer(List.of(b.id)).view().join();
        assertEquals(MeshView.Health.UNREACHABLE, view.nodes().get(1).health());
        assertEquals(List.of(), view.edges());
    }
}
