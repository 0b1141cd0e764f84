package io.agentmesh.agents;

import io.agentmesh.routing.ClientSession;
import java.util.Map;
import java.util.function.Consumer;

/** Sends to the open sessions of a map of sessions by id, dropping from it those found closed. */
final class OpenSessions {

    private OpenSessions() {
    }

    /** Calls {@code send} for every open session of {@code sessions}; returns how many. */
    static int send(Map<String, ClientSession> sessions, Consumer<ClientSession> send) {
        int sent = 0;
        for (var entry : sessions.entrySet()) {
            ClientSession session = entry.getValue();
            if (!session.isOpen()) {
                sessions.remove(entry.getKey(), session);
                continue;
            }
            send.accept(session);
            sent++;
        }
        return sent;
    }
}
