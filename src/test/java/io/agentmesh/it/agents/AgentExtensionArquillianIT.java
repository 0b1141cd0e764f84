package io.agentmesh.it.agents;

import static io.agentmesh.testsupport.Json2.obj;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.agentmesh.agents.AgentHost;
import io.agentmesh.it.agents.valid.ScopedAgent;
import io.agentmesh.routing.AgentDirectory;
import io.agentmesh.testsupport.TestCallContext;
import jakarta.inject.Inject;
import jakarta.json.JsonObject;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * In a real Liberty server: the extension finds an EJB @Singleton, a @Stateless and an @ApplicationScoped
 * agent, registers them into the AgentHost, and calls them through their contextual references.
 */
@ExtendWith(ArquillianExtension.class)
class AgentExtensionArquillianIT {

    @Deployment
    static WebArchive deployment() {
        return AgentDeployments.withAgents("agents-valid", ScopedAgent.class.getPackage());
    }

    @Inject
    AgentHost host;

    @Inject
    AgentDirectory directory;

    private String call(String agent, String tool, String arguments) throws Exception {
        JsonObject result = directory.request(agent, "tools/call",
                obj("{'name':'" + tool + "','arguments':" + arguments + "}"), TestCallContext.of(1))
                .toCompletableFuture().get(30, TimeUnit.SECONDS).asJsonObject();
        return result.getJsonArray("content").getJsonObject(0).getString("text");
    }

    @Test
    void findsEveryKindOfManagedAgent() {
        assertEquals(Set.of("it-singleton", "it-stateless", "it-scoped"), Set.copyOf(host.agentIds()));
        assertEquals(host.agentIds(), directory.agentIds());
    }

    @Test
    void callsTheSingletonThroughTheContainer() throws Exception {
        int first = Integer.parseInt(call("it-singleton", "next", "{}"));
        assertEquals(first + 1, Integer.parseInt(call("it-singleton", "next", "{}")));
    }

    @Test
    void statelessToolRunsInAContainerTransaction() throws Exception {
        assertEquals("a: in a transaction", call("it-stateless", "tx", "{'label':'a'}"));
    }

    @Test
    void applicationScopedAgent() throws Exception {
        assertEquals("HI", call("it-scoped", "upper", "{'text':'hi'}"));
        assertEquals(List.of("upper"), host.agent("it-scoped").orElseThrow().tools().stream()
                .map(t -> t.name()).toList());
    }
}
