package io.agentmesh.bench;

import io.modelcontextprotocol.server.McpServer;
import io.modelcontextprotocol.server.McpServerFeatures;
import io.modelcontextprotocol.server.McpSyncServer;
import io.modelcontextprotocol.server.transport.HttpServletStreamableServerTransportProvider;
import io.modelcontextprotocol.spec.McpSchema;
import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.eclipse.jetty.ee10.servlet.ServletContextHandler;
import org.eclipse.jetty.ee10.servlet.ServletHolder;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;

/**
 * The baseline of the {@code /mcp} load benchmark (docs/benchmarks.md): the official MCP Java SDK's own
 * Streamable HTTP server (its servlet transport, on Jetty) with one tool, {@code echo}, that answers its
 * {@code text} argument as text, like the sample echo agent. It listens on 127.0.0.1 only, at
 * {@code /mcp}, until the process is stopped.
 *
 * <pre>java -cp target/test-classes:$(cat target/test-classpath.txt) io.agentmesh.bench.SdkEchoServer 9390</pre>
 */
public final class SdkEchoServer {

    private SdkEchoServer() {
    }

    public static void main(String[] args) throws Exception {
        int port = args.length > 0 ? Integer.parseInt(args[0]) : 9390;
        HttpServletStreamableServerTransportProvider transport = HttpServletStreamableServerTransportProvider.builder()
                .mcpEndpoint("/mcp").build();
        McpSchema.Tool echo = McpSchema.Tool.builder().name("echo").description("Echoes the text it is given")
                .inputSchema(Map.of("type", "object", "properties", Map.of("text", Map.of("type", "string")),
                        "required", List.of("text")))
                .build();
        McpSyncServer server = McpServer.sync(transport).serverInfo("sdk-echo", "1.0")
                .capabilities(McpSchema.ServerCapabilities.builder().tools(true).build())
                .tools(McpServerFeatures.SyncToolSpecification.builder().tool(echo)
                        .callHandler((exchange, request) -> McpSchema.CallToolResult.builder()
                                .addTextContent(String.valueOf(request.arguments().get("text"))).build())
                        .build())
                .build();
        Server jetty = new Server();
        ServerConnector connector = new ServerConnector(jetty);
        connector.setHost(InetAddress.getLoopbackAddress().getHostAddress());
        connector.setPort(port);
        jetty.addConnector(connector);
        ServletContextHandler context = new ServletContextHandler();
        context.setContextPath("/");
        ServletHolder holder = new ServletHolder(transport);
        holder.setAsyncSupported(true);
        context.addServlet(holder, "/mcp");
        jetty.setHandler(context);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.closeGracefully();
            try {
                jetty.stop();
            } catch (Exception e) {
                // exiting anyway
            }
        }));
        jetty.start();
        System.out.println("sdk-echo listening on http://127.0.0.1:" + port + "/mcp");
        jetty.join();
    }
}
