package io.agentmesh.node;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.agentmesh.agents.AgentDefinition;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.agents.AgentSettings;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** {@code mesh.conformance.enabled}: the fixture agent is deployed only when it is on, after the others. */
class ConformanceAgentSwitchTest {

    private static AgentHost hostWithOneAgent() {
        var host = new AgentHost(AgentSettings.defaults());
        host.register(AgentDefinition.of("first", "", ""));
        return host;
    }

    @Test
    void offByDefault() {
        AgentHost host = hostWithOneAgent();
        assertFalse(ConformanceAgentSwitch.deploy(MeshConfigTest.read().agents(), host));
        assertEquals(List.of("first"), host.agentIds());
    }

    @Test
    void switchedOnItIsRegisteredAfterTheAgentsThereAndTheDefaultAgentStays() {
        AgentHost host = hostWithOneAgent();
        assertTrue(ConformanceAgentSwitch.deploy(MeshConfigTest.read("mesh.conformance.enabled", "true").agents(), host));
        assertEquals(List.of("first", "conformance"), host.agentIds());
        assertEquals(Optional.of("first"), host.defaultAgent());
        assertTrue(host.agent("conformance").orElseThrow().tool("test_simple_text").isPresent());
    }
}
