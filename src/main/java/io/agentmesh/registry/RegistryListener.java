package io.agentmesh.registry;

/** Told of every change of a {@link Registry}'s view, after it happened, on the thread that made it. */
@FunctionalInterface
public interface RegistryListener {

    void registryChanged(RegistryChange change);
}
