package io.agentmesh.testsupport;

import com.sun.net.httpserver.HttpServer;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import io.agentmesh.agents.http.McpHttpHandler;
import io.agentmesh.agents.http.McpHttpSettings;
import io.agentmesh.agents.http.RemoteAgents;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * A real MCP server for tests: this node's own {@link McpHttpHandler} and an {@link AgentHost} with the
 * test's agents, on the JDK HTTP server at {@code http://127.0.0.1:<port>/mcp/<agent>}. It can be stopped
 * and started again on the same port, to play a server that goes down and comes back.
 */
public final class McpTestServer implements AutoCloseable {

    public final AgentHost host;
    private final McpHttpSettings settings;
    private int port;
    private HttpServer server;
    private McpHttpHandler handler;
    private ExecutorService executor;

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
        handler = new McpHttpHandler(settings, host, RemoteAgents.UNREACHABLE, Optional::empty, new SecureRandom(),
                Clock.systemUTC());
        executor = Executors.newCachedThreadPool();
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
