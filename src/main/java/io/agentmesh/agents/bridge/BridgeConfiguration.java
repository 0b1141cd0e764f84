package io.agentmesh.agents.bridge;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;

/** Every bridged agent this node serves ({@code mesh.bridge.*}); built by the node's configuration. */
public record BridgeConfiguration(List<BridgeSettings> bridges) {

    public BridgeConfiguration {
        bridges = List.copyOf(Objects.requireNonNull(bridges, "bridges"));
        var ids = new HashSet<String>();
        for (BridgeSettings b : bridges) {
            if (!ids.add(b.id())) {
                throw new IllegalArgumentException("two bridges are named " + b.id());
            }
        }
    }

    /** No bridges. */
    public static BridgeConfiguration none() {
        return new BridgeConfiguration(List.of());
    }
}
