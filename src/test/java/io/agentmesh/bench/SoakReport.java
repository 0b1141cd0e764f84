package io.agentmesh.bench;

import jakarta.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.IntSummaryStatistics;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The report of a {@link Soak} run: its events, the load by phase and by kind, the readings of each node and
 * the criteria ({@link SoakJudge}); written to {@code <out>/report.txt} beside {@code samples.csv} (every
 * reading) and {@code load.jsonl} (every window of every load process, with its phase).
 */
final class SoakReport {

    private final Soak.Options options;
    private final Soak.Timeline timeline;
    private final List<SoakJudge.Sample> samples;
    private final List<JsonObject> windows;
    private final List<String> events;
    private final String loadBefore;
    private final String loadAfter;
    private final Map<Integer, Map<String, Long>> classesBefore;
    private final Map<Integer, Map<String, Long>> classesAfter;

    SoakReport(Soak.Options options, Soak.Timeline timeline, List<SoakJudge.Sample> samples, List<JsonObject> windows,
            List<String> events, String loadBefore, String loadAfter, Map<Integer, Map<String, Long>> classesBefore,
            Map<Integer, Map<String, Long>> classesAfter) {
        this.options = options;
        this.timeline = timeline;
        synchronized (samples) {
            this.samples = List.copyOf(samples);
        }
        synchronized (windows) {
            this.windows = List.copyOf(windows);
        }
        synchronized (events) {
            this.events = List.copyOf(events);
        }
        this.loadBefore = loadBefore;
        this.loadAfter = loadAfter;
        this.classesBefore = classesBefore;
        this.classesAfter = classesAfter;
    }

