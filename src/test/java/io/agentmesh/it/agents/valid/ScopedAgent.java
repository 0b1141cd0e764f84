package io.agentmesh.it.agents.valid;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Tool;
import io.agentmesh.agents.annotations.ToolArg;
import jakarta.enterprise.context.ApplicationScoped;

/** An application-scoped CDI bean agent. */
@ApplicationScoped
@Agent(id = "it-scoped", title = "Scoped")
public class ScopedAgent {

    @Tool(name = "upper")
    public String upper(@ToolArg(name = "text") String text) {
        return text.toUpperCase(java.util.Locale.ROOT);
    }
}
