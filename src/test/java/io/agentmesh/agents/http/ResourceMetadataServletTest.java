package io.agentmesh.agents.http;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Which paths below /.well-known/oauth-protected-resource describe this node's protected entry points. */
class ResourceMetadataServletTest {

    @Test
    void theRootAndThePathFormsOfTheEntryPointsAreDescribed() {
        for (String path : new String[] {"", "/", "/mcp", "/mcp/echo", "/mcp/1111111111111111111111111111111111111111/echo",
                "/api/v1/call"}) {
            assertTrue(ResourceMetadataServlet.describes(path), path);
        }
        for (String path : new String[] {"/mcpx", "/api/v1/admin", "/api/v1/call/x", "/mesh", "/other"}) {
            assertFalse(ResourceMetadataServlet.describes(path), path);
        }
    }
}
