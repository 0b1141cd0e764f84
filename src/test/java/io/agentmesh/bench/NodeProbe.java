package io.agentmesh.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads a node's JVM from outside, as an operator would: the heap in use right after a full collection
 * ({@code jcmd <pid> GC.run}, then the {@code used} of every heap space {@code jcmd <pid> GC.heap_info}
 * lists: one for G1, the generations for the serial and parallel collectors; Metaspace is not heap), its
 * live threads ({@code Threads:} of {@code /proc/<pid>/status}: every thread of the process, the JVM's own
 * included) and its open file descriptors (the entries of {@code /proc/<pid>/fd}); and the live instances of
 * the project's classes.
 */
final class NodeProbe {

    /** What one reading found. */
    record Reading(long heapBytes, int threads, int fds) {
    }

    private static final Pattern SPACE_USED = Pattern.compile("(?m)^\\s*(\\S.*?)\\s+total \\d+K, used (\\d+)K");
    private static final Pattern HISTOGRAM_ROW =
            Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(io\\.agentmesh\\.\\S+)");
    private static final Pattern THREADS = Pattern.compile("(?m)^Threads:\\s+(\\d+)$");
    private static final Path JCMD = Path.of(System.getProperty("java.home"), "bin", "jcmd");

    private NodeProbe() {
    }

    /** Reads process {@code pid} (a HotSpot JVM of this machine that this user may attach to). */
    static Reading read(long pid) throws IOException, InterruptedException {
        jcmd(pid, "GC.run");
        long heap = heapUsed(jcmd(pid, "GC.heap_info"));
        int threads = threads(Files.readString(Path.of("/proc", Long.toString(pid), "status"), StandardCharsets.US_ASCII));
        int fds;
        try (Stream<Path> open = Files.list(Path.of("/proc", Long.toString(pid), "fd"))) {
            fds = (int) open.count();
        }
        return new Reading(heap, threads, fds);
    }

    /**
     * The live instances of the project's own classes ({@code io.agentmesh.*}) in process {@code pid}, from
     * {@code jcmd <pid> GC.class_histogram} (which collects first): a class whose count keeps growing is what
     * a slow leak looks like long before the heap shows it.
     */
    static Map<String, Long> ownInstances(long pid) throws IOException, InterruptedException {
        return ownInstances(jcmd(pid, "GC.class_histogram"));
    }

    /** The instance counts of the {@code io.agentmesh.*} classes of a class histogram (hidden-class suffixes dropped). */
    static Map<String, Long> ownInstances(String histogram) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = HISTOGRAM_ROW.matcher(histogram);
        while (m.find()) {
            counts.merge(m.group(2).replaceFirst("/0x[0-9a-f]+$", ""), Long.parseLong(m.group(1)), Long::sum);
        }
        return counts;
    }

    /** The bytes in use in the heap spaces {@code GC.heap_info} lists (its {@code used NNNK} of each). */
    static long heapUsed(String heapInfo) {
        Matcher m = SPACE_USED.matcher(heapInfo);
        long kib = 0;
        boolean found = false;
        while (m.find()) {
            kib += Long.parseLong(m.group(2));
            found = true;
        }
        if (!found) {
            throw new IllegalArgumentException("no heap space in GC.heap_info: " + heapInfo);
        }
        return kib * 1024;
    }

    /** The {@code Threads:} count of a {@code /proc/<pid>/status}. */
    static int threads(String procStatus) {
        Matcher m = THREADS.matcher(procStatus);
        if (!m.find()) {
            throw new IllegalArgumentException("no Threads: line in the process status");
        }
        return Integer.parseInt(m.group(1));
    }

    private static String jcmd(long pid, String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(JCMD.toString(), Long.toString(pid), command).redirectErrorStream(true).start();
        p.getOutputStream().close();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException("jcmd " + pid + " " + command + " did not end");
        }
        if (p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " exited " + p.exitValue() + ": " + out);
        }
        return out;
    }
}
