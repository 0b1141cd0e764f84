package io.agentmesh.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.http.McpHttpHandler;
import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.routing.MeshEntry;
import io.agentmesh.routing.NodeInfo;
import io.agentmesh.routing.Router;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A real MCP server for tests: this node's own {@link McpHttpHandler} and an {@link AgentHost} with the
 * test's agents behind a {@link Router} without links, on the JDK HTTP server at
 * {@code http://127.0.0.1:<port>/mcp/<agent>}. It can be stopped and started again on the same port, to
 * play a server that goes down and comes back.
 */
public final class McpTestServer implements AutoCloseable {

    public final AgentHost host;
    private final McpHttpSettings settings;
    private int port;
    private HttpServer server;
    private McpHttpHandler handler;
    private ExecutorService executor;
    private ScheduledExecutorService scheduler;

    public McpTestServer(AgentHost host, McpHttpSettings settings) {
        this.host = host;
        this.settings = settings;
    }

    /** A server whose host lists two items per page. */
    public static McpTestServer withHost() {
        return new McpTestServer(new AgentHost(AgentSettings.defaults().withPageSize(2)), McpHttpSettings.defaults());
    }

    /** Starts on {@code port} (0: any free port); returns this. */
    public McpTestServer start(int wanted) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), wanted), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        port = server.getAddress().getPort();
        executor = Executors.newCachedThreadPool();
        scheduler = Executors.newSingleThreadScheduledExecutor();
        Router router = Router.builder()
                .node(new NodeInfo(TestNodes.node(0x5e), "key", List.of(), "agentmesh-java/test", Instant.EPOCH))
                .agents(host).executor(executor).scheduler(scheduler).clock(Clock.systemUTC())
                .traceIds(() -> "trace").build();
        handler = new McpHttpHandler(settings, host, new MeshEntry(router, scheduler, executor), Optional::empty,
                Optional.empty(), new SecureRandom(), Clock.systemUTC());
        server.setExecutor(executor);
        server.createContext("/mcp", exchange -> handler.handle(new JdkExchange(exchange, "/mcp")));
        server.start();
        return this;
    }

    public McpTestServer start() {
        return start(0);
    }

    public int port() {
        return port;
    }

    public McpHttpHandler handler() {
        return handler;
    }

    public URI url(String agent) {
        return URI.create("http://127.0.0.1:" + port + "/mcp/" + agent);
    }

    /** Stops serving (open streams end); {@link #start(int)} may start it again. */
    public void stop() {
        if (server == null) {
            return;
        }
        handler.close();
        server.stop(0);
        executor.shutdownNow();
        scheduler.shutdownNow();
        try {
            executor.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        server = null;
    }

    @Override
    public void close() {
        stop();
    }
}
