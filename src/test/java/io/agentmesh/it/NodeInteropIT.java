package io.agentmesh.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.testsupport.Eventually;
import java.io.File;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.agentmesh.testsupport.LibertyNode;

/**
 * Interoperability with an independent implementation of wire-v1 (§2–§6): runs the Node.js peer in
 * {@code src/test/node} (standard library only) against the node the build starts (the node as
 * responder), lets a second node dial the peer's responders (the node as initiator), and runs the
 * peer's own self-test. Skipped when no {@code node} executable is on the PATH.
 *
 * <p>System properties: {@code mesh.it.http.port} (the node's HTTP port), {@code mesh.it.server.dir}
 * (its server directory, for {@code mesh-data/node.id}), {@code mesh.it.node} (a node executable
 * instead of the PATH's), {@code mesh.it.handshake-deadline-ms} and {@code mesh.it.max-message-bytes}
 * (the node's configured handshake deadline and message limit; defaults 10000 and 8388608),
 * {@code mesh.it.node.base-port} (the dialing node listens on that port + 41).
 */
class NodeInteropIT {

    private static final Path PEER_DIR = Path.of("src/test/node");
    private static final Path LOG_DIR = Path.of("target/node-interop");
    private static final Duration RUN_TIMEOUT = Duration.ofMinutes(5);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(120);
    private static final Pattern NODE_ID = Pattern.compile("[0-9a-f]{40}");

    private static String node;
    private static String meshUrl;

    @BeforeAll
    static void findNodeAndWaitForTheServer() throws InterruptedException {
        Optional<String> executable = nodeExecutable();
        Assumptions.assumeTrue(executable.isPresent(),
                "no `node` executable on PATH (or -Dmesh.it.node): the Node.js wire-v1 interop tests are skipped");
        node = executable.get();
        int port = Integer.getInteger("mesh.it.http.port", 9080);
        meshUrl = "ws://127.0.0.1:" + port + "/mesh";
        awaitReady(URI.create("http://127.0.0.1:" + port + "/health/ready"));
    }

    @Test
    void peerSelfTestPasses() throws Exception {
        List<String> command = new ArrayList<>(List.of(node, "--test"));
        try (Stream<Path> files = Files.list(PEER_DIR)) {
            files.map(Path::toString).filter(name -> name.endsWith(".test.mjs")).sorted().forEach(command::add);
        }
        Run run = run("self-test", command);
        assertEquals(0, run.exitCode(), () -> "node --test failed:\n" + run.output());
        assertTrue(run.output().contains("# fail 0"), () -> "unexpected self-test output:\n" + run.output());
    }

    @Test
    void handshakeGetInfoAndPing() throws Exception {
        List<String> command = new ArrayList<>(List.of(node, PEER_DIR.resolve("peer.mjs").toString(), "handshake", meshUrl));
        expectedNodeId().ifPresent(command::add);
        Run run = run("handshake", command);
        assertEquals(0, run.exitCode(), () -> "peer.mjs handshake failed:\n" + run.output());
        assertTrue(run.output().contains("\"ok\":true"), () -> run.output());
    }

    @Test
    void hostileCasesGetTheExactOutcomesOfWireV1() throws Exception {
        Run run = run("hostile", List.of(node, PEER_DIR.resolve("peer.mjs").toString(), "hostile", meshUrl,
                "--handshake-deadline-ms", Integer.toString(Integer.getInteger("mesh.it.handshake-deadline-ms", 10_000)),
                "--max-message", Integer.toString(Integer.getInteger("mesh.it.max-message-bytes", 8 * 1024 * 1024))));
        assertEquals(0, run.exitCode(), () -> "peer.mjs hostile found deviations from wire-v1:\n" + run.output());
        assertTrue(run.output().contains(" passed, 0 failed"), () -> run.output());
    }

