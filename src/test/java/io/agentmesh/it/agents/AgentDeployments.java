package io.agentmesh.it.agents;

import io.agentmesh.agents.AgentExtension;
import io.agentmesh.agents.annotations.Agent;
import io.agentmesh.agents.schema.SchemaGenerator;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.enterprise.inject.spi.Extension;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.EmptyAsset;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/** The WARs the Arquillian tests deploy: the agent host and its extension, plus test agents. */
final class AgentDeployments {

    private AgentDeployments() {
    }

    static WebArchive withAgents(String name, Package agents) {
        return ShrinkWrap.create(WebArchive.class, name + ".war")
                .addPackage(AgentExtension.class.getPackage())
                .addPackage(Agent.class.getPackage())
                .addPackage(SchemaGenerator.class.getPackage())
                .addPackage(AgentDirectory.class.getPackage())
                .addPackage(TestCallContext.class.getPackage())
                .addPackage(agents)
                .addAsServiceProvider(Extension.class, AgentExtension.class)
                .addAsWebInfResource(EmptyAsset.INSTANCE, "beans.xml");
    }
}
