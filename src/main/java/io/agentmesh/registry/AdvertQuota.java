package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Counts what the {@link Registry} holds against its caps (docs/registry.md §2.5): adverts and their
 * envelope bytes in all, adverts per agent id, adverts per relaying link peer. Not thread-safe: the
 * registry uses it under its lock.
 */
final class AdvertQuota {

    private final RegistrySettings settings;
    private final Map<String, Integer> perAgent = new HashMap<>();
    private final Map<NodeId, Integer> perPeer = new HashMap<>();
    private int count;
    private long bytes;

    AdvertQuota(RegistrySettings settings) {
        this.settings = Objects.requireNonNull(settings, "settings");
    }

    /**
     * The cap that holding {@code fresh} in place of {@code old} would break, or null. An update of a
     * node held ({@code old} not null) is checked only for the bytes it adds and the agent ids it adds.
     *
     * @param old       the advert held for that node, or null
     * @param relayedBy the link peer it came from, or null
     */
    AdvertRejection check(SignedAdvert fresh, SignedAdvert old, NodeId relayedBy) {
        if (old == null && count >= settings.maxAdverts()
                || bytes + fresh.encodedSize() - (old == null ? 0 : old.encodedSize()) > settings.maxHeldBytes()) {
            return AdvertRejection.REGISTRY_FULL;
        }
        for (AgentInfo agent : fresh.advert().agents()) {
            boolean added = old == null || old.advert().agent(agent.id()).isEmpty();
            if (added && perAgent.getOrDefault(agent.id(), 0) >= settings.maxAdvertsPerAgent()) {
                return AdvertRejection.AGENT_LIMIT;
            }
        }
        if (old == null && relayedBy != null && perPeer.getOrDefault(relayedBy, 0) >= settings.maxAdvertsPerPeer()) {
            return AdvertRejection.PEER_LIMIT;
        }
        return null;
    }

    void add(SignedAdvert advert, NodeId relayedBy) {
        change(advert, relayedBy, 1);
    }

    void remove(SignedAdvert advert, NodeId relayedBy) {
        change(advert, relayedBy, -1);
    }

    /** Adverts that list {@code agentId}. */
    int perAgent(String agentId) {
        return perAgent.getOrDefault(agentId, 0);
    }

    private void change(SignedAdvert advert, NodeId relayedBy, int delta) {
        count += delta;
        bytes += (long) delta * advert.encodedSize();
        for (AgentInfo agent : advert.advert().agents()) {
            perAgent.merge(agent.id(), delta, (a, b) -> a + b == 0 ? null : a + b);
        }
        if (relayedBy != null) {
            perPeer.merge(relayedBy, delta, (a, b) -> a + b == 0 ? null : a + b);
        }
    }
}
