package io.agentmesh.registry;

/**
 * Told of every change of a {@link Registry}'s view (docs/registry.md §2.4), after it happened, on the
 * thread that made it.
 */
@FunctionalInterface
public interface RegistryListener {

    void registryChanged(RegistryChange change);
}
