package io.agentmesh.agents.http;

import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * The MCP endpoint of wire-v1 §7 at {@code /mcp/*}: a thin servlet (asynchronous, for SSE) that hands
 * every exchange, whatever its method, to {@link McpHttpHandler}.
 */
@WebServlet(name = "mcp", urlPatterns = "/mcp/*", asyncSupported = true)
public class McpServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient McpEndpoint endpoint;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        endpoint.handler().handle(new ServletExchange(request, response));
    }
}
