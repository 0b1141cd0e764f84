package io.agentmesh.bench;

import io.agentmesh.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonObjectBuilder;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The calls of a {@link FailoverLoad} run and their JSON summary: per tool the calls, how many succeeded,
 * the outcomes by kind ({@code ok}, a JSON-RPC error code, {@code tool_error}, {@code timeout}: no answer
 * within the deadline, {@code io}), the share that succeeded and the slowest call; {@code hung} counts the
 * calls that took longer than the deadline (a call ends by the deadline with {@code timeout}, so hung
 * calls are the timeouts).
 */
final class CallTally {

    static final String OK = "ok";
    static final String TIMEOUT = "timeout";
    static final String IO = "io";

    /** One call: the tool, its argument (the note's title for add_note), its outcome and how long it took. */
    record Call(String tool, String argument, String outcome, Duration elapsed) {

        boolean ok() {
            return outcome.equals(OK);
        }
    }

    private final Duration deadline;
    private final List<Call> calls = new ArrayList<>();

    CallTally(Duration deadline) {
        this.deadline = deadline;
    }

    void add(Call call) {
        calls.add(call);
    }

    /** The summary, e.g. {@code {"deadline_ms":15000,"calls":2,"hung":0,"tools":{"echo":{…}}}}. */
    JsonObject summary() {
        JsonObjectBuilder tools = Json.createObjectBuilder();
        for (String tool : new TreeSet<>(calls.stream().map(Call::tool).toList())) {
            tools.add(tool, summary(calls.stream().filter(c -> c.tool().equals(tool)).toList()));
        }
        long hung = calls.stream().filter(c -> c.outcome().equals(TIMEOUT) || c.elapsed().compareTo(deadline) > 0).count();
        return Json.createObjectBuilder()
                .add("deadline_ms", deadline.toMillis())
                .add("calls", calls.size())
                .add("hung", hung)
                .add("slowest_ms", calls.stream().mapToLong(c -> c.elapsed().toMillis()).max().orElse(0))
                .add("tools", tools)
                .build();
    }

    private static JsonObject summary(List<Call> of) {
        Map<String, Integer> outcomes = new TreeMap<>();
        of.forEach(c -> outcomes.merge(c.outcome(), 1, Integer::sum));
        JsonObjectBuilder byOutcome = Json.createObjectBuilder();
        outcomes.forEach(byOutcome::add);
        long ok = of.stream().filter(Call::ok).count();
        return Json.createObjectBuilder()
                .add("calls", of.size())
                .add("ok", ok)
                .add("success_percent", of.isEmpty() ? 0.0 : Math.floor(ok * 100_000.0 / of.size()) / 1000.0)
                .add("slowest_ms", of.stream().mapToLong(c -> c.elapsed().toMillis()).max().orElse(0))
                .add("outcomes", byOutcome)
                .build();
    }

    /** One JSON line per call: tool, argument, outcome, elapsed_ms. */
    List<String> lines() {
        return calls.stream().map(c -> Json.createObjectBuilder().add("tool", c.tool()).add("argument", c.argument())
                .add("outcome", c.outcome()).add("elapsed_ms", c.elapsed().toMillis()).build().toString()).toList();
    }
}
