package io.agentmesh.testsupport;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import java.util.logging.Logger;

/**
 * A real Liberty server running the built WAR, for integration tests that need more nodes than the
 * one the build starts. Servers live in their own user directory ({@code target/it-nodes}) of the
 * runtime the build installed ({@code target/liberty/wlp}); each has its own ports and data.
 * Ports come from the system property {@code mesh.it.node.base-port} (set by failsafe). The JVM options
 * in the system property {@code mesh.it.node.jvm-options} (space separated) are added to each server's
 * jvm.options: failsafe sets C1-only compilation and the serial collector, which halve the CPU a node
 * spends before it is ready; the load tools leave it unset, so that their nodes run as deployed.
 */
public final class LibertyNode implements AutoCloseable {

    /** How long a start may take: a loaded machine (several builds on two cores) needs more than 90 s. */
    private static final Duration READY_TIMEOUT = Duration.ofMinutes(4);
    private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    private static final Path WLP = PROJECT.resolve("target/liberty/wlp");
    private static final Path USER_DIR = PROJECT.resolve("target/it-nodes/usr");

    private final String name;
    private final int httpPort;
    private final Map<String, String> env;
    private final Path serverDir;

    private LibertyNode(String name, int httpPort, Map<String, String> env) {
        this.name = name;
        this.httpPort = httpPort;
        this.env = env;
        this.serverDir = USER_DIR.resolve("servers").resolve(name);
    }

    /**
     * The first port of the range reserved for extra test nodes. Each test class owns its offsets, so
     * that servers of different classes never share a port: 0 NodeStartIT, 1 McpAccessIT, 10–11
     * MeshConsoleIT, 20 LinkIT, 25 AdminCenterIT, 30–32 ChainMesh, 41 NodeInteropIT, 50–52 and 59
     * BootstrapHealthIT, 60–62 RegistryIT, 70–72 FailoverIT, 80 AdmissionIT, 90–91 PeerPoisoningIT, 100
     * AdminCenterIT (a generated password), 101 SybilAdvertsIT (100–119 are the attack tests'), 120–122
     * CertifiedMeshIT, 130 OAuthEdgeIT (130–139 are the OAuth tests'), 140–141 AccessRulesIT (140–149 reserved
     * for it), 150–159 SealedRelayIT, 160–162 ZeroTrustMeshIT, 180–183 the load tool SealedLoad, 200–209
     * ModernMcpIT, 210 BridgeErasIT (210–219 reserved for it), 240–249 TracingIT, 260 CrashSafetyIT, 270–279 the
     * load tool LinkCapacity and ManyLinksIT, 280–289 the soak (Soak, SoakIT: reserved; their nodes listen in
     * network namespaces), 290–291 KeepAliveIT. HTTPS
     * ports are these plus 1000.
     */
    public static int basePort() {
        return Integer.getInteger("mesh.it.node.base-port", 9600);
    }

    /**
     * Creates server {@code name} afresh (a server left from an earlier run is stopped and removed)
     * listening on loopback port {@code httpPort}, with {@code env} as its server.env (for example
     * MESH_BOOTSTRAP). Stopping and starting it later keeps its data.
     */
    public static LibertyNode create(String name, int httpPort, Map<String, String> env) {
        LibertyNode node = new LibertyNode(name, httpPort, new LinkedHashMap<>(env));
        if (Files.isDirectory(node.serverDir)) {
            node.stop();
            deleteTree(node.serverDir);
        }
        node.configure();
        return node;
    }

