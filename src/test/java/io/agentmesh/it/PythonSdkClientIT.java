package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The official MCP Python SDK's client ({@code mcp} 2.3.0, which speaks 2026-07-28 and the handshake
 * revisions) against the node under test, in each of its connect modes: {@code legacy} (initialize),
 * {@code 2026-07-28} (stateless) and {@code auto} (server/discover first). The client runs in a virtual
 * environment the test makes under {@code target/} and fills with pip; where pip cannot install the package
 * (PyPI is not reachable here: pip reads this machine's wheel mirror), the test says so and is skipped.
 * The client script is {@code src/test/python/mcp_client.py}.
 */
class PythonSdkClientIT {

    private static final String PACKAGE = "mcp==2.3.0";
    private static final Path VENV = Path.of("target", "python-mcp");
    private static final Path SCRIPT = Path.of("src", "test", "python", "mcp_client.py");

    private final String base = McpHttp.fromSystemProperty().base();

    @BeforeAll
    static void installTheSdk() throws Exception {
        if (Files.isExecutable(python()) && run(List.of(python().toString(), "-c", "import mcp")).exit == 0) {
            return;
        }
        Ran venv = run(List.of("python3", "-m", "venv", VENV.toString()));
        Assumptions.assumeTrue(venv.exit == 0, () -> "python3 -m venv failed, the Python SDK client test is skipped: "
                + venv.output);
        // no retries: where PyPI is unreachable, pip would wait out five retries for every package before it
        // takes the next index (minutes here); with none it goes on to the mirror at once
        Ran pip = run(List.of(VENV.resolve("bin").resolve("pip").toString(), "install", "-q", "--retries", "0",
                "--timeout", "15", PACKAGE));
        Assumptions.assumeTrue(pip.exit == 0, () -> "pip could not install " + PACKAGE
                + " (PyPI or a wheel mirror is needed), the Python SDK client test is skipped: " + pip.output);
    }

    private static Path python() {
        return VENV.resolve("bin").resolve("python");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource({"legacy, 2025-11-25", "2026-07-28, 2026-07-28", "auto, 2026-07-28"})
    void listsAndCallsTheEchoTool(String mode, String speaks) throws Exception {
        Ran client = run(List.of(python().toString(), SCRIPT.toString(), base + "/mcp/echo", mode));
        assertEquals(0, client.exit, () -> "the client failed: " + client.output);
        String last = client.output.strip().lines().reduce((a, b) -> b).orElse("");
        JsonObject seen = Json.createReader(new StringReader(last)).readObject();
        assertEquals(speaks, seen.getString("protocolVersion"));
        assertTrue(seen.getJsonArray("tools").toString().contains("\"echo\""), seen::toString);
        assertEquals("hello from python", seen.getString("text"));
        assertEquals(false, seen.getBoolean("isError"));
    }

    private record Ran(int exit, String output) {
    }

    private static Ran run(List<String> command) throws IOException, InterruptedException {
        Path log = Files.createTempFile("python-mcp", ".log");
        try {
            Process process = new ProcessBuilder(new ArrayList<>(command)).redirectErrorStream(true)
                    .redirectOutput(log.toFile()).start();
            if (!process.waitFor(5, TimeUnit.MINUTES)) {
                process.destroyForcibly();
                return new Ran(-1, "timed out: " + Files.readString(log, StandardCharsets.UTF_8));
            }
            return new Ran(process.exitValue(), Files.readString(log, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(log);
        }
    }
}
