package io.agentmesh.bench;

import io.agentmesh.json.Json;
import io.agentmesh.testsupport.Eventually;
import io.agentmesh.testsupport.NetnsMesh;
import io.agentmesh.testsupport.NodeProcess;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * The soak of issue 15: a mesh of three certified nodes in network namespaces ({@link NetnsMesh},
 * {@code liberty/mesh-netns.sh}; node 2 bootstraps from node 1, node 3 from both: a triangle), mixed load
 * ({@link SoakLoad}, one process in each node's namespace calling through that node) and churn, for
 * {@code --minutes}. After {@code --warmup}, cycles of: a disruption of the links, alternately a partition
 * of node 2 ({@code mesh-netns.sh cut 2} for {@code --cut}, then {@code heal}) and node 1's TCP connections
 * to its peers aborted ({@code ss -K} in its namespace: both ends see the link drop, and the nodes redial);
 * then, after {@code --settle} and {@code --steady}, a restart of node 3, alternately SIGKILL then start and
 * a polite stop then start (same identity and data, no bootstrap list: it rejoins from its peer book);
 * then {@code --settle} and {@code --steady} again. The run ends with a steady stretch. After each event the
 * tool measures how long until every node lists the other two as connected ({@code node/list_peers}).
 *
 * <p>Every {@code --sample} it reads each running node from outside ({@link NodeProcess}: the live heap, counted
 * by a class histogram after a full collection; threads; open file descriptors), labelled with the phase the run is in; {@link SoakJudge}
 * judges those of the steady phases and the load's error rate. At the end of the warm-up and at the end of the
 * run it also counts the live instances of the project's classes in nodes 1 and 2 (a class histogram): a class
 * that grew by {@code --class-growth} instances and by half fails the run, the sharpest sign of a slow leak,
 * which the heap shows only after hours. It prints a report (also written with the
 * readings and the load's windows to {@code --out}) and exits 1 when a criterion fails. Nodes 1 and 2 are
 * never restarted; node 3 is compared with itself, life by life. Needs root ({@code ip netns}); uses no port
 * of the host: every node listens on its namespace's address.
 *
 * <pre>
 * mvn -o -q test-compile dependency:build-classpath -Dmdep.outputFile=target/test-classpath.txt
 * java -cp target/test-classes:target/classes:$(cat target/test-classpath.txt) io.agentmesh.bench.Soak \
 *   --minutes 30 [--warmup 3m] [--cut 45s] [--settle 40s] [--steady 40s] [--sample 30s] [--clients 2]
 *   [--pause 5ms] [--heap-tolerance 0.10] [--count-tolerance 0.10] [--max-steady-errors 1.0] [--class-growth 500]
 *   [--prefix soak] [--subnet 10.241.29] [--env MESH_KEY=value,…] [--out target/soak]
 * java … io.agentmesh.bench.Soak --rejudge target/soak/samples.csv [--heap-tolerance 0.10] [--count-tolerance 0.10]
 * </pre>
 */
public final class Soak {

    static final int NODES = 3;
    static final int CUT = 2;
    static final int DROPS = 1;
    static final int RESTARTED = 3;
    private static final Duration LINK_WAIT = Duration.ofMinutes(3);
    private static final Duration RESTART_GUESS = Duration.ofSeconds(60);

    /** The run's settings. */
    public record Options(Duration run, Duration warmup, Duration cut, Duration settle, Duration steady,
            Duration sample, int clients, Duration pause, double heapTolerance, double countTolerance,
            double maxSteadyErrors, long classGrowth, String prefix, String subnet, Map<String, String> env, Path out) {
    }

    /** The verdict and the report. */
    public record Result(boolean passed, String report) {
    }

    private final Options options;
    private final NetnsMesh mesh;
    private final Timeline timeline = new Timeline();
    private final List<SoakJudge.Sample> samples = Collections.synchronizedList(new ArrayList<>());
    private final List<JsonObject> windows = Collections.synchronizedList(new ArrayList<>());
    private final List<String> events = Collections.synchronizedList(new ArrayList<>());
    /** Per node: how often it was restarted (its life), and 1 while it is restarting. */
    private final AtomicIntegerArray lives = new AtomicIntegerArray(NODES + 1);
    private final AtomicIntegerArray down = new AtomicIntegerArray(NODES + 1);
    private final List<String> ids = new ArrayList<>();
    /** Node → live instances of each io.agentmesh class, for the nodes never restarted. */
    private final Map<Integer, Map<String, Long>> classesAfterWarmup = new TreeMap<>();
    private final Map<Integer, Map<String, Long>> classesAtEnd = new TreeMap<>();

    private Soak(Options options) {
        this.options = options;
        Map<String, String> env = new LinkedHashMap<>(Map.of(
                "MESH_REGISTRY_ROUND_INTERVAL", "1s",
                "MESH_BOOTSTRAP_BACKOFF_INITIAL", "500ms",
                "MESH_BOOTSTRAP_BACKOFF_MAX", "2s",
                "MESH_ROUTE_FORWARD_TIMEOUT", "10s",
                // the dashboard's traffic window (a ring per agent and link) 2 min, not 10: full by the end of the
                // warm-up, so that the class histograms compare full rings
                "MESH_CONSOLE_TRAFFIC_SLOTS", "24"));
        env.putAll(options.env());
        this.mesh = new NetnsMesh(options.prefix(), options.subnet(), env);
    }

    public static void main(String[] args) throws Exception {
        if (args.length >= 2 && args[0].equals("--rejudge")) {
            System.exit(rejudge(Path.of(args[1]), parse(java.util.Arrays.copyOfRange(args, 2, args.length))) ? 0 : 1);
        }
        Result result = run(parse(args));
        System.out.println(result.report());
        System.exit(result.passed() ? 0 : 1);
    }

    /**
     * Runs a soak with {@code options}; the mesh is removed at the end, whatever happens. Refuses a run too short
     * for the warm-up, one cycle of churn and the final steady stretch.
     */
    public static Result run(Options options) throws Exception {
        Duration least = options.warmup().plus(cycle(options, 1, RESTART_GUESS)).plus(finalSteady(options));
        if (least.compareTo(options.run()) > 0) {
            throw new IllegalArgumentException("a run of " + options.run().toSeconds() + " s has no room for one cycle"
                    + " of churn: it needs at least " + least.toSeconds() + " s with these options");
        }
        NetnsMesh.requireRoot();
        Soak soak = new Soak(options);
        try {
            return soak.soak();
        } finally {
            soak.mesh.down();
        }
    }

    /**
     * Judges the readings of an earlier run again ({@code --rejudge <out>/samples.csv}, with the tolerances of
     * the options that follow): the resource criteria only, printed; true when all pass.
     */
    static boolean rejudge(Path samplesCsv, Options options) throws IOException {
        List<SoakJudge.Sample> saved = Files.readAllLines(samplesCsv, StandardCharsets.UTF_8).stream().skip(1)
                .map(line -> line.split(","))
                .map(f -> new SoakJudge.Sample(Integer.parseInt(f[0]), Integer.parseInt(f[1]), Long.parseLong(f[2]), f[3],
                        Long.parseLong(f[4]), Integer.parseInt(f[5]), Integer.parseInt(f[6])))
                .toList();
        List<SoakJudge.Check> checks = new SoakJudge(options.heapTolerance(), options.countTolerance(),
                options.maxSteadyErrors()).resources(saved, Set.of(RESTARTED));
        checks.forEach(c -> System.out.println(c.line()));
        return checks.stream().allMatch(SoakJudge.Check::passed);
    }

    /** The options of the command line (see the class Javadoc), defaults for those not given. */
    public static Options parse(String[] args) {
        Map<String, String> given = new LinkedHashMap<>();
        for (int i = 0; i < args.length; i += 2) {
            if (!args[i].startsWith("--") || i + 1 >= args.length) {
                throw new IllegalArgumentException("expected --option value, got " + args[i] + " (see the Javadoc of Soak)");
            }
            given.put(args[i].substring(2), args[i + 1]);
        }
        Map<String, String> env = new LinkedHashMap<>();
        for (String pair : given.getOrDefault("env", "").split(",")) {
            if (!pair.isBlank()) {
                env.put(pair.substring(0, pair.indexOf('=')), pair.substring(pair.indexOf('=') + 1));
            }
        }
        return new Options(Duration.ofSeconds(Math.round(Double.parseDouble(given.getOrDefault("minutes", "30")) * 60)),
                duration(given.getOrDefault("warmup", "3m")), duration(given.getOrDefault("cut", "45s")),
                duration(given.getOrDefault("settle", "40s")), duration(given.getOrDefault("steady", "40s")),
                duration(given.getOrDefault("sample", "30s")), Integer.parseInt(given.getOrDefault("clients", "2")),
                duration(given.getOrDefault("pause", "5ms")),
                Double.parseDouble(given.getOrDefault("heap-tolerance", "0.10")),
                Double.parseDouble(given.getOrDefault("count-tolerance", "0.10")),
                Double.parseDouble(given.getOrDefault("max-steady-errors", "1.0")),
                Long.parseLong(given.getOrDefault("class-growth", "500")),
                given.getOrDefault("prefix", "soak"), given.getOrDefault("subnet", "10.241.29"), env,
                Path.of(given.getOrDefault("out", "target/soak")));
    }

    /** {@code 45s}, {@code 3m}, {@code 250ms}, {@code 1h}. */
    static Duration duration(String text) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        if (t.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
        }
        return Duration.parse("PT" + t.toUpperCase(Locale.ROOT));
    }

    private Result soak() throws Exception {
        String loadBefore = Files.readString(Path.of("/proc/loadavg")).trim();
        long upStarted = System.nanoTime();
        mesh.up(NODES, "1,2,3");
        for (int k = 1; k <= NODES; k++) {
            ids.add(mesh.nodeId(k));
        }
        double linked = awaitLinked();
        event(String.format(Locale.ROOT, "mesh up in %.0f s, all linked %.1f s later", seconds(upStarted) - linked, linked));
        timeline.start("warmup");
        List<Process> loads = startLoads();
        ScheduledExecutorService sampler = Executors.newSingleThreadScheduledExecutor();
        sampler.scheduleWithFixedDelay(this::sampleAll, 0, options.sample().toMillis(), TimeUnit.MILLISECONDS);
        try {
            sleepUntil(options.warmup());
            timeline.enter(SoakJudge.STEADY);
            histograms(classesAfterWarmup);
            churn();
            histograms(classesAtEnd);
            awaitLoads(loads);
        } finally {
            sampler.shutdownNow();
            sampler.awaitTermination(2, TimeUnit.MINUTES);
            loads.forEach(Process::destroyForcibly);
        }
        String loadAfter = Files.readString(Path.of("/proc/loadavg")).trim();
        return new SoakReport(options, timeline, samples, windows, events, loadBefore, loadAfter, classesAfterWarmup,
                classesAtEnd).write();
    }

    /** The cycles of churn while a whole one still fits, then the final steady stretch. */
    private void churn() throws Exception {
        Duration restart = RESTART_GUESS;
        for (int cycle = 1; ; cycle++) {
            if (timeline.elapsed().plus(cycle(options, cycle, restart)).plus(finalSteady(options))
                    .compareTo(options.run()) > 0) {
                break;
            }
            if (cycle % 2 == 1) {
                timeline.enter("partition");
                mesh.cut(CUT);
                Thread.sleep(options.cut().toMillis());
                mesh.heal(CUT);
                settle("partition of node " + CUT + " for " + options.cut().toSeconds() + " s");
            } else {
                timeline.enter("link-drop");
                settle(abortLinks());
            }
            long started = System.nanoTime();
            boolean kill = cycle % 2 == 1;
            timeline.enter("restart");
            down.set(RESTARTED, 1);
            lives.incrementAndGet(RESTARTED);
            if (kill) {
                mesh.kill(RESTARTED);
            }
            mesh.restart(RESTARTED);
            down.set(RESTARTED, 0);
            restart = Duration.ofMillis(Math.round(seconds(started) * 1000));
            settle(String.format(Locale.ROOT, "node %d %s and started again (ready after %.0f s)", RESTARTED,
                    kill ? "killed (SIGKILL)" : "stopped politely", seconds(started)));
        }
        timeline.enter(SoakJudge.STEADY);
        sleepUntil(options.run());
    }

    /** How long cycle {@code n} takes, when a restart takes {@code restart}: odd cycles have a partition. */
    private static Duration cycle(Options options, int n, Duration restart) {
        return (n % 2 == 1 ? options.cut() : Duration.ZERO).plus(restart)
                .plus(options.settle().plus(options.steady()).multipliedBy(2));
    }

    /** The steady stretch that ends the run: the end level of every node, so at least three readings. */
    private static Duration finalSteady(Options options) {
        return max(options.steady(), options.sample().multipliedBy(3));
    }

    /** Records the event, waits until the mesh re-formed and the settling time passed, then a steady stretch. */
    private void settle(String what) throws InterruptedException {
        long from = System.nanoTime();
        timeline.enter("settle");
        double linked = awaitLinked();
        event(String.format(Locale.ROOT, "t+%4ds %s; all linked again after %s", timeline.elapsed().toSeconds(), what,
                Double.isNaN(linked) ? "NOT within " + LINK_WAIT.toSeconds() + " s" : String.format(Locale.ROOT, "%.1f s", linked)));
        Thread.sleep(Math.max(0, options.settle().toMillis() - Math.round(seconds(from) * 1000)));
        timeline.enter(SoakJudge.STEADY);
        Thread.sleep(options.steady().toMillis());
    }

    /** Seconds until every node lists the other two as connected; NaN when not within {@link #LINK_WAIT}. */
    private double awaitLinked() {
        long from = System.nanoTime();
        boolean linked = Eventually.within(LINK_WAIT, () -> {
            for (int k = 1; k <= NODES; k++) {
                Set<String> others = new TreeSet<>(ids);
                others.remove(ids.get(k - 1));
                if (!connectedPeers(k).containsAll(others)) {
                    return false;
                }
            }
            return true;
        });
        return linked ? seconds(from) : Double.NaN;
    }

    private Set<String> connectedPeers(int k) {
        Set<String> connected = new TreeSet<>();
        try {
            JsonObject answer = mesh.call(k, "{\"target\":\"local\",\"method\":\"list_peers\"}");
            for (JsonValue v : answer.getJsonObject("result").getJsonArray("peers")) {
                if (v.asJsonObject().getBoolean("connected", false)) {
                    connected.add(v.asJsonObject().getString("node_id"));
                }
            }
        } catch (RuntimeException e) {
            // not answering (restarting, or cut off): nothing connected as far as we can tell
        }
        return connected;
    }

    /** Aborts node {@link #DROPS}'s TCP connections to the other nodes ({@code ss -K}); says how many. */
    private String abortLinks() throws InterruptedException {
        try {
            return "node " + DROPS + "'s " + abortConnections() + " TCP connections to its peers aborted (ss -K)";
        } catch (IOException | RuntimeException e) {
            return "node " + DROPS + "'s connections NOT aborted: " + e.getMessage();
        }
    }

    private int abortConnections() throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of("ss", "-t", "-n", "-K"));
        for (int k = 1; k <= NODES; k++) {
            if (k != DROPS) {
                command.addAll(command.size() > 4 ? List.of("or", "dst", mesh.address(k)) : List.of("dst", mesh.address(k)));
            }
        }
        Process ss = mesh.exec(DROPS, command);
        ss.getOutputStream().close();
        List<String> lines = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines()
                .filter(l -> l.startsWith("ESTAB")).toList();
        if (!ss.waitFor(30, TimeUnit.SECONDS) || ss.exitValue() != 0) {
            throw new IllegalStateException("ss -K in node " + DROPS + "'s namespace failed");
        }
        return lines.size();
    }

    private List<Process> startLoads() throws IOException {
        List<Process> loads = new ArrayList<>();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (int k = 1; k <= NODES; k++) {
            Process p = mesh.exec(k, List.of(java, "-Xmx128m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                    "-cp", System.getProperty("java.class.path"), SoakLoad.class.getName(),
                    "--url", mesh.url(k), "--token-file", mesh.tokenFile().toString(), "--entry", Integer.toString(k),
                    "--nodes", String.join(",", ids), "--seconds", Long.toString(options.run().toSeconds()),
                    "--clients", Integer.toString(options.clients()), "--pause", options.pause().toMillis() + "ms"));
            p.getOutputStream().close();
            Thread reader = new Thread(() -> read(p), "soak-load-" + k);
            reader.setDaemon(true);
            reader.start();
            loads.add(p);
        }
        return loads;
    }

    private void read(Process load) {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(load.getInputStream(), StandardCharsets.UTF_8))) {
            for (String line = in.readLine(); line != null; line = in.readLine()) {
                if (line.startsWith("{")) {
                    windows.add(Json.createReader(new StringReader(line)).readObject());
                }
            }
        } catch (IOException | RuntimeException e) {
            event("a load process's output ended: " + e);
        }
    }

    private void awaitLoads(List<Process> loads) throws InterruptedException {
        for (Process p : loads) {
            if (!p.waitFor(2, TimeUnit.MINUTES)) {
                event("a load process did not end on time: killed");
            } else if (p.exitValue() != 0) {
                event("a load process exited " + p.exitValue() + " (its standard error: target/it-nodes/"
                        + options.prefix() + "-script.log)");
            }
        }
        Thread.sleep(500);   // the readers take the last lines
    }

    /** One reading of every running node, side by side; a node that cannot be read is skipped (and said so). */
    private void sampleAll() {
        List<Thread> probes = new ArrayList<>();
        for (int k = 1; k <= NODES; k++) {
            int node = k;
            Thread probe = new Thread(() -> sample(node), "soak-probe-" + k);
            probe.start();
            probes.add(probe);
        }
        for (Thread probe : probes) {
            try {
                probe.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private void sample(int k) {
        if (down.get(k) == 0) {
            int life = lives.get(k);
            try {
                long pid = pid(k);
                String phase = timeline.phase();
                long second = timeline.elapsed().toSeconds();
                NodeProcess.Usage r = new NodeProcess(pid).usage();
                if (down.get(k) == 0 && lives.get(k) == life) {
                    samples.add(new SoakJudge.Sample(k, life, second, phase, r.liveHeapBytes(), r.threads(), r.fds()));
                    System.out.printf(Locale.ROOT, "t+%4ds node %d (life %d, %s): heap %.1f MiB, %d threads, %d fds%n",
                            second, k, life, phase, r.liveHeapBytes() / 1048576.0, r.threads(), r.fds());
                }
            } catch (IOException | RuntimeException e) {
                System.out.println("cannot read node " + k + ": " + e.getMessage());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** The project's live instances of each node never restarted ({@link NodeProcess#ownInstances}) into {@code into}. */
    private void histograms(Map<Integer, Map<String, Long>> into) {
        for (int k = 1; k <= NODES; k++) {
            if (k != RESTARTED) {
                try {
                    into.put(k, NodeProcess.ownInstances(new NodeProcess(pid(k)).histogram()));
                } catch (IOException | RuntimeException e) {
                    event("no class histogram of node " + k + ": " + e.getMessage());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
            }
        }
    }

    /** Node {@code k}'s JVM, from the pid file Liberty writes; throws when that process is not running. */
    private long pid(int k) throws IOException {
        Path server = mesh.serverDir(k);
        Path file = server.getParent().resolve(".pid").resolve(server.getFileName() + ".pid");
        long pid = Long.parseLong(Files.readString(file, StandardCharsets.US_ASCII).trim());
        String cmdline = Files.readString(Path.of("/proc", Long.toString(pid), "cmdline"), StandardCharsets.UTF_8);
        if (!cmdline.contains("ws-server.jar")) {
            throw new IOException("process " + pid + " is not node " + k + "'s server");
        }
        return pid;
    }

    private void event(String what) {
        events.add(what);
        System.out.println(what);
    }

    private void sleepUntil(Duration at) throws InterruptedException {
        Thread.sleep(Math.max(0, at.minus(timeline.elapsed()).toMillis()));
    }

    private static double seconds(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1e9;
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    /** The phases of the run: when each began, the current one, and the phase at a given time. */
    static final class Timeline {
        private final TreeMap<Long, String> phases = new TreeMap<>();
        private volatile long startMillis;

        synchronized void start(String phase) {
            startMillis = System.currentTimeMillis();
            phases.put(startMillis, phase);
        }

        synchronized void enter(String phase) {
            phases.put(System.currentTimeMillis(), phase);
        }

        synchronized String phase() {
            return phases.lastEntry().getValue();
        }

        /** The phase at epoch millisecond {@code at} (the first one before the run began). */
        synchronized String phaseAt(long at) {
            Map.Entry<Long, String> e = phases.floorEntry(at);
            return e != null ? e.getValue() : phases.firstEntry().getValue();
        }

        Duration elapsed() {
            return Duration.ofMillis(System.currentTimeMillis() - startMillis);
        }

        long startMillis() {
            return startMillis;
        }

        /** Seconds spent in each phase. */
        synchronized Map<String, Long> secondsByPhase(long endMillis) {
            Map<String, Long> spent = new TreeMap<>();
            List<Map.Entry<Long, String>> all = new ArrayList<>(phases.entrySet());
            for (int i = 0; i < all.size(); i++) {
                long until = i + 1 < all.size() ? all.get(i + 1).getKey() : endMillis;
                spent.merge(all.get(i).getValue(), (until - all.get(i).getKey()) / 1000, Long::sum);
            }
            return spent;
        }
    }
}
