package io.agentmesh.agents.http;

import io.agentmesh.web.JwtAccess;
import io.agentmesh.web.OAuthSettings;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The OAuth protected-resource metadata of {@code /mcp} and {@code /api/v1/call} in JWT mode (RFC 9728 §3;
 * MCP 2025-11-25 "Authorization", Authorization Server Location): {@code GET} at
 * {@code /.well-known/oauth-protected-resource} and at its path forms for the entry points
 * ({@code /.well-known/oauth-protected-resource/mcp}, {@code .../mcp/<agent>}, {@code .../api/v1/call}),
 * each the same document ({@link OAuthSettings#metadata()}), readable from any origin (it is public). 404
 * without the JWT mode or at another path.
 */
@WebServlet(name = "oauth-protected-resource",
        urlPatterns = {OAuthSettings.WELL_KNOWN, OAuthSettings.WELL_KNOWN + "/*"})
public class ResourceMetadataServlet extends HttpServlet {

    private static final long serialVersionUID = 1L;

    @Inject
    private transient Instance<Optional<JwtAccess>> jwtSource;

    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Optional<JwtAccess> jwt = jwtSource.isResolvable() ? jwtSource.get() : Optional.empty();
        String path = request.getPathInfo() == null ? "" : request.getPathInfo();
        if (jwt.isEmpty() || !describes(path)) {
            response.sendError(404);
            return;
        }
        byte[] body = jwt.get().settings().metadata().toString().getBytes(StandardCharsets.UTF_8);
        response.setStatus(200);
        response.setContentType("application/json;charset=UTF-8");
        response.setHeader("Cache-Control", "max-age=300");
        response.setHeader("Access-Control-Allow-Origin", "*");   // public; browser-based clients read it cross-origin
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
    }

    /** The root form, or the path form of an entry point. */
    static boolean describes(String path) {
        return path.isEmpty() || path.equals("/") || path.equals("/mcp") || path.startsWith("/mcp/")
                || path.equals("/api/v1/call");
    }
}
