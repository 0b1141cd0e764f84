package io.agentmesh.bench;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

/**
 * The criteria of a {@link Soak} run (issue 15, "soak"), judged on the readings it took of each node. Only
 * readings taken in a {@value #STEADY} phase count (after the warm-up, away from a partition, a dropped link
 * or a restart and the settling after it), so that like is compared with like. A level is the median of up
 * to three readings: the first ones of a stretch are its base, the last ones its end ({@code n/2} when there
 * are fewer than six).
 * <ul>
 *   <li>A node never restarted: from the base after the warm-up to the end of the run, the heap after a full
 *       collection grows by at most {@code heapTolerance} (a drop is no failure), the threads and the open
 *       file descriptors by at most {@code countTolerance}.</li>
 *   <li>A restarted node, per life (the run up to its first restart is life 0, each restart begins the next):
 *       the same within each life that has {@value #MIN_LIFE_READINGS} readings or more (a level of two at
 *       each end: a single reading of a fresh JVM says little, as its thread pools still grow and shrink by
 *       10 % and more), and each later life's level against life 1's, a level here being the median of all
 *       the life's readings.</li>
 *   <li>Load: the calls of the steady phases fail at most {@code maxSteadyErrorPercent} %.</li>
 * </ul>
 */
final class SoakJudge {

    static final String STEADY = "steady";
    /** The fewest steady readings of a life that is judged within itself. */
    static final int MIN_LIFE_READINGS = 4;

    /** One reading of one node, {@code second}s into the run, in the phase the run was in then. */
    record Sample(int node, int life, long second, String phase, long heapBytes, int threads, int fds) {
    }

    /** One criterion: {@code end} must not exceed {@code limit}. */
    record Check(String subject, String measure, double base, double end, double limit, boolean passed) {

        String line() {
            boolean heap = measure.equals("heap");
            return String.format(Locale.ROOT, "%-4s %-44s %-8s base %10s  end %10s  limit %10s  %+6.1f %%", passed ? "ok" : "FAIL",
                    subject, measure, value(base, heap), value(end, heap), value(limit, heap),
                    base > 0 ? (end / base - 1) * 100 : Double.NaN);
        }

        private static String value(double v, boolean heap) {
            return heap ? String.format(Locale.ROOT, "%.1f MiB", v / (1 << 20)) : String.format(Locale.ROOT, "%.0f", v);
        }
    }

    private final double heapTolerance;
    private final double countTolerance;
    private final double maxSteadyErrorPercent;

    SoakJudge(double heapTolerance, double countTolerance, double maxSteadyErrorPercent) {
        this.heapTolerance = heapTolerance;
        this.countTolerance = countTolerance;
        this.maxSteadyErrorPercent = maxSteadyErrorPercent;
    }

    /** The resource criteria for every node in {@code samples}; {@code restarted}: the nodes the run restarted. */
    List<Check> resources(List<Sample> samples, Set<Integer> restarted) {
        Map<Integer, List<Sample>> byNode = samples.stream().filter(s -> s.phase().equals(STEADY))
                .sorted(Comparator.comparingLong(Sample::second))
                .collect(Collectors.groupingBy(Sample::node, TreeMap::new, Collectors.toList()));
        List<Check> checks = new ArrayList<>();
        for (int node : samples.stream().map(Sample::node).collect(Collectors.toCollection(java.util.TreeSet::new))) {
            List<Sample> steady = byNode.getOrDefault(node, List.of());
            if (!restarted.contains(node)) {
                if (steady.size() < 2) {
                    checks.add(new Check("node " + node, "readings", 2, steady.size(), steady.size(), false));
                } else {
                    checks.addAll(growth("node " + node + ", whole run", head(steady), tail(steady)));
                }
                continue;
            }
            Map<Integer, List<Sample>> lives = steady.stream()
                    .collect(Collectors.groupingBy(Sample::life, TreeMap::new, Collectors.toList()));
            lives.forEach((life, readings) -> {
                if (readings.size() >= MIN_LIFE_READINGS) {
                    checks.addAll(growth("node " + node + ", life " + life, head(readings), tail(readings)));
                }
            });
            List<Sample> first = lives.get(1);
            lives.forEach((life, readings) -> {
                if (life >= 2 && first != null) {
                    checks.addAll(growth("node " + node + ", life " + life + " vs life 1 (all readings)", first, readings));
                }
            });
        }
        return checks;
    }

    /**
     * The project's classes whose live instances grew from {@code base} to {@code end} (two class histograms
     * of one node) by at least {@code minGrowth} and by half or more: one failed check per such class, or one
     * passed check when there is none.
     */
    List<Check> instances(String subject, Map<String, Long> base, Map<String, Long> end, long minGrowth) {
        List<Check> grown = new ArrayList<>();
        end.forEach((type, count) -> {
            long before = base.getOrDefault(type, 0L);
            if (count - before >= minGrowth && count >= before * 1.5) {
                grown.add(new Check(subject + ": " + type, "objects", before, count, before + minGrowth - 1, false));
            }
        });
        if (grown.isEmpty()) {
            long most = end.entrySet().stream().mapToLong(e -> e.getValue() - base.getOrDefault(e.getKey(), 0L))
                    .max().orElse(0);
            grown.add(new Check(subject + ": no io.agentmesh class grew by " + minGrowth, "objects", 0, most,
                    minGrowth - 1, true));
        }
        return grown;
    }

    /** The steady phases' failed calls as a share of their calls. */
    Check steadyErrors(long calls, long failed) {
        double percent = calls == 0 ? 100 : failed * 100.0 / calls;
        return new Check("load, steady phases (" + calls + " calls)", "error %", 0, percent, maxSteadyErrorPercent,
                calls > 0 && percent <= maxSteadyErrorPercent);
    }

    /** Heap, threads and descriptors: the level of {@code base} against the level of {@code end}. */
    private List<Check> growth(String subject, List<Sample> base, List<Sample> end) {
        return List.of(
                check(subject, "heap", base, end, s -> s.heapBytes(), heapTolerance),
                check(subject, "threads", base, end, s -> s.threads(), countTolerance),
                check(subject, "fds", base, end, s -> s.fds(), countTolerance));
    }

    private static Check check(String subject, String measure, List<Sample> baseReadings, List<Sample> endReadings,
            ToDoubleFunction<Sample> value, double tolerance) {
        double base = median(baseReadings, value);
        double end = median(endReadings, value);
        double limit = base * (1 + tolerance);
        return new Check(subject, measure, base, end, limit, end <= limit);
    }

    /** The first readings of a stretch, its base. */
    private static List<Sample> head(List<Sample> readings) {
        return readings.subList(0, span(readings.size()));
    }

    /** The last readings of a stretch, its end. */
    private static List<Sample> tail(List<Sample> readings) {
        return readings.subList(readings.size() - span(readings.size()), readings.size());
    }

    /** How many readings make a level: up to three, at most half of them (at least one). */
    private static int span(int readings) {
        return Math.max(1, Math.min(3, readings / 2));
    }

    private static double median(List<Sample> samples, ToDoubleFunction<Sample> value) {
        double[] v = samples.stream().mapToDouble(value).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
