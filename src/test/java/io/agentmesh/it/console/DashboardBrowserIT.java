package io.agentmesh.it.console;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The dashboard in a real browser against the build's node: headless Chromium (Debian's
 * {@code chromium}) driven by Playwright ({@code src/test/e2e/dashboard.test.mjs}) logs in, sees the
 * node and its agents, calls {@code echo} from the form, sees the result and takes a screenshot
 * ({@code target/dashboard.png}). Skipped, saying why, where Chromium, node or playwright-core is missing.
 */
class DashboardBrowserIT {

    private static final int HTTPS_PORT = Integer.getInteger("mesh.it.https.port", 9443);
    private static final Path SERVER_DIR = Path.of(System.getProperty("mesh.it.server.dir",
            "target/liberty/wlp/usr/servers/defaultServer"));
    private static final Path E2E = Path.of(System.getProperty("mesh.it.e2e.dir", "src/test/e2e"));
    private static final Path SCREENSHOT = Path.of(System.getProperty("mesh.it.screenshot", "target/dashboard.png"));
    private static final Path CHROMIUM = Path.of(System.getenv().getOrDefault("CHROMIUM", "/usr/bin/chromium"));

    @Test
    void logInSeeTheNodeAndItsAgentsCallEchoAndTakeAScreenshot() throws Exception {
        runOnlyIf(Files.isExecutable(CHROMIUM), "Chromium not found at " + CHROMIUM
                + " (apt-get install chromium, or set CHROMIUM to the browser's path)");
        runOnlyIf(commandWorks("node", "--version"), "node not found on the PATH (apt-get install nodejs npm)");
        runOnlyIf(Files.isDirectory(E2E.resolve("node_modules/playwright-core")), "playwright-core is not installed in "
                + E2E + " (the build runs npm ci there when npm is present: apt-get install npm)");

        // the node is ready before this test runs; make sure its administrator exists and HTTPS answers
        AdminApi api = new AdminApi(HTTPS_PORT);
        assertEquals(200, api.await("/api/v1/admin/node", a -> a.status() == 200, java.time.Duration.ofSeconds(120))
                .status(), "the admin API answers its administrator");
        String nodeId = Files.readString(SERVER_DIR.resolve("mesh-data/node.id")).trim();
        Files.deleteIfExists(SCREENSHOT);
        Files.createDirectories(SCREENSHOT.toAbsolutePath().getParent());

        ProcessBuilder pb = new ProcessBuilder("node", "dashboard.test.mjs").directory(E2E.toFile()).redirectErrorStream(true);
        pb.environment().put("DASHBOARD_URL", "https://127.0.0.1:" + HTTPS_PORT + "/dashboard/");
        pb.environment().put("ADMIN_USER", "admin");
        pb.environment().put("ADMIN_PASSWORD", api.password());
        pb.environment().put("NODE_ID", nodeId);
        pb.environment().put("SCREENSHOT", SCREENSHOT.toAbsolutePath().toString());
        pb.environment().put("CHROMIUM", CHROMIUM.toString());
        Process p = pb.start();
        String out;
        boolean finished = p.waitFor(240, TimeUnit.SECONDS);
        out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!finished) {
            p.destroyForcibly();
        }
        assertTrue(finished, "the browser test did not end:\n" + out);
        assertEquals(0, p.exitValue(), "the browser test failed:\n" + out);
        assertTrue(out.contains("dashboard test passed"), out);
        assertTrue(Files.size(SCREENSHOT) > 10_000, "a screenshot was taken: " + SCREENSHOT);
    }

    /** Skips the test unless {@code present}, saying why on the build's output (a skip is otherwise silent there). */
    private static void runOnlyIf(boolean present, String missing) {
        String why = missing + ": skipping the dashboard browser test";
        if (!present) {
            System.out.println("DashboardBrowserIT: " + why);
        }
        assumeTrue(present, why);
    }

    private static boolean commandWorks(String... command) {
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            return p.waitFor(30, TimeUnit.SECONDS) && p.exitValue() == 0;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }
}
