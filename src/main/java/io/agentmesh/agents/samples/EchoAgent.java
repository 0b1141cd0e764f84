package io.agentmesh.agents.samples;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.NonBlocking;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import io.agentmesh.routing.CallContext;
import io.agentmesh.routing.Caller;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The {@code echo} sample agent: returns what it is given, and who is calling ({@code whoami}: the
 * {@link CallContext#caller()} this node authenticated). A stateless session bean that uses no
 * transactional resource, so its calls run without a JTA transaction; its tools never block, so a node
 * may run them on the thread that read the request.
 */
@Stateless
@TransactionAttribute(TransactionAttributeType.NOT_SUPPORTED)
@Agent(id = "echo", title = "Echo", description = "Returns the text it is given.")
public class EchoAgent {

    @NonBlocking
    @Tool(name = "echo", title = "Echo", description = "Returns the text unchanged.",
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    public String echo(@ToolArg(name = "text", description = "The text to return") String text) {
        return text;
    }

    @NonBlocking
    @Tool(name = "echo_blob", title = "Echo as a blob", mimeType = "text/plain",
            description = "Returns the text as an embedded text/plain resource (base64 blob).",
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    public byte[] echoBlob(@ToolArg(name = "text", description = "The text to return") String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Who called, as this node authenticated it.
     *
     * @param node    the authenticated origin node, or null when unauthenticated
     * @param groups  its groups
     * @param subject the end user's subject (an access token's {@code sub}), or null when none
     * @param roles   the end user's roles
     */
    public record Whoami(String node, List<String> groups, String subject, List<String> roles) {
    }

    @NonBlocking
    @Tool(name = "whoami", title = "Who am I",
            description = "Returns who is calling, as this node authenticated it: the origin node and its groups, "
                    + "and the end user (subject and roles) its entry point admitted, if any.",
            annotations = @Tool.Annotations(readOnlyHint = true, destructiveHint = false, idempotentHint = true,
                    openWorldHint = false))
    public Whoami whoami(CallContext context) {
        Caller caller = context.caller();
        return new Whoami(caller.node().map(n -> n.value()).orElse(null), caller.groups().stream().sorted().toList(),
                caller.user().map(Caller.User::subject).orElse(null),
                caller.user().map(u -> u.roles().stream().sorted().toList()).orElse(List.of()));
    }
}
