package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.http.HttpRequest;
import org.junit.jupiter.api.Test;

/** The benchmark baseline {@code /api/v1/bench/echo} does not exist unless {@code mesh.bench.enabled=true}. */
class BenchEchoIT {

    @Test
    void theBaselineIsAbsentByDefault() throws Exception {
        McpHttp http = McpHttp.fromSystemProperty();
        int status = http.send(http.request("/api/v1/bench/echo").header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"a\":1}")).build()).statusCode();
        assertEquals(404, status);
    }
}
