package io.agentmesh.it.conformance;

import jakarta.json.Json;
import jakarta.json.JsonArray;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The MCP project's conformance suite as the build installs it ({@code npm ci} in {@code src/test/conformance}:
 * {@code @modelcontextprotocol/conformance} and npm's {@code node} package, whose Node.js 22 the suite needs),
 * run as a process against a server URL. Each scenario's checks are read from the {@code checks.json} the suite
 * writes ({@code -o}: {@code server-<scenario>-<timestamp>/checks.json}); a scenario passes when none of its
 * checks is a {@code FAILURE}, as the suite itself counts.
 */
final class ConformanceSuite {

    /** How long one run of every server scenario may take on a loaded machine. */
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(15);
    private static final Pattern LISTED = Pattern.compile("^\\s+- (\\S+) \\[");
    private static final Pattern REQUIRED = Pattern.compile("^\\s+- (\\S+)$");
    private static final Pattern RESULT_DIR =
            Pattern.compile("^server-(.+)-\\d{4}-\\d{2}-\\d{2}T\\d{2}-\\d{2}-\\d{2}-\\d{3}Z$");

    /** One check of a scenario: its id, status (SUCCESS, FAILURE, WARNING, INFO) and error message. */
    record Check(String id, String status, String errorMessage) {
        @Override
        public String toString() {
            return id + " " + status + (errorMessage.isEmpty() ? "" : ": " + errorMessage);
        }
    }

    /** What one scenario found. */
    record Outcome(String scenario, List<Check> checks) {
        boolean passed() {
            return !checks.isEmpty() && checks.stream().noneMatch(c -> c.status().equals("FAILURE"));
        }

        List<Check> failures() {
            return checks.stream().filter(c -> c.status().equals("FAILURE")).toList();
        }
    }

    private final Path node;
    private final Path cli;

    private ConformanceSuite(Path node, Path cli) {
        this.node = node;
        this.cli = cli;
    }

    /** The installed suite 0.1.16; fails, saying how to install it, when the build did not install it. */
    static ConformanceSuite installed() {
        return installed("@modelcontextprotocol/conformance");
    }

    /**
     * The installed suite of 2026-07-28, 0.2.0-alpha.12, installed under the npm alias {@code conformance-next}
     * beside 0.1.16; fails, saying how to install it, when the build did not install it.
     */
    static ConformanceSuite next() {
        return installed("conformance-next");
    }

    private static ConformanceSuite installed(String pkg) {
        Path dir = Path.of(System.getProperty("mesh.it.conformance.dir", "src/test/conformance"));
        Path node = dir.resolve("node_modules/node/bin/node");
        Path cli = dir.resolve("node_modules/" + pkg + "/dist/index.js");
        if (!Files.isExecutable(node) || !Files.isRegularFile(cli)) {
            throw new AssertionError("the MCP conformance suite is not installed in " + dir + ": the build installs it"
                    + " with `npm ci` there (pre-integration-test), which needs npm (apt-get install npm; .ci/run does)");
        }
        return new ConformanceSuite(node, cli);
    }

    /** The suite's version ({@code --version}). */
    String version() {
        return run(List.of("--version"), null).trim();
    }

    /** The names of every server scenario ({@code list --server}). */
    List<String> serverScenarios() {
        List<String> names = new ArrayList<>();
        for (String line : run(List.of("list", "--server"), null).split("\n")) {
            Matcher m = LISTED.matcher(line);
            if (m.find()) {
                names.add(m.group(1));
            }
        }
        return names;
    }

    /**
     * The server scenarios that a specification revision requires ({@code list --requirements}: the suite's
     * frozen {@code requirements/<revision>.yaml}, which leaves out extensions and scenarios pending at release).
     */
    List<String> requiredServerScenarios(String revision) {
        List<String> names = new ArrayList<>();
        boolean server = false;
        for (String line : run(List.of("list", "--requirements", revision), null).split("\n")) {
            if (line.startsWith("Server scenarios")) {
                server = true;
            } else if (line.startsWith("Client scenarios")) {
                server = false;
            } else if (server) {
                Matcher m = REQUIRED.matcher(line);
                if (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        return names;
    }

    /**
     * Runs every server scenario ({@code --suite all}) against {@code url}, writing into {@code results}; the
     * outcome of each scenario by name. The suite's own output is kept in {@code suite.log} there.
     */
    Map<String, Outcome> runAll(String url, Path results) {
        return runServer(url, results, List.of("--suite", "all"));
    }

    /**
     * Runs the server scenarios of a revision at its wire version ({@code --requirements}; also those it runs
     * without scoring: extensions, scenarios pending at release) against {@code url}, as {@link #runAll}.
     */
    Map<String, Outcome> runRequirements(String url, String revision, Path results) {
        return runServer(url, results, List.of("--requirements", revision));
    }

    private Map<String, Outcome> runServer(String url, Path results, List<String> selection) {
        Path out = results.toAbsolutePath();
        try {
            Files.createDirectories(out);
            List<String> args = new ArrayList<>(List.of("server", "--url", url));
            args.addAll(selection);
            args.addAll(List.of("-o", out.toString()));
            String log = run(args, out);
            Files.writeString(out.resolve("suite.log"), log);
            Map<String, Outcome> outcomes = new TreeMap<>();
            try (var dirs = Files.list(out)) {
                for (Path d : dirs.filter(Files::isDirectory).toList()) {
                    Matcher m = RESULT_DIR.matcher(d.getFileName().toString());
                    if (m.matches()) {
                        outcomes.put(m.group(1), new Outcome(m.group(1), checks(d.resolve("checks.json"))));
                    }
                }
            }
            return outcomes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<Check> checks(Path file) throws IOException {
        JsonArray array;
        try (var reader = Json.createReader(new StringReader(Files.readString(file)))) {
            array = reader.readArray();
        }
        List<Check> checks = new ArrayList<>();
        for (JsonValue v : array) {
            JsonObject c = v.asJsonObject();
            checks.add(new Check(c.getString("id", "?"), c.getString("status", "?"), c.getString("errorMessage", "")));
        }
        return checks;
    }

    private String run(List<String> args, Path workingDir) {
        List<String> command = new ArrayList<>(List.of(node.toString(), cli.toString()));
        command.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true);
        if (workingDir != null) {
            pb.directory(workingDir.toFile());
        }
        pb.environment().put("NO_COLOR", "1");
        try {
            Process p = pb.start();
            var output = new java.io.ByteArrayOutputStream();
            Thread reader = new Thread(() -> {
                try {
                    p.getInputStream().transferTo(output);
                } catch (IOException e) {
                    // the process ended
                }
            }, "conformance-output");
            reader.start();
            if (!p.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("the conformance suite did not finish within " + RUN_TIMEOUT + ": " + command);
            }
            reader.join(TimeUnit.SECONDS.toMillis(30));
            return output.toString(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
