package io.agentmesh.agents;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Prompt;
import io.agentmesh.agents.annotations.Tool;
import jakarta.annotation.security.DenyAll;
import jakarta.annotation.security.PermitAll;
import jakarta.annotation.security.RolesAllowed;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/** An agent whose class and tools carry Jakarta security annotations. */
@ApplicationScoped
@Agent(id = "guarded", description = "Tools for readers, writers and nobody.")
@RolesAllowed("reader")
public class GuardedAgent {

    @Tool(description = "Reads: follows the class's @RolesAllowed(reader).")
    public String read() {
        return "value";
    }

    @RolesAllowed({"writer", "admin"})
    @Tool(description = "Writes.")
    public String write() {
        return "written";
    }

    @PermitAll
    @Tool(description = "Open to every caller.")
    public String status() {
        return "ok";
    }

    @DenyAll
    @Tool(description = "Open to nobody.")
    public String wipe() {
        return "wiped";
    }

    @Prompt(description = "Follows the class's @RolesAllowed(reader).")
    public List<PromptMessage> hello() {
        return List.of(PromptMessage.user("hello"));
    }
}
