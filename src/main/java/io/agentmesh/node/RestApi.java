package io.agentmesh.node;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;
import org.eclipse.microprofile.openapi.annotations.OpenAPIDefinition;
import org.eclipse.microprofile.openapi.annotations.info.Info;

/**
 * The node's REST API root, {@code /api/v1}; its resources are found by scanning. Its OpenAPI document
 * is served at {@code /openapi} (docs/api.md).
 */
@ApplicationPath("/api/v1")
@OpenAPIDefinition(info = @Info(title = "agentmesh node", version = "1",
        description = "The REST API of an agentmesh node: calls into the mesh (docs/api.md)."))
public class RestApi extends Application {
}
