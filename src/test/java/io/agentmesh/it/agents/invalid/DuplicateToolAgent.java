package io.agentmesh.it.agents.invalid;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Tool;
import jakarta.enterprise.context.ApplicationScoped;

/** Declares two tools with one name: its deployment must fail. */
@ApplicationScoped
@Agent(id = "it-invalid")
public class DuplicateToolAgent {

    @Tool(name = "same")
    public String first() {
        return "1";
    }

    @Tool(name = "same")
    public String second() {
        return "2";
    }
}