    private static void deleteTree(Path dir) {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot remove " + dir, e);
        }
    }

    private void configure() {
        try {
            Files.createDirectories(serverDir.resolve("apps"));
            Files.copy(PROJECT.resolve("server.xml"), serverDir.resolve("server.xml"), StandardCopyOption.REPLACE_EXISTING);
            Files.copy(PROJECT.resolve("liberty/jvm.options"), serverDir.resolve("jvm.options"), StandardCopyOption.REPLACE_EXISTING);
            String extra = System.getProperty("mesh.it.node.jvm-options", "").trim();
            if (!extra.isEmpty()) {
                Files.writeString(serverDir.resolve("jvm.options"), String.join("\n", extra.split("\\s+")) + "\n",
                        StandardOpenOption.APPEND);
            }
            Files.copy(PROJECT.resolve("target/agentmesh.war"), serverDir.resolve("apps/agentmesh.war"), StandardCopyOption.REPLACE_EXISTING);
            Files.writeString(serverDir.resolve("bootstrap.properties"),
                    "http.port=" + httpPort + "\nhttps.port=" + httpsPort() + "\n");
            StringBuilder serverEnv = new StringBuilder();
            env.forEach((k, v) -> serverEnv.append(k).append('=').append(v).append('\n'));
            Files.writeString(serverDir.resolve("server.env"), serverEnv.toString());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot configure Liberty server " + name, e);
        }
    }

    /** Starts the server and waits until {@code /health/ready} answers 200. */
    public LibertyNode start() {
        run("start");
        awaitReady(READY_TIMEOUT);
        return this;
    }

    /** Waits until a server started with {@link #startNoWait()} answers {@code /health/ready} with 200. */
    public LibertyNode waitUntilReady() {
        awaitReady(READY_TIMEOUT);
        return this;
    }

    /** Starts the server without waiting for readiness (for nodes expected to fail at start). */
    public LibertyNode startNoWait() {
        run("start");
        return this;
    }

    /** Waits until messages.log contains {@code text}; returns false when it does not within {@code timeout}. */
    public boolean awaitLog(String text, Duration timeout) {
        return Eventually.within(timeout, () -> messagesLog().contains(text));
    }

    /** The HTTP status of GET {@code path} on this node, or -1 when it does not answer. */
    public int httpStatus(String path) {
        try {
            return probeClient().send(
                    HttpRequest.newBuilder(URI.create(httpUrl() + path)).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (IOException e) {
            return -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return -1;
        }
    }

    /**
     * The ids of the nodes this node's {@code node/find_agents} lists for {@code agent} (asked through
     * {@code /api/v1/call}); null when it answers with an error.
     */
    public Set<String> replicasOf(String agent) throws IOException, InterruptedException {
        HttpResponse<String> r = probeClient().send(HttpRequest.newBuilder(URI.create(httpUrl() + "/api/v1/call"))
                .timeout(Duration.ofSeconds(10)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("{\"target\":\"local\",\"method\":\"find_agents\","
                        + "\"params\":{\"agent\":\"" + agent + "\"}}")).build(), HttpResponse.BodyHandlers.ofString());
        JsonObject answer = Json.createReader(new StringReader(r.body())).readObject();
        if (!answer.containsKey("result")) {
            return null;
        }
        Set<String> ids = new TreeSet<>();
        for (JsonValue v : answer.getJsonObject("result").getJsonArray("agents")) {
            ids.add(v.asJsonObject().getString("node_id"));
        }
        return ids;
    }

    /** Stops the server (its data stays). */
    public void stop() {
        run("stop");
    }

    /**
     * Kills the server's JVM with SIGKILL, as a crash or {@code kill -9} would: no shutdown hook, no
     * flush, no goodbye to its peers; returns once the process is gone. Its data stays. Does nothing when
     * the server does not run.
     */
    public void kill() {
        OptionalLong running = pid();
        if (running.isEmpty()) {
            return;
        }
        long pid = running.getAsLong();
        ProcessHandle.of(pid).ifPresent(process -> {
            process.destroyForcibly();
            try {
                process.onExit().get(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while killing " + name, e);
            } catch (ExecutionException | TimeoutException e) {
                throw new IllegalStateException("server " + name + " (pid " + pid + ") did not die", e);
            }
        });
    }

    /** The process id of the server's JVM as Liberty recorded it at start; empty when it has none. */
    public OptionalLong pid() {
        Path pidFile = USER_DIR.resolve("servers/.pid").resolve(name + ".pid");
        try {
            return OptionalLong.of(Long.parseLong(Files.readString(pidFile, StandardCharsets.US_ASCII).trim()));
        } catch (IOException | NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /**
     * Starts {@code nodes} side by side and waits until every one is ready (a node bootstrapping from another
     * retries until that one listens); when one does not become ready, stops them all and throws.
     */
    public static void startAll(LibertyNode... nodes) {
        try {
            eachAtOnce(List.of(nodes), LibertyNode::start);
        } catch (RuntimeException e) {
            stopAll(nodes);
            throw e;
        }
    }

    /** Stops {@code nodes} side by side, null ones skipped; one that cannot be stopped is logged, the rest stop. */
    public static void stopAll(LibertyNode... nodes) {
        List<LibertyNode> started = Arrays.stream(nodes).filter(Objects::nonNull).toList();
        try {
            eachAtOnce(started, LibertyNode::stop);
        } catch (RuntimeException e) {
            Logger.getLogger(LibertyNode.class.getName()).warning("could not stop a node: " + e);
        }
    }

    /** Runs {@code action} on every node, each on a thread of its own; throws the first failure after all ended. */
    private static void eachAtOnce(List<LibertyNode> nodes, Consumer<LibertyNode> action) {
        List<CompletableFuture<Void>> runs = nodes.stream()
                .map(n -> CompletableFuture.runAsync(() -> action.accept(n),
                        r -> new Thread(r, "liberty-" + n.name()).start()))
                .toList();
        RuntimeException first = null;
        for (var run : runs) {
            try {
                run.join();
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException re ? re : e;
                if (first == null) {
                    first = cause;
                } else {
                    first.addSuppressed(cause);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }

    @Override
    public void close() {
        stop();
    }

    public String name() {
        return name;
    }

    public int httpPort() {
        return httpPort;
    }

    /** The HTTPS port: {@code httpPort + 1000}. */
    public int httpsPort() {
        return httpPort + 1000;
    }

    public String httpsUrl() {
        return "https://127.0.0.1:" + httpsPort();
    }

    public String meshUrl() {
        return "ws://127.0.0.1:" + httpPort + "/mesh";
    }

    public String httpUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public Path serverDir() {
        return serverDir;
    }

    /** The node id the server wrote to its data directory at start. */
    public String nodeId() {
        try {
            return Files.readString(serverDir.resolve("mesh-data/node.id"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + name + " has no node.id yet", e);
        }
    }

    /** The administrator's password the node generated at its first start (in {@code mesh-data/admin.xml}). */
    public String adminPassword() {
        String configured = env.get("MESH_ADMIN_PASSWORD");
        return configured != null ? configured : generatedAdminPassword(serverDir);
    }

    /** The password of the build-started node's administrator (pom.xml, {@code mesh.it.admin.password}). */
    public static String buildNodeAdminPassword() {
        return System.getProperty("mesh.it.admin.password", "it-administrator-9f3c1a");
    }

    /**
     * The administrator's generated password, from the line of the start that generated it in the server's
     * logs ({@code mesh-data/admin.xml} keeps only its hash).
     */
    public static String generatedAdminPassword(Path serverDir) {
        java.util.regex.Pattern line = java.util.regex.Pattern.compile("Generated the password (\\S+) for the administrator");
        try (var logs = Files.list(serverDir.resolve("logs"))) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("messages")).toList()) {
                java.util.regex.Matcher m = line.matcher(Files.readString(log));
                if (m.find()) {
                    return m.group(1);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("no logs in " + serverDir + " yet", e);
        }
        throw new IllegalStateException("no generated administrator password in the logs of " + serverDir);
    }

    /** The server's messages.log, for assertions and failure reports. */
    public String messagesLog() {
        try {
            return Files.readString(serverDir.resolve("logs/messages.log"));
        } catch (IOException e) {
            return "(no messages.log: " + e + ")";
        }
    }

    /**
     * HTTP/1.1 only: the JDK client's default asks a plain-HTTP server to upgrade to h2c, and Liberty parks an
     * executor thread for each such request whose client gives up while the server starts; enough of them
     * starve the executor that deploys the application, and the server never becomes ready.
     */
    private static HttpClient probeClient() {
        return HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(2)).build();
    }

    private void awaitReady(Duration timeout) {
        HttpClient http = probeClient();
        boolean ready = Eventually.within(timeout, () -> {
            try {
                return http.send(
                        HttpRequest.newBuilder(URI.create(httpUrl() + "/health/ready")).timeout(Duration.ofSeconds(2)).build(),
                        HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
            } catch (IOException e) {
                return false;   // not listening yet
            }
        });
        if (!ready) {
            throw new IllegalStateException("Liberty server " + name + " not ready on port " + httpPort
                    + " within " + timeout + "\n" + messagesLog());
        }
    }

    private void run(String action) {
        ProcessBuilder pb = new ProcessBuilder(WLP.resolve("bin/server").toString(), action, name)
                .redirectErrorStream(true);
        pb.environment().put("WLP_USER_DIR", USER_DIR.toString());
        try {
            Process p = pb.start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException("server " + action + " " + name + " did not finish");
            }
            int rc = p.exitValue();
            // 1 from "stop" means "was not running": fine.
            if (rc != 0 && !(action.equals("stop") && rc == 1)) {
                throw new IllegalStateException("server " + action + " " + name + " exited " + rc + ": " + out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run Liberty's server script", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