    /**
     * The node as the Noise initiator: the peer listens with one responder per case, a second
     * Liberty node gets their URLs (with pinned node ids) as {@code mesh.bootstrap} and dials them all.
     */
    @Test
    void nodeAsInitiatorGetsTheExactOutcomesOfWireV1() throws Exception {
        Files.createDirectories(LOG_DIR);
        Path log = LOG_DIR.resolve("initiator.log");
        List<String> command = List.of(node, PEER_DIR.resolve("peer.mjs").toString(), "initiator",
                "--wait-ms", "40000",
                "--max-message", Integer.toString(Integer.getInteger("mesh.it.max-message-bytes", 8 * 1024 * 1024)));
        Process peer = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        try {
            String bootstrap = awaitBootstrap(peer, log);
            try (LibertyNode dialer = LibertyNode.create("interop-dialer", LibertyNode.basePort() + 41,
                    Map.of("MESH_BOOTSTRAP", bootstrap))) {
                dialer.start();
                boolean ended = peer.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
                String output = String.join(" ", command) + "\n" + Files.readString(log, StandardCharsets.UTF_8);
                assertTrue(ended, () -> "peer.mjs initiator did not end:\n" + output);
                assertEquals(0, peer.exitValue(), () -> "the node as initiator deviates from wire-v1:\n" + output);
            }
        } finally {
            peer.destroyForcibly();
        }
    }

    /** The bootstrap list peer.mjs initiator prints first. */
    private static String awaitBootstrap(Process peer, Path log) throws IOException {
        Pattern line = Pattern.compile("\\{\"bootstrap\":\"([^\"]+)\"\\}");
        Optional<String> bootstrap = Eventually.poll(Duration.ofSeconds(30), () -> {
            Matcher m = line.matcher(Files.readString(log, StandardCharsets.UTF_8));
            return m.find() ? Optional.of(m.group(1)) : Optional.<String>empty();
        }, found -> found.isPresent() || !peer.isAlive());
        if (bootstrap.isPresent()) {
            return bootstrap.get();
        }
        throw new AssertionError("peer.mjs initiator printed no bootstrap list:\n" + Files.readString(log, StandardCharsets.UTF_8));
    }

    /** The node id the node wrote to its data directory, when the build's server directory has one. */
    private static Optional<String> expectedNodeId() throws IOException {
        String serverDir = System.getProperty("mesh.it.server.dir");
        if (serverDir == null) {
            return Optional.empty();
        }
        Path file = Path.of(serverDir, "mesh-data", "node.id");
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        String id = Files.readString(file, StandardCharsets.US_ASCII).trim();
        return NODE_ID.matcher(id).matches() ? Optional.of(id) : Optional.empty();
    }

    private static Optional<String> nodeExecutable() {
        String configured = System.getProperty("mesh.it.node");
        if (configured != null && !configured.isBlank()) {
            return Optional.of(configured);
        }
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(Pattern.quote(File.pathSeparator))) {
            for (String name : List.of("node", "node.exe")) {
                Path candidate = Path.of(dir, name);
                if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                    return Optional.of(candidate.toString());
                }
            }
        }
        return Optional.empty();
    }

    /** Waits until the node reports ready; the scenarios report a node that never does. */
    private static void awaitReady(URI health) {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(2)).build();
        Eventually.within(READY_TIMEOUT, () -> {
            try {
                return client.send(HttpRequest.newBuilder(health).timeout(Duration.ofSeconds(5)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException notYet) {
                return false;   // not listening yet
            }
        });
    }

    private record Run(int exitCode, String output) {
    }

    /** Runs a command with stdout and stderr into target/node-interop/{name}.log; kills it after RUN_TIMEOUT. */
    private static Run run(String name, List<String> command) throws IOException, InterruptedException {
        Files.createDirectories(LOG_DIR);
        Path log = LOG_DIR.resolve(name + ".log");
        Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!process.waitFor(RUN_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor();
            return new Run(-1, "timed out after " + RUN_TIMEOUT + ": " + String.join(" ", command) + "\n"
                    + Files.readString(log, StandardCharsets.UTF_8));
        }
        return new Run(process.exitValue(), String.join(" ", command) + "\n" + Files.readString(log, StandardCharsets.UTF_8));
    }
}
