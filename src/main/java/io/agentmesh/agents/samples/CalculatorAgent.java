package io.agentmesh.agents.samples;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.Progress;
import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Complete;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.PromptArg;
import io.agentmesh.agents.annotations.Resource;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.routing.Cancellation;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The {@code calculator} sample agent: arithmetic tools with read-only and idempotent hints, a record
 * result ({@code stats}), an enum argument ({@code round}), a slow tool that reports progress and honours
 * cancellation ({@code count}), an image result ({@code history_chart}), a history resource with
 * update notifications, and a prompt with completions. An {@code @ApplicationScoped} bean.
 */
@ApplicationScoped
@Agent(id = "calculator", title = "Calculator", description = "Arithmetic on numbers, with a history of results.")
public class CalculatorAgent {

    static final String HISTORY_URI = "calculator://history";
    private static final int HISTORY_SIZE = 100;
    private static final long MAX_COUNT_DELAY_MS = 10_000;

    private final CalculatorHistory history = new CalculatorHistory(HISTORY_SIZE);
    private AgentHost host;

    /** Statistics of a list of numbers. */
    public record Stats(int count, double sum, double mean, double min, double max) {
    }

    protected CalculatorAgent() {
    }

    @Inject
    public CalculatorAgent(AgentHost host) {
        this.host = host;
    }

    @Tool(name = "add", description = "Adds two numbers.", annotations = @Tool.Annotations(
            readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public double add(@ToolArg(name = "a", description = "First addend") double a,
            @ToolArg(name = "b", description = "Second addend") double b) {
        return record(a + " + " + b, a + b);
    }

    @Tool(name = "subtract", description = "Subtracts b from a.", annotations = @Tool.Annotations(
            readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public double subtract(@ToolArg(name = "a", description = "Minuend") double a,
            @ToolArg(name = "b", description = "Subtrahend") double b) {
        return record(a + " - " + b, a - b);
    }

    @Tool(name = "multiply", description = "Multiplies two numbers.", annotations = @Tool.Annotations(
            readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public double multiply(@ToolArg(name = "a", description = "First factor") double a,
            @ToolArg(name = "b", description = "Second factor") double b) {
        return record(a + " * " + b, a * b);
    }

    @Tool(name = "divide", description = "Divides a by b; b must not be zero.", annotations = @Tool.Annotations(
            readOnlyHint = true, destructiveHint = false, idempotentHint = true, openWorldHint = false))
    public double divide(@ToolArg(name = "a", description = "Dividend") double a,
            @ToolArg(name = "b", description = "Divisor, not zero") double b) {
        if (b == 0) {
            throw new ArithmeticException("division by zero");
        }
        return record(a + " / " + b, a / b);
    }

    @Tool(name = "round", description = "Rounds a number to a number of decimal places.",
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    public String round(@ToolArg(name = "value", description = "The number") double value,
            @ToolArg(name = "places", description = "Decimal places", defaultValue = "0") int places,
            @ToolArg(name = "mode", description = "Rounding mode", defaultValue = "HALF_UP") RoundingMode mode) {
        return BigDecimal.valueOf(value).setScale(places, mode).toPlainString();
    }

    @Tool(name = "stats", description = "Count, sum, mean, minimum and maximum of a list of numbers.",
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    public Stats stats(@ToolArg(name = "values", description = "At least one number") List<Double> values) {
        if (values.isEmpty()) {
            throw new IllegalArgumentException("values must not be empty");
        }
        var summary = values.stream().mapToDouble(Double::doubleValue).summaryStatistics();
        return new Stats((int) summary.getCount(), summary.getSum(), summary.getAverage(), summary.getMin(),
                summary.getMax());
    }

    @Tool(name = "count", description = "Counts from 1 to n, one step per delay, reporting progress;"
            + " stops when cancelled.", annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false,
                    idempotentHint = true, openWorldHint = false))
    public String count(@ToolArg(name = "n", description = "How far to count (1..1000)") int n,
            @ToolArg(name = "delayMs", description = "Milliseconds per step", defaultValue = "100") long delayMs,
            Progress progress, Cancellation cancellation) throws InterruptedException {
        if (n < 1 || n > 1000) {
            throw new IllegalArgumentException("n must be 1..1000");
        }
        long delay = Math.max(0, Math.min(delayMs, MAX_COUNT_DELAY_MS));
        for (int i = 1; i <= n; i++) {
            cancellation.throwIfCancelled();
            Thread.sleep(delay);
            progress.report(i, n, "counted " + i);
        }
        return "counted to " + n;
    }

    @Tool(name = "history_chart", mimeType = "image/png",
            description = "A bar chart (PNG) of the recent results, one bar each, scaled to the largest.",
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    public byte[] historyChart() {
        List<CalculatorHistory.Entry> entries = history.entries();
        int height = 32;
        int width = Math.max(1, entries.size());
        double max = entries.stream().mapToDouble(e -> Math.abs(e.result())).max().orElse(1);
        byte[] pixels = new byte[width * height];
        java.util.Arrays.fill(pixels, (byte) 0xff);
        for (int x = 0; x < entries.size(); x++) {
            int bar = max == 0 ? 0 : (int) Math.round(Math.abs(entries.get(x).result()) / max * height);
            for (int y = height - bar; y < height; y++) {
                pixels[y * width + x] = 0;
            }
        }
        return Png.greyscale(width, height, pixels);
    }

    @Resource(uri = HISTORY_URI, name = "history", title = "Calculation history", mimeType = "text/plain",
            description = "The last 100 calculations, one per line, oldest first.")
    public String history() {
        return history.entries().stream().map(e -> e.expression() + " = " + e.result())
                .collect(Collectors.joining("\n"));
    }

    @Prompt(name = "explain", title = "Explain a calculation",
            description = "Asks the model to explain, step by step, how to compute an expression.")
    public String explain(@PromptArg(name = "expression", description = "An arithmetic expression") String expression,
            @PromptArg(name = "level", description = "Audience: child, student or expert", required = false)
            String level) {
        String audience = level == null ? "student" : level;
        return "Explain step by step, for a " + audience + ", how to compute " + expression
                + ". Use the calculator tools to check each step.";
    }

    @Complete(prompt = "explain", arg = "level")
    public List<String> completeLevel(String prefix) {
        return List.of("child", "student", "expert").stream().filter(l -> l.startsWith(prefix)).toList();
    }

    private double record(String expression, double result) {
        history.add(expression, result);
        if (host != null) {
            host.resourceUpdated("calculator", HISTORY_URI);
        }
        return result;
    }
}
