package io.agentmesh.admin.console;

import java.util.List;

/**
 * The recent traffic of a node, as the dashboard charts it: calls per second and p50/p99 latency per
 * agent and per link, slot by slot, and the recent error answers with their counts by code.
 *
 * @param slotMillis   length of one slot
 * @param fromMillis   start of the oldest slot (epoch ms)
 * @param toMillis     end of the newest slot (epoch ms)
 * @param agents       one series per agent of this node that served calls in the window
 * @param links        one series per link that carried requests of this node in the window
 * @param errorsByCode error answers in {@code recentErrors} counted by JSON-RPC code, most frequent first
 * @param recentErrors the latest error answers, newest first
 */
public record TrafficReport(long slotMillis, long fromMillis, long toMillis, List<Series> agents, List<Series> links,
                            List<CodeCount> errorsByCode, List<ErrorEvent> recentErrors) {

    public TrafficReport {
        agents = List.copyOf(agents);
        links = List.copyOf(links);
        errorsByCode = List.copyOf(errorsByCode);
        recentErrors = List.copyOf(recentErrors);
    }

    /**
     * The history of one agent or link.
     *
     * @param key    the agent id, or the link id
     * @param label  for display: the agent id, or the link's peer and direction
     * @param calls  calls in the window
     * @param errors error answers in the window
     * @param p50Ms  median latency over the window (null when no calls)
     * @param p99Ms  99th percentile latency over the window (null when no calls)
     * @param points one per slot, oldest first
     */
    public record Series(String key, String label, long calls, long errors, Double p50Ms, Double p99Ms,
                         List<Point> points) {
        public Series {
            points = List.copyOf(points);
        }
    }

    /**
     * One slot of a series.
     *
     * @param t          slot start (epoch ms)
     * @param calls      calls that ended in the slot
     * @param errors     of those, error answers
     * @param callsPerSec calls / slot length
     * @param p50Ms      median latency (null when no calls)
     * @param p99Ms      99th percentile latency (null when no calls)
     */
    public record Point(long t, long calls, long errors, double callsPerSec, Double p50Ms, Double p99Ms) {
    }

    /** How many of the recent errors had {@code code}. */
    public record CodeCount(int code, long count) {
    }

    /**
     * One error answer of a request this node handled.
     *
     * @param t       when it was answered (epoch ms)
     * @param code    the JSON-RPC error code
     * @param message the error message
     * @param method  the request's method (its address)
     * @param from    who asked
     */
    public record ErrorEvent(long t, int code, String message, String method, String from) {
    }
}
