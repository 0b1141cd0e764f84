package io.agentmesh.transport;

import java.util.List;

/**
 * The bootstrap list of a node: mesh URLs it dials at start and keeps dialing (each optionally pinned
 * with {@code #<node-id>}).
 */
public record Bootstrap(List<MeshUrl> entries) {

    public Bootstrap {
        entries = List.copyOf(entries);
    }

    /** Parses the entries; a bad one throws IllegalArgumentException naming it. */
    public static Bootstrap parse(List<String> entries) {
        return new Bootstrap(LinkManager.parseBootstrap(entries));
    }

    public static Bootstrap none() {
        return new Bootstrap(List.of());
    }
}
