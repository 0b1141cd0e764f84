package io.agentmesh.node;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import org.eclipse.microprofile.config.Config;

/**
 * Reads the {@link MeshConfig} from MicroProfile Config (server.xml variables, bootstrap.properties,
 * environment variables such as {@code MESH_DATA_DIR}, system properties), once: every key as text,
 * parsed and validated by {@link MeshConfig#read}. A configuration that cannot be used is kept as its
 * {@link InvalidConfigException}, which {@link #get()} throws again, so that start-up reports it
 * ({@link NodeStartup}) and nothing is built from it.
 */
@ApplicationScoped
public class MeshConfigLoader {

    @Inject
    Config config;

    private MeshConfig loaded;
    private InvalidConfigException invalid;

    /**
     * The configuration, read at the first call.
     *
     * @throws InvalidConfigException when a value cannot be used (at every call)
     */
    public synchronized MeshConfig get() {
        if (loaded == null && invalid == null) {
            try {
                loaded = MeshConfig.read(new ConfigReader(key -> config.getOptionalValue(key, String.class),
                        config.getPropertyNames()));
            } catch (InvalidConfigException e) {
                invalid = e;
            }
        }
        if (invalid != null) {
            throw new InvalidConfigException(invalid);
        }
        return loaded;
    }

    @Produces
    @Singleton
    MeshConfig meshConfig() {
        return get();
    }
}
