package io.agentmesh.testsupport;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A running node's application metrics, read over HTTPS as its administrator, in Prometheus text. */
public final class NodeMetrics {

    private NodeMetrics() {
    }

    /** The text of {@code /metrics?scope=application} at {@code httpsBase}, waiting up to {@code wait} for a 200. */
    public static String scrape(String httpsBase, String adminPassword, Duration wait) {
        HttpResponse<String> r = new LoopbackHttps().await(httpsBase + "/metrics?scope=application", "admin",
                adminPassword, answer -> answer.statusCode() == 200, wait);
        if (r == null || r.statusCode() != 200) {
            throw new AssertionError("/metrics: " + (r == null ? "no answer" : r.statusCode() + " " + r.body()));
        }
        return r.body();
    }

    /** The values of {@code metric}'s series in {@code text} by their {@code reason} label (summed over other labels). */
    public static Map<String, Double> byReason(String text, String metric) {
        return byLabel(text, metric, "reason");
    }

    /** The values of {@code metric}'s series in {@code text} by their {@code label} label (summed over other labels). */
    public static Map<String, Double> byLabel(String text, String metric, String label) {
        Map<String, Double> out = new LinkedHashMap<>();
        String key = label + "=\"";
        for (String line : text.split("\n")) {
            int at = line.indexOf(key);
            if (line.startsWith(metric + "{") && at > 0) {
                String name = line.substring(at + key.length(), line.indexOf('"', at + key.length()));
                out.merge(name, Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Double::sum);
            }
        }
        return out;
    }
}
