package io.agentmesh.admin;

import jakarta.ws.rs.ApplicationPath;
import jakarta.ws.rs.core.Application;

/** The node's REST API root, {@code /api/v1}; its resources are found by scanning. */
@ApplicationPath("/api/v1")
public class RestApi extends Application {
}
