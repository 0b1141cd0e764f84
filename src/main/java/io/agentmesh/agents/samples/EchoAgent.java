package io.agentmesh.agents.samples;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.NonBlocking;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import jakarta.ejb.Stateless;
import jakarta.ejb.TransactionAttribute;
import jakarta.ejb.TransactionAttributeType;
import java.nio.charset.StandardCharsets;

/**
 * The {@code echo} sample agent: returns what it is given. A stateless session bean that uses no
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
}
