package io.agentmesh.admin.console;

import io.agentmesh.agents.AgentDefinitions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.samples.EchoAgent;
import io.agentmesh.identity.NodeId;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FakeLinkDirectory;
import io.agentmesh.testsupport.ManualTime;
import io.agentmesh.testsupport.TestNodes;
import io.agentmesh.transport.PeerInfo;
import java.time.Instant;
import java.util.List;

/** Real routers with real agent hosts, linked in memory: the mesh the admin console explores in tests. */
final class TestMesh {

    final ManualTime time = new ManualTime(Instant.parse("2026-01-01T00:00:00Z"));

    final class Node {
        final NodeId id;
        final AgentHost agents = new AgentHost(AgentSettings.defaults());
        final FakeLinkDirectory links = new FakeLinkDirectory();
        final Router router;

        Node(int n) {
            id = TestNodes.node(n);
            router = Router.builder()
                    .node(new NodeInfo(id, "key" + n, List.of("ws://127.0.0.1:" + (9000 + n) + "/mesh"),
                            "agentmesh-java/test", Instant.parse("2025-12-31T23:00:00Z")))
                    .agents(agents).links(links).executor(Runnable::run).scheduler(time).clock(time.clock())
                    .traceIds(() -> "trace-of-" + n).build();
        }

        Node withEcho() {
            agents.register(AgentDefinitions.of(new EchoAgent()));
            return this;
        }

        ConsoleRequests client() {
            return new ConsoleRequests(new MeshEntry(router, time, Runnable::run));
        }
    }

    Node node(int n) {
        return new Node(n);
    }

    /** Links two nodes; each lists the other as a connected peer. */
    FakeLink[] link(Node a, Node b) {
        FakeLink[] ends = FakeLink.connect(a.id, a.router, b.id, b.router);
        a.links.add(ends[0]).addPeer(new PeerInfo(b.id, List.of(), true, 1));
        b.links.add(ends[1]).addPeer(new PeerInfo(a.id, List.of(), true, 1));
        return ends;
    }
}
