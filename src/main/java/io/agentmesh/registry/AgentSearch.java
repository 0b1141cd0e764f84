package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.ToDoubleFunction;

/**
 * Finds the agents that adverts list by agent id, tool name or text ({@code node/find_agents},
 * docs/registry.md §2.4), with each node's health in [0, 1] to rank replicas.
 */
final class AgentSearch {

    private final NodeId self;
    private final Clock clock;
    private final ToDoubleFunction<NodeId> health;

    /**
     * @param self   this node, whose health is always 1
     * @param health the health in [0, 1] of another node (NaN counts as 0)
     */
    AgentSearch(NodeId self, Clock clock, ToDoubleFunction<NodeId> health) {
        this.self = Objects.requireNonNull(self, "self");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.health = Objects.requireNonNull(health, "health");
    }

    /**
     * The agents of {@code adverts} matching every given filter (null or blank = any): {@code agent} an
     * agent id, {@code tool} a tool name, {@code text} a case-insensitive part of the agent id, title or
     * a tool name. Unexpired adverts only; sorted by agent id, then healthier first, then node id.
     */
    List<AgentMatch> find(Collection<SignedAdvert> adverts, String agent, String tool, String text) {
        Instant now = clock.instant();
        String needle = text == null || text.isBlank() ? null : text.toLowerCase(Locale.ROOT);
        List<AgentMatch> out = new ArrayList<>();
        for (SignedAdvert signed : adverts) {
            Advert a = signed.advert();
            if (a.isExpiredAt(now)) {
                continue;
            }
            for (AgentInfo info : a.agents()) {
                if (matches(info, agent, tool, needle)) {
                    out.add(AgentMatch.of(a.nodeId(), info, healthOf(a.nodeId())));
                }
            }
        }
        out.sort(Comparator.comparing(AgentMatch::agent)
                .thenComparing(Comparator.comparingDouble(AgentMatch::health).reversed())
                .thenComparing(m -> m.nodeId().value()));
        return out;
    }

    private double healthOf(NodeId node) {
        if (node.equals(self)) {
            return 1.0;
        }
        double h = health.applyAsDouble(node);
        return Double.isNaN(h) ? 0.0 : Math.max(0.0, Math.min(1.0, h));
    }

    private static boolean matches(AgentInfo info, String agent, String tool, String needle) {
        if (agent != null && !agent.isBlank() && !info.id().equals(agent)) {
            return false;
        }
        if (tool != null && !tool.isBlank() && info.tool(tool).isEmpty()) {
            return false;
        }
        if (needle == null) {
            return true;
        }
        if (contains(info.id(), needle) || contains(info.title(), needle)) {
            return true;
        }
        for (AdvertisedTool t : info.tools()) {
            if (contains(t.name(), needle)) {
                return true;
            }
        }
        return false;
    }

    private static boolean contains(String s, String needle) {
        return s != null && s.toLowerCase(Locale.ROOT).contains(needle);
    }
}
