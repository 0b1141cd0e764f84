package io.agentmesh.agents;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Complete;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.PromptArg;
import io.agentmesh.agents.annotations.Resource;
import io.agentmesh.agents.annotations.ResourceTemplate;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.routing.Cancellation;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;

/** A plain Java agent using every feature, for host tests. */
@Agent(id = "sink", title = "Kitchen sink", description = "Every feature.", version = "2.0.0")
public class KitchenSinkAgent {

    enum Unit { CM, INCH }

    public record Point(int x, int y) {
    }

    public record Length(double value, Unit unit) {
    }

    final CountDownLatch started = new CountDownLatch(1);
    final CompletableFuture<String> pending = new CompletableFuture<>();

    @Tool(description = "Returns text", annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false,
            idempotentHint = true, openWorldHint = false))
    public String echo(@ToolArg(name = "text", description = "what to return") String text) {
        return text;
    }

    @Tool(name = "measure")
    public Length measure(@ToolArg(name = "from") Point from, @ToolArg(name = "to") Point to,
            @ToolArg(name = "unit", defaultValue = "CM") Unit unit,
            @ToolArg(name = "scale", required = false) Optional<Double> scale) {
        double d = Math.hypot(to.x() - from.x(), to.y() - from.y()) * scale.orElse(1.0);
        return new Length(d, unit);
    }

    @Tool(name = "sum")
    public long sum(@ToolArg(name = "values") List<Integer> values, @ToolArg(name = "weights", required = false)
            Map<String, Integer> weights) {
        return values.stream().mapToLong(Integer::longValue).sum() + (weights == null ? 0
                : weights.values().stream().mapToLong(Integer::longValue).sum());
    }

    @Tool(name = "fail")
    public String fail(@ToolArg(name = "message") String message) {
        throw new IllegalStateException(message);
    }

    @Tool(name = "pixel", mimeType = "image/png")
    public byte[] pixel() {
        return new byte[] {1, 2, 3};
    }

    @Tool(name = "bytes", mimeType = "application/octet-stream")
    public byte[] bytes() {
        return new byte[] {4, 5};
    }

    @Tool(name = "nothing")
    public void nothing() {
    }

    @Tool(name = "later")
    public CompletionStage<String> later() {
        return pending;
    }

    @Tool(name = "slow")
    public String slow(@ToolArg(name = "steps") int steps, Progress progress, Cancellation cancellation)
            throws InterruptedException {
        progress.report(0.5, steps, "started");
        started.countDown();
        new CountDownLatch(1).await();
        return "never";
    }

    @Resource(uri = "sink://readme", name = "readme", mimeType = "text/plain", description = "Read me")
    public String readme() {
        return "hello";
    }

    @Resource(uri = "sink://logo", name = "logo", mimeType = "image/png")
    public byte[] logo() {
        return new byte[] {9};
    }

    @ResourceTemplate(uriTemplate = "sink://item/{id}", name = "item", mimeType = "text/plain")
    public String item(@ToolArg(name = "id") String id) {
        if (id.equals("missing")) {
            throw new IllegalArgumentException("no item missing");
        }
        return "item " + id;
    }

    @Complete(template = "sink://item/{id}", arg = "id")
    public List<String> itemIds(String prefix) {
        return List.of("a1", "a2", "b1").stream().filter(s -> s.startsWith(prefix)).toList();
    }

    @Prompt(name = "greet", description = "Greets someone")
    public String greet(@PromptArg(name = "name", description = "who") String name,
            @PromptArg(name = "mood", required = false) String mood) {
        return "Greet " + name + (mood == null ? "" : " " + mood);
    }

    @Prompt(name = "dialogue")
    public List<PromptMessage> dialogue() {
        return List.of(PromptMessage.user("hi"), PromptMessage.assistant("hello"));
    }

    @Complete(prompt = "greet", arg = "mood")
    public List<String> moods(String prefix, Map<String, String> context) {
        return List.of("happy", "hungry", "calm " + context.getOrDefault("name", "?"));
    }
}