    Soak.Result write() throws IOException {
        long end = System.currentTimeMillis();
        StringBuilder out = new StringBuilder();
        out.append(String.format(Locale.ROOT, "Soak: %d nodes in network namespaces, %.1f min, warm-up %d s, a reading of"
                        + " each node every %d s; %d load clients per node, %d ms apart; %d cores, load average %s at the"
                        + " start, %s at the end (other processes share the cores)%n", Soak.NODES,
                (end - timeline.startMillis()) / 60000.0, options.warmup().toSeconds(), options.sample().toSeconds(),
                options.clients(), options.pause().toMillis(), Runtime.getRuntime().availableProcessors(),
                loadBefore, loadAfter));
        out.append("\nEvents:\n");
        events.forEach(e -> out.append("  ").append(e).append('\n'));

        Map<String, Long> seconds = timeline.secondsByPhase(end);
        Map<String, Map<String, Long>> byPhase = new TreeMap<>();
        Map<String, Map<String, Long>> byKind = new TreeMap<>();
        for (JsonObject w : windows) {
            String phase = timeline.phaseAt((w.getJsonNumber("from").longValue() + w.getJsonNumber("to").longValue()) / 2);
            JsonObject kinds = w.getJsonObject("kinds");
            for (String kind : kinds.keySet()) {
                kinds.getJsonObject(kind).forEach((outcome, n) -> {
                    long count = ((jakarta.json.JsonNumber) n).longValue();
                    byPhase.computeIfAbsent(phase, p -> new TreeMap<>()).merge(outcome, count, Long::sum);
                    byKind.computeIfAbsent(kind, p -> new TreeMap<>()).merge(outcome, count, Long::sum);
                });
            }
        }
        out.append("\nLoad by phase (all entry nodes; failed = every outcome but ok):\n");
        out.append(String.format(Locale.ROOT, "  %-10s %7s %9s %8s %8s  %s%n", "phase", "seconds", "calls", "failed", "error %",
                "failures by outcome"));
        long steadyCalls = 0;
        long steadyFailed = 0;
        for (Map.Entry<String, Map<String, Long>> e : byPhase.entrySet()) {
            long calls = sum(e.getValue());
            long failed = calls - e.getValue().getOrDefault(CallTally.OK, 0L);
            if (e.getKey().equals(SoakJudge.STEADY)) {
                steadyCalls = calls;
                steadyFailed = failed;
            }
            out.append(String.format(Locale.ROOT, "  %-10s %7d %9d %8d %8.3f  %s%n", e.getKey(),
                    seconds.getOrDefault(e.getKey(), 0L), calls, failed, calls == 0 ? 0.0 : failed * 100.0 / calls,
                    failures(e.getValue())));
        }
        out.append("\nLoad by kind (whole run):\n");
        byKind.forEach((kind, outcomes) -> {
            long calls = sum(outcomes);
            long failed = calls - outcomes.getOrDefault(CallTally.OK, 0L);
            out.append(String.format(Locale.ROOT, "  %-12s %9d calls %8d failed %8.3f %%  %s%n", kind, calls, failed,
                    calls == 0 ? 0.0 : failed * 100.0 / calls, failures(outcomes)));
        });

        out.append("\nReadings in steady phases (heap after a full collection; threads; open file descriptors):\n");
        Map<String, List<SoakJudge.Sample>> stretches = samples.stream().filter(s -> s.phase().equals(SoakJudge.STEADY))
                .collect(Collectors.groupingBy(s -> "node " + s.node() + " life " + s.life(), TreeMap::new, Collectors.toList()));
        stretches.forEach((name, list) -> {
            IntSummaryStatistics threads = list.stream().mapToInt(SoakJudge.Sample::threads).summaryStatistics();
            IntSummaryStatistics fds = list.stream().mapToInt(SoakJudge.Sample::fds).summaryStatistics();
            out.append(String.format(Locale.ROOT, "  %-13s %3d readings, t+%ds..%ds: heap %s MiB; threads %d..%d; fds %d..%d%n",
                    name, list.size(), list.get(0).second(), list.get(list.size() - 1).second(),
                    list.stream().map(s -> String.format(Locale.ROOT, "%.1f", s.heapBytes() / 1048576.0))
                            .collect(Collectors.joining(" ")),
                    threads.getMin(), threads.getMax(), fds.getMin(), fds.getMax()));
        });

        SoakJudge judge = new SoakJudge(options.heapTolerance(), options.countTolerance(), options.maxSteadyErrors());
        List<SoakJudge.Check> checks = new ArrayList<>(judge.resources(samples, Set.of(Soak.RESTARTED)));
        checks.add(judge.steadyErrors(steadyCalls, steadyFailed));
        out.append("\nLive instances of the project's classes, end of warm-up → end of run (the 5 that grew most):\n");
        for (int node : classesAfter.keySet()) {
            Map<String, Long> before = classesBefore.getOrDefault(node, Map.of());
            Map<String, Long> after = classesAfter.get(node);
            after.entrySet().stream()
                    .sorted((a, b) -> Long.compare(b.getValue() - before.getOrDefault(b.getKey(), 0L),
                            a.getValue() - before.getOrDefault(a.getKey(), 0L)))
                    .limit(5)
                    .forEach(e -> out.append(String.format(Locale.ROOT, "  node %d %-62s %7d → %7d%n", node, e.getKey(),
                            before.getOrDefault(e.getKey(), 0L), e.getValue())));
            if (classesBefore.containsKey(node)) {
                checks.addAll(judge.instances("node " + node, before, after, options.classGrowth()));
            }
        }
        if (classesAfter.size() < Soak.NODES - 1 || classesBefore.size() < Soak.NODES - 1) {
            checks.add(new SoakJudge.Check("class histograms of nodes 1 and 2", "taken", 2, classesAfter.size(), 2, false));
        }
        boolean relinked = events.stream().noneMatch(e -> e.contains("NOT within"));
        out.append(String.format(Locale.ROOT, "%nCriteria (heap +%.0f %%, threads and fds +%.0f %%, steady errors <= %.1f %%,"
                        + " no io.agentmesh class +%d instances and +50 %%):%n", options.heapTolerance() * 100,
                options.countTolerance() * 100, options.maxSteadyErrors(), options.classGrowth()));
        checks.forEach(c -> out.append("  ").append(c.line()).append('\n'));
        out.append("  ").append(relinked ? "ok  " : "FAIL").append(" the mesh re-formed after every event\n");
        long failed = checks.stream().filter(c -> !c.passed()).count() + (relinked ? 0 : 1);
        boolean passed = failed == 0;
        out.append(passed ? "\nSOAK PASSED\n" : "\nSOAK FAILED: " + failed + " criteria\n");

        Files.createDirectories(options.out());
        Files.writeString(options.out().resolve("report.txt"), out, StandardCharsets.UTF_8);
        List<String> csv = new ArrayList<>(List.of("node,life,second,phase,heap_bytes,threads,fds"));
        samples.forEach(s -> csv.add(s.node() + "," + s.life() + "," + s.second() + "," + s.phase() + "," + s.heapBytes()
                + "," + s.threads() + "," + s.fds()));
        Files.write(options.out().resolve("samples.csv"), csv, StandardCharsets.UTF_8);
        Files.write(options.out().resolve("load.jsonl"), windows.stream().map(w -> "{\"phase\":\""
                + timeline.phaseAt((w.getJsonNumber("from").longValue() + w.getJsonNumber("to").longValue()) / 2) + "\","
                + w.toString().substring(1)).toList(), StandardCharsets.UTF_8);
        return new Soak.Result(passed, out.toString());
    }

    private static long sum(Map<String, Long> outcomes) {
        return outcomes.values().stream().mapToLong(Long::longValue).sum();
    }

    private static String failures(Map<String, Long> outcomes) {
        return outcomes.entrySet().stream().filter(e -> !e.getKey().equals(CallTally.OK))
                .map(e -> e.getKey() + " " + e.getValue()).collect(Collectors.joining(", "));
    }
}
