package io.agentmesh.registry;

import io.agentmesh.routing.AgentListing;
import io.agentmesh.routing.AgentSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The registry's agents of other nodes as a source of {@code node/find_agents} (wire-v1 §5.4): one
 * listing per agent of every unexpired advert but this node's (its own agents come from the local
 * source). Health: {@code "up"} while the peer book counts no failure for the node,
 * {@code "unreachable"} while it backs off from it.
 */
public final class RegistryAgentSource implements AgentSource {

    /** Health of an agent whose node the peer book cannot reach at present. */
    public static final String UNREACHABLE = "unreachable";

    private final Registry registry;
    private final PeerBook peers;

    public RegistryAgentSource(Registry registry, PeerBook peers) {
        this.registry = Objects.requireNonNull(registry, "registry");
        this.peers = Objects.requireNonNull(peers, "peers");
    }

    @Override
    public List<AgentListing> agents() {
        List<AgentListing> out = new ArrayList<>();
        for (AgentMatch m : registry.find(null, null, null)) {
            if (m.nodeId().equals(registry.self())) {
                continue;
            }
            boolean failing = peers.get(m.nodeId()).map(p -> p.consecutiveFailures() > 0).orElse(false);
            out.add(new AgentListing(m.nodeId(), m.agent(), m.title(), "", m.tools(),
                    failing ? UNREACHABLE : AgentListing.UP));
        }
        return out;
    }
}
