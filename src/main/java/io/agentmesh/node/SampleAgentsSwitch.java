package io.agentmesh.node;

import io.agentmesh.agents.annotations.Agent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.spi.BeforeBeanDiscovery;
import jakarta.enterprise.inject.spi.Extension;
import jakarta.enterprise.inject.spi.ProcessAnnotatedType;
import jakarta.enterprise.inject.spi.WithAnnotations;
import jakarta.interceptor.Interceptor;
import java.util.List;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.eclipse.microprofile.config.Config;
import org.eclipse.microprofile.config.ConfigProvider;

/**
 * Leaves the sample agents ({@code io.agentmesh.agents.samples}) out of the deployment when
 * {@code mesh.samples.enabled} is false. A CDI portable extension, because the switch must be read
 * before beans exist; a value that cannot be parsed leaves the samples in, and start-up then reports it
 * like any other ({@link NodeStartup}).
 */
public class SampleAgentsSwitch implements Extension {

    static final String SAMPLES_PACKAGE = "io.agentmesh.agents.samples";

    private static final Logger LOG = Logger.getLogger(SampleAgentsSwitch.class.getName());

    private boolean enabled = true;

    void readSwitch(@Observes BeforeBeanDiscovery event) {
        Config config = ConfigProvider.getConfig();
        enabled = enabled(new ConfigReader(key -> config.getOptionalValue(key, String.class), List.of()));
    }

    /** Whether the samples are deployed: {@code mesh.samples.enabled}, true when it cannot be parsed. */
    static boolean enabled(ConfigReader reader) {
        try {
            return reader.bool(ConfigKeys.SAMPLES_ENABLED);
        } catch (InvalidConfigException e) {
            return true;
        }
    }

    <T> void veto(@Observes @Priority(Interceptor.Priority.LIBRARY_BEFORE) @WithAnnotations(Agent.class)
                  ProcessAnnotatedType<T> event) {
        Class<T> type = event.getAnnotatedType().getJavaClass();
        if (!enabled && type.getPackageName().equals(SAMPLES_PACKAGE)) {
            LOG.log(Level.INFO, "sample agent {0} disabled by {1}=false",
                    new Object[] {type.getSimpleName(), ConfigKeys.SAMPLES_ENABLED.name()});
            event.veto();
        }
    }
}
