package io.agentmesh.agents;

import io.agentmesh.json.Json;
import io.agentmesh.routing.ClientSession;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Resource subscriptions of one host (MCP 2025-11-25, server/resources, subscriptions): per agent and
 * URI, the sessions to send {@code notifications/resources/updated} to. Sessions found closed are
 * dropped when a notification would go to them.
 */
final class Subscriptions {

    private static final Logger LOG = Logger.getLogger(Subscriptions.class.getName());

    /** agent id → uri → session id → session. */
    private final Map<String, Map<String, Map<String, ClientSession>>> byAgent = new ConcurrentHashMap<>();

    void subscribe(String agentId, String uri, ClientSession session) {
        byAgent.computeIfAbsent(agentId, a -> new ConcurrentHashMap<>())
                .computeIfAbsent(uri, u -> new ConcurrentHashMap<>())
                .put(session.id(), session);
    }

    void unsubscribe(String agentId, String uri, ClientSession session) {
        var byUri = byAgent.get(agentId);
        if (byUri == null) {
            return;
        }
        byUri.computeIfPresent(uri, (u, sessions) -> {
            sessions.remove(session.id());
            return sessions.isEmpty() ? null : sessions;
        });
    }

    /** Forgets every subscription to an agent (it was unregistered). */
    void forget(String agentId) {
        byAgent.remove(agentId);
    }

    /** Sends {@code notifications/resources/updated} for {@code uri} to its open subscribers; returns how many. */
    int updated(String agentId, String uri) {
        var byUri = byAgent.get(agentId);
        var sessions = byUri == null ? null : byUri.get(uri);
        if (sessions == null) {
            return 0;
        }
        var params = Json.createObjectBuilder().add("uri", uri).build();
        int sent = OpenSessions.send(sessions, session -> session.sendNotification("notifications/resources/updated", params));
        LOG.log(Level.FINE, "resources/updated {0} {1} sent to {2} session(s)", new Object[] {agentId, uri, sent});
        return sent;
    }

    int count(String agentId, String uri) {
        var byUri = byAgent.get(agentId);
        var sessions = byUri == null ? null : byUri.get(uri);
        return sessions == null ? 0 : sessions.size();
    }
}
