package io.agentmesh.testsupport;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A mesh of Liberty nodes in network namespaces, driven through {@code liberty/mesh-netns.sh}
 * (docs/operations.md, "A mesh of namespaces"): node K lives in namespace {@code <prefix>-nK} at address
 * {@code <subnet>.K}. Needs root and {@code ip netns}; {@link #requireRoot()} says so clearly instead of
 * letting a test skip.
 */
public final class NetnsMesh implements AutoCloseable {

    private static final Path PROJECT = Path.of(System.getProperty("user.dir"));
    private static final Path SCRIPT = PROJECT.resolve("liberty/mesh-netns.sh");
    /** Longest a script command may take: up starts every node, which takes minutes on a loaded machine. */
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(12);

    private final String prefix;
    private final String subnet;
    private final Map<String, String> env;
    private final Path log;

    /** A mesh named {@code prefix} on {@code subnet} (three octets); {@code env}: MESH_* settings of every node. */
    public NetnsMesh(String prefix, String subnet, Map<String, String> env) {
        this.prefix = prefix;
        this.subnet = subnet;
        this.env = new LinkedHashMap<>(env);
        this.env.put("MESH_NETNS_SUBNET", subnet);
        String jvmOptions = System.getProperty("mesh.it.node.jvm-options", "").trim();   // as LibertyNode's
        if (!jvmOptions.isEmpty()) {
            this.env.put("MESH_NETNS_JVM_OPTIONS", jvmOptions);
        }
        this.log = PROJECT.resolve("target/it-nodes/" + prefix + "-script.log");
    }

    /** Throws, saying why, unless this process is root and {@code ip netns} works. */
    public static void requireRoot() {
        String uid = run(List.of("id", "-u"), Map.of(), Duration.ofSeconds(10)).trim();
        if (!uid.equals("0")) {
            throw new IllegalStateException("this test builds network namespaces and needs root (uid " + uid
                    + "); run it as root, as CI does");
        }
        try {
            run(List.of("ip", "netns", "list"), Map.of(), Duration.ofSeconds(10));
        } catch (RuntimeException e) {
            throw new IllegalStateException("this test needs ip netns (iproute2) working: " + e.getMessage(), e);
        }
    }

    /** Removes what an earlier run of this prefix left, then makes and starts {@code n} nodes. */
    public void up(int n, String samplesOn) {
        down();
        script("up", Integer.toString(n), "--samples", samplesOn);
    }

    public void down() {
        script("down");
    }

    @Override
    public void close() {
        down();
    }

    public void kill(int k) {
        script("kill", Integer.toString(k));
    }

    /** Starts node {@code k} again without its bootstrap list; returns when it is ready. */
    public void restart(int k) {
        script("restart", Integer.toString(k));
    }

    public void cut(int k) {
        script("cut", Integer.toString(k));
    }

    public void heal(int k) {
        script("heal", Integer.toString(k));
    }

    /** Nodes {@code k} and {@code l} can no longer reach each other (each still reaches the others). */
    public void block(int k, int l) {
        script("block", Integer.toString(k), Integer.toString(l));
    }

    public void unblock(int k, int l) {
        script("unblock", Integer.toString(k), Integer.toString(l));
    }

    /** POSTs {@code body} to node {@code k}'s {@code /api/v1/call} from inside its namespace. */
    public JsonObject call(int k, String body) {
        String out = script("call", Integer.toString(k), body);
        return Json.createReader(new StringReader(out)).readObject();
    }

    /** Starts {@code command} in node {@code k}'s namespace, its standard error to the script's log. */
    public Process exec(int k, List<String> command) throws IOException {
        List<String> all = new ArrayList<>(List.of(SCRIPT.toString(), "exec", Integer.toString(k), "--prefix", prefix));
        all.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(all).redirectError(ProcessBuilder.Redirect.appendTo(log.toFile()));
        pb.environment().putAll(env);
        return pb.start();
    }

    public String address(int k) {
        return subnet + "." + k;
    }

    public String url(int k) {
        return "http://" + address(k) + ":9080";
    }

    public Path serverDir(int k) {
        return PROJECT.resolve("target/it-nodes/usr/servers/" + prefix + "-n" + k);
    }

    public Path tokenFile() {
        return PROJECT.resolve("target/it-nodes/" + prefix + "/mcp.token");
    }

    /** Node {@code k}'s id, from its data directory. */
    public String nodeId(int k) {
        try {
            return Files.readString(serverDir(k).resolve("mesh-data/node.id"), StandardCharsets.US_ASCII).trim();
        } catch (IOException e) {
            throw new UncheckedIOException("node " + k + " has no node.id", e);
        }
    }

    public String messagesLog(int k) {
        try {
            return Files.readString(serverDir(k).resolve("logs/messages.log"));
        } catch (IOException e) {
            return "(no messages.log: " + e + ")";
        }
    }

    private String script(String... args) {
        List<String> all = new ArrayList<>(List.of(SCRIPT.toString()));
        all.addAll(List.of(args));
        all.addAll(List.of("--prefix", prefix));
        return run(all, env, COMMAND_TIMEOUT);
    }

    /** Runs {@code command}; returns its standard output; throws with its output when it fails. */
    private static String run(List<String> command, Map<String, String> env, Duration timeout) {
        try {
            Path err = Files.createTempFile("netns", ".err");
            try {
                ProcessBuilder pb = new ProcessBuilder(command).redirectError(err.toFile());
                pb.environment().putAll(env);
                Process p = pb.start();
                p.getOutputStream().close();
                byte[] out = p.getInputStream().readAllBytes();
                if (!p.waitFor(timeout.toSeconds(), TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    throw new IllegalStateException(command + " did not end within " + timeout);
                }
                String stderr = Files.readString(err);
                if (p.exitValue() != 0) {
                    throw new IllegalStateException(command + " exited " + p.exitValue() + ":\n" + stderr);
                }
                return new String(out, StandardCharsets.UTF_8);
            } finally {
                Files.deleteIfExists(err);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
