package io.agentmesh.it.agents;

import io.agentmesh.it.agents.invalid.DuplicateToolAgent;
import jakarta.enterprise.inject.spi.DeploymentException;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.ShouldThrowException;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In a real Liberty server: a deployment with an invalid agent declaration (two tools named alike) fails.
 * Arquillian checks the failure: the deployment method is declared to throw.
 */
@ExtendWith(ArquillianExtension.class)
class InvalidAgentArquillianIT {

    @Deployment(testable = false)
    @ShouldThrowException(DeploymentException.class)
    static WebArchive deployment() {
        return AgentDeployments.withAgents("agents-invalid", DuplicateToolAgent.class.getPackage());
    }

    @Test
    void deploymentFails() {
        // The assertion is @ShouldThrowException: reaching this method means the deployment failed as expected.
    }
}
