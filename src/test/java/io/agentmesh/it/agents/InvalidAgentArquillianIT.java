package io.agentmesh.it.agents;

import io.agentmesh.it.agents.invalid.DuplicateToolAgent;
import jakarta.enterprise.inject.spi.DefinitionException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In a real Liberty server: a deployment with an invalid agent declaration (two tools named alike) fails.
 * Arquillian checks the failure: the deployment is declared to throw CDI's DefinitionException, which is
 * what {@code AfterBeanDiscovery.addDefinitionError} raises (the server log names class and member).
 */
@ExtendWith(ArquillianExtension.class)
class InvalidAgentArquillianIT {

    @Deployment(testable = false)
    @ShouldThrowException(DefinitionException.class)
    static WebArchive deployment() {
        return AgentDeployments.withAgents("agents-invalid", DuplicateToolAgent.class.getPackage());
    }

    @Test
    void deploymentFails() {
        // The assertion is @ShouldThrowException: reaching this method means the deployment failed as expected.
    }
}
