package io.agentmesh.it.conformance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.it.McpHttp;
import io.agentmesh.testsupport.ChainMesh;
import io.agentmesh.testsupport.Eventually;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The MCP project's conformance suite ({@code @modelcontextprotocol/conformance} 0.1.16, every server
 * scenario of 2025-11-25; and 0.2.0-alpha.12, every server scenario that 2026-07-28 requires, run at the
 * 2026-07-28 wire with {@code --requirements 2026-07-28}) against the fixture agent {@code conformance}
 * ({@code mesh.conformance.enabled}): at {@code /mcp/conformance} of the node under test, and at
 * {@code /mcp/<node 3>/conformance} of node 1 of a chain of three nodes, where only node 3 hosts it, two
 * hops away. Each scenario must pass on both paths, except those of {@link #NOT_YET} and
 * {@link #NOT_YET_2026}, which must still fail there: when one passes, it leaves the list. What the alpha
 * runs without scoring at 2026-07-28 (extensions such as tasks, scenarios pending at its release) is shown,
 * not asserted.
 */
class McpConformanceIT {

    private static final Duration CONVERGE = Duration.ofSeconds(90);
    private static final Path RESULTS = Path.of("target/conformance").toAbsolutePath();

    /** The two ways to the agent. */
    enum Way {
        AGENT_PATH, TWO_HOPS
    }

    /** A scenario that cannot pass yet on {@code ways}, and why. */
    record NotYet(String reason, List<Way> ways) {
    }

    private static NotYet notYet(String reason, Way... ways) {
        return new NotYet(reason, ways.length == 0 ? List.of(Way.values()) : List.of(ways));
    }

    /**
     * The scenarios that fail today, each with what they wait for. A scenario that starts to pass fails this
     * test until it is removed here.
     */
    static final Map<String, NotYet> NOT_YET = Map.of();

    /** The specification revision that the 0.2.0 alpha tests, and the scenarios of it that fail today. */
    static final String MODERN = "2026-07-28";

    static final Map<String, NotYet> NOT_YET_2026 = Map.of();

    private static ChainMesh chain;

    @BeforeAll
    static void startTheChain() {
        chain = ChainMesh.get();   // its node 3 hosts the fixture agent
    }

    @Test
    void everyServerScenarioAtTheAgentsPath() {
        int port = Integer.getInteger("mesh.it.http.port", 9080);
        runAndCheck(Way.AGENT_PATH, "http://127.0.0.1:" + port + "/mcp/conformance", new McpHttp(port),
                "/mcp/conformance");
    }

    @Test
    void everyServerScenarioTwoHopsAway() {
        assertTrue(chain.awaitRoute(1, 3, 2, CONVERGE), "node 1 learns a 2-hop route to node 3");
        String path = "/mcp/" + chain.nodeId(3) + "/conformance";
        runAndCheck(Way.TWO_HOPS, chain.node(1).httpUrl() + path, new McpHttp(chain.node(1).httpPort()), path);
    }

    @Test
    void everyRequiredServerScenarioAt20260728AtTheAgentsPath() {
        int port = Integer.getInteger("mesh.it.http.port", 9080);
        runAndCheckModern(Way.AGENT_PATH, "http://127.0.0.1:" + port + "/mcp/conformance", new McpHttp(port),
                "/mcp/conformance");
    }

    @Test
    void everyRequiredServerScenarioAt20260728TwoHopsAway() {
        assertTrue(chain.awaitRoute(1, 3, 2, CONVERGE), "node 1 learns a 2-hop route to node 3");
        String path = "/mcp/" + chain.nodeId(3) + "/conformance";
        runAndCheckModern(Way.TWO_HOPS, chain.node(1).httpUrl() + path, new McpHttp(chain.node(1).httpPort()), path);
    }

    private static void runAndCheck(Way way, String url, McpHttp http, String path) {
        awaitAgent(url, http, path);
        ConformanceSuite suite = ConformanceSuite.installed();
        assertEquals("0.1.16", suite.version(), "the pinned suite (src/test/conformance/package-lock.json)");
        List<String> scenarios = suite.serverScenarios();
        assertTrue(scenarios.size() >= 30, () -> "the suite lists its server scenarios: " + scenarios);
        Path out = RESULTS.resolve(way.name().toLowerCase().replace('_', '-'));
        deleteTree(out);
        check(way, url, suite, scenarios, suite.runAll(url, out), NOT_YET, out);
    }

    private static void runAndCheckModern(Way way, String url, McpHttp http, String path) {
        awaitAgent(url, http, path);
        ConformanceSuite suite = ConformanceSuite.next();
        assertEquals("0.2.0-alpha.12", suite.version(), "the pinned alpha (src/test/conformance/package-lock.json)");
        List<String> scenarios = suite.requiredServerScenarios(MODERN);
        assertTrue(scenarios.size() >= 30, () -> "the alpha lists the server scenarios " + MODERN + " requires: " + scenarios);
        Path out = RESULTS.resolve(MODERN).resolve(way.name().toLowerCase().replace('_', '-'));
        deleteTree(out);
        check(way, url, suite, scenarios, suite.runRequirements(url, MODERN, out), NOT_YET_2026, out);
    }

    private static void awaitAgent(String url, McpHttp http, String path) {
        assertTrue(Eventually.within(CONVERGE, () -> {
            try {
                http.session(path);
                return true;
            } catch (AssertionError | IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }), () -> "the conformance agent answers initialize at " + url);
    }

    /**
     * Each of {@code scenarios} passes, or fails and is in {@code notYet}; outcomes of scenarios not in
     * {@code scenarios} (run but not scored) are shown only.
     */
    private static void check(Way way, String url, ConformanceSuite suite, List<String> scenarios,
                              Map<String, ConformanceSuite.Outcome> outcomes, Map<String, NotYet> notYet, Path out) {
        List<String> problems = new ArrayList<>();
        StringBuilder table = new StringBuilder("MCP conformance suite " + suite.version() + " at " + url + "\n");
        for (String scenario : scenarios) {
            ConformanceSuite.Outcome outcome = outcomes.get(scenario);
            NotYet pending = notYet.get(scenario);
            boolean expectedToFail = pending != null && pending.ways().contains(way);
            String result = outcome == null ? "NO RESULT" : outcome.passed() ? "pass" : "FAIL " + outcome.failures();
            table.append(String.format("  %-32s %s%n", scenario, result));
            if (outcome == null) {
                problems.add(scenario + ": no result in " + out + " (see suite.log there)");
            } else if (expectedToFail && outcome.passed()) {
                problems.add(scenario + " passes now: remove it from McpConformanceIT's list (" + pending.reason() + ")");
            } else if (!expectedToFail && !outcome.passed()) {
                problems.add(scenario + " fails: " + outcome.failures());
            }
        }
        for (var unscored : outcomes.values()) {
            if (!scenarios.contains(unscored.scenario())) {
                table.append(String.format("  %-32s not scored: %s%n", unscored.scenario(),
                        unscored.passed() ? "pass" : "fail"));
            }
        }
        System.out.println(table);
        assertTrue(problems.isEmpty(), () -> way + ", " + url + ":\n  " + String.join("\n  ", problems) + "\n" + table);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
