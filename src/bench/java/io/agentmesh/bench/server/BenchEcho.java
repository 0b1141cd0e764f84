package io.agentmesh.bench.server;

import io.agentmesh.node.MeshConfig;
import io.agentmesh.web.AccessPolicy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.NotFoundException;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.MediaType;
import org.eclipse.microprofile.openapi.annotations.Operation;

/**
 * The plaintext baseline of the {@code /mcp} benchmark ({@code docs/benchmarks.md}): {@code POST
 * /api/v1/bench/echo} returns the body it is given. It exists only when {@code mesh.bench.enabled=true}
 * (else 404), answers loopback clients only (else 404 too), and accepts at most 64 KiB.
 */
@Path("bench/echo")
@ApplicationScoped
public class BenchEcho {

    private static final int MAX_BYTES = 64 * 1024;

    @Inject
    MeshConfig config;

    @POST
    @Operation(hidden = true)
    @Consumes(MediaType.WILDCARD)
    @Produces(MediaType.APPLICATION_JSON)
    public byte[] echo(byte[] body, @Context HttpServletRequest request) {
        if (!config.benchEnabled() || !AccessPolicy.isLoopback(request.getRemoteAddr()) || body.length > MAX_BYTES) {
            throw new NotFoundException();
        }
        return body;
    }
}
