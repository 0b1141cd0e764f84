package io.agentmesh.agents;

import io.agentmesh.agents.annotations.Agent;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.AfterBeanDiscovery;
import jakarta.enterprise.inject.spi.AfterDeploymentValidation;
import jakarta.enterprise.inject.spi.AnnotatedType;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.enterprise.inject.spi.BeforeShutdown;
import jakarta.enterprise.inject.spi.DeploymentException;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.ProcessBeanAttributes;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.json.bind.Jsonb;
import jakarta.json.bind.JsonbBuilder;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Finds the agents of a deployment (classes annotated {@link Agent}), fails the deployment for every
 * invalid declaration ({@link AgentValidator}: each error names the class and member), and registers the
 * valid ones into the {@link AgentHost} once the deployment is validated, invoking them through their
 * contextual references so that the container's services (transactions, pooling, interceptors) apply.
 * A reference is obtained at the first call, since session beans are not started yet when deployment
 * validation ends.
 * <p>
 * An agent class that another extension vetoes (the node's sample switch) is left out: only classes
 * that became beans are registered.
 */
public class AgentExtension implements Extension {

    private static final Logger LOG = Logger.getLogger(AgentExtension.class.getName());

    private final List<Class<?>> agents = new ArrayList<>();
    private final Set<Class<?>> beanClasses = new HashSet<>();
    private Jsonb jsonb;

    <T> void found(@Observes @WithAnnotations(Agent.class) ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (type.isAnnotationPresent(Agent.class)) {
            agents.add(type);
        }
    }

    /** Notes which classes became beans: a vetoed agent class does not. */
    <T> void bean(@Observes ProcessBeanAttributes<T> event) {
        if (event.getAnnotated() instanceof AnnotatedType<?> type && agents.contains(type.getJavaClass())) {
            beanClasses.add(type.getJavaClass());
        }
    }

    void validate(@Observes AfterBeanDiscovery event) {
        agents.retainAll(beanClasses);
        for (String error : AgentValidator.validateDeployment(agents)) {
            LOG.log(Level.SEVERE, "invalid agent declaration: {0}", error);
            event.addDefinitionError(new DeploymentException(error));
        }
    }

    void register(@Observes AfterDeploymentValidation event, BeanManager beans) {
        if (agents.isEmpty()) {
            return;
        }
        AgentHost host = reference(beans, AgentHost.class);
        jsonb = JsonbBuilder.create();
        for (Class<?> type : agents) {
            Bean<?> bean = beans.resolve(beans.getBeans(type));
            if (bean == null) {
                event.addDeploymentProblem(new DeploymentException(type.getName()
                        + ": an agent must be a bean (EJB @Singleton or @Stateless, or @ApplicationScoped)"));
                continue;
            }
            try {
                host.register(AgentDefinitions.of(type, new ContextualReference(beans, bean, type), jsonb));
            } catch (IllegalArgumentException e) {
                event.addDeploymentProblem(new DeploymentException(type.getName() + ": " + e.getMessage()));
            }
        }
    }

    void shutdown(@Observes BeforeShutdown event) {
        if (jsonb != null) {
            try {
                jsonb.close();
            } catch (Exception e) {
                LOG.log(Level.FINE, "closing JSON-B failed", e);
            }
        }
    }

    private static <T> T reference(BeanManager beans, Class<T> type) {
        Bean<?> bean = beans.resolve(beans.getBeans(type));
        return type.cast(beans.getReference(bean, type, beans.createCreationalContext(bean)));
    }
}
