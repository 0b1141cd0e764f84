package io.agentmesh.testsupport;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A node's JVM measured from outside, as an operator would: its live heap after a full GC (the total of
 * {@code jcmd <pid> GC.class_histogram}, which collects before it counts), its resident memory, threads
 * and open files ({@code /proc/<pid>/status}, {@code /proc/<pid>/fd}). Linux and a JDK with {@code jcmd}.
 */
public final class NodeProcess {

    private static final Pattern TOTAL = Pattern.compile("(?m)^Total\\s+(\\d+)\\s+(\\d+)\\s*$");
    private static final Pattern OWN_CLASS =
            Pattern.compile("(?m)^\\s*\\d+:\\s+(\\d+)\\s+\\d+\\s+(io\\.agentmesh\\.\\S+)");

    /** One moment of the process. */
    public record Usage(long liveHeapBytes, long rssKiB, int threads, int fds) {
        @Override
        public String toString() {
            return String.format(Locale.ROOT, "live heap %,d KiB, RSS %,d KiB, %d threads, %d fds",
                    liveHeapBytes / 1024, rssKiB, threads, fds);
        }
    }

    private final long pid;

    public NodeProcess(long pid) {
        this.pid = pid;
    }

    /** The process now, its heap counted after a full GC. */
    public Usage usage() throws IOException, InterruptedException {
        long live = liveHeap(histogram());
        Map<String, String> status = new LinkedHashMap<>();
        for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"), StandardCharsets.US_ASCII)) {
            int colon = line.indexOf(':');
            if (colon > 0) {
                status.put(line.substring(0, colon), line.substring(colon + 1).trim());
            }
        }
        int fds;
        try (var files = Files.list(Path.of("/proc/" + pid + "/fd"))) {
            fds = (int) files.count();
        }
        return new Usage(live, Long.parseLong(status.get("VmRSS").split("\\s+")[0]),
                Integer.parseInt(status.get("Threads")), fds);
    }

    /** The class histogram of the live objects (after a full GC), as jcmd prints it. */
    public String histogram() throws IOException, InterruptedException {
        return jcmd("GC.class_histogram");
    }

    /** The bytes of live objects a class histogram counts (its Total line). */
    public static long liveHeap(String histogram) {
        Matcher m = TOTAL.matcher(histogram);
        if (!m.find()) {
            throw new IllegalStateException("no Total line in the class histogram:\n" + histogram);
        }
        return Long.parseLong(m.group(2));
    }

    /**
     * The instance counts of the project's own classes ({@code io.agentmesh.*}) in a class histogram,
     * hidden-class suffixes dropped: a class whose count keeps growing is what a slow leak looks like long
     * before the heap shows it.
     */
    public static Map<String, Long> ownInstances(String histogram) {
        Map<String, Long> counts = new TreeMap<>();
        Matcher m = OWN_CLASS.matcher(histogram);
        while (m.find()) {
            counts.merge(m.group(2).replaceFirst("/0x[0-9a-f]+$", ""), Long.parseLong(m.group(1)), Long::sum);
        }
        return counts;
    }

    private String jcmd(String command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString(),
                Long.toString(pid), command).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(5, TimeUnit.MINUTES) || p.exitValue() != 0) {
            throw new IOException("jcmd " + pid + " " + command + " failed: " + out);
        }
        return out;
    }
}
