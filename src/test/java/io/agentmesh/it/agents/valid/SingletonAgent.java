package io.agentmesh.it.agents.valid;

import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.annotations.Tool;
import jakarta.ejb.Singleton;
import java.util.concurrent.atomic.AtomicInteger;

/** An EJB singleton agent: one instance, so its counter keeps counting across calls. */
@Singleton
@Agent(id = "it-singleton")
public class SingletonAgent {

    private final AtomicInteger calls = new AtomicInteger();

    @Tool(name = "next")
    public int next() {
        return calls.incrementAndGet();
    }
}
