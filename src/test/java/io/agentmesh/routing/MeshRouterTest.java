package io.agentmesh.routing;

import static io.agentmesh.routing.RouterHarness.request;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.node.NodeThreads;
import io.agentmesh.testsupport.FakeAgents;
import io.agentmesh.testsupport.FakeLink;
import io.agentmesh.testsupport.FixedInstance;
import io.agentmesh.testsupport.TestNodes;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The CDI wrapper built by hand: real worker threads serve link requests; shutdown stops them. */
class MeshRouterTest {

    private final MeshRouter bean = new MeshRouter();
    private final NodeInfo info = new NodeInfo(TestNodes.node(0xa), "key", List.of(), "agentmesh-java/test", Instant.now());

    private void wire(FakeAgents agents) {
        bean.nodeInfos = new FixedInstance<>(info);
        bean.agentDirectories = agents == null ? new FixedInstance<>() : new FixedInstance<>(agents);
        bean.linkDirectories = new FixedInstance<>();
        bean.observers = new FixedInstance<>();
        bean.tracings = new FixedInstance<>();
        bean.sessionSetups = new FixedInstance<>();
        bean.memberships = new FixedInstance<>();
        bean.settings = RoutingSettings.defaults().withWorkers(2, 8);
        bean.clock = Clock.systemUTC();
        bean.random = new SecureRandom();
        bean.threads = NodeThreads.routerThreads(bean.settings);
    }

    @AfterEach
    void stop() {
        bean.stop();
        if (bean.threads != null) {
            bean.threads.workers().shutdownNow();
            bean.threads.scheduler().shutdownNow();
        }
    }

    @Test
    void servesRequestsFromALinkOnItsWorkerThreads() throws Exception {
        FakeAgents agents = new FakeAgents().add("echo", "Echo", "", "echo");
        CountDownLatch answered = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> thread = new java.util.concurrent.atomic.AtomicReference<>();
        agents.answerWith(call -> {
            thread.set(Thread.currentThread().getName());
            answered.countDown();
            return java.util.concurrent.CompletableFuture.completedFuture(jakarta.json.JsonValue.EMPTY_JSON_OBJECT);
        });
        wire(agents);
        bean.start();
        FakeLink link = new FakeLink("in", TestNodes.node(0xb), false).ownedBy(bean);
        bean.linkUp(link);
        bean.message(link, new JsonRpcCodec().encode(request(1, "echo/tools/list", null)));
        assertTrue(answered.await(30, TimeUnit.SECONDS), "the agent was called");
        assertTrue(thread.get().startsWith("agentmesh-router-"), thread.get());
    }

    @Test
    void withoutAnAgentDirectoryItRoutesWithNoAgents() {
        wire(null);
        bean.start();
        JsonRpc.Response r = bean.router().route(request(1, "node/get_info", null), Origin.detached("t"))
                .toCompletableFuture().join();
        assertFalse(r.isError());
        assertEquals(0, r.result().asJsonObject().getJsonArray("agents").size());
        assertEquals(JsonRpc.AGENT_NOT_FOUND,
                bean.router().route(request(2, "tools/list", null), Origin.detached("t")).toCompletableFuture().join().error().code());
    }

    @Test
    void refusesToStartWithoutNodeInfo() {
        wire(null);
        bean.nodeInfos = new FixedInstance<>();
        assertThrows(IllegalStateException.class, bean::start);
    }

    @Test
    void stopEndsTheWorkersSoLaterRequestsAreOverloaded() {
        wire(new FakeAgents().add("echo", "Echo", "", "echo"));
        bean.start();
        bean.stop();
        FakeLink link = new FakeLink("in", TestNodes.node(0xb), false).ownedBy(bean);
        bean.linkUp(link);
        bean.message(link, new JsonRpcCodec().encode(request(1, "echo/tools/list", null)));
        assertEquals(JsonRpc.OVERLOADED, ((JsonRpc.Response) link.lastSent()).error().code());
    }
}
