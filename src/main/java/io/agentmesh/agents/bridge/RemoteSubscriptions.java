package io.agentmesh.agents.bridge;

import io.agentmesh.routing.Completions;
import io.agentmesh.agents.AgentHost;
import io.agentmesh.json.Json;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The resource subscriptions a bridge holds at its server for the node's subscribers (MCP 2025-11-25,
 * server/resources, subscriptions): a URI is subscribed at the server when a client of the node subscribes
 * to it, again after each new session, and unsubscribed when the server reports an update of it that no
 * subscriber of the node hears any more.
 */
final class RemoteSubscriptions {

    private static final Logger LOG = Logger.getLogger(RemoteSubscriptions.class.getName());

    private final String bridgeId;
    private final BridgeClient client;
    private final AgentHost host;
    private final Set<String> uris = ConcurrentHashMap.newKeySet();

    RemoteSubscriptions(String bridgeId, BridgeClient client, AgentHost host) {
        this.bridgeId = bridgeId;
        this.client = client;
        this.host = host;
    }

    /** Subscribes to {@code uri} at the server unless subscribed already; a failure is forgotten (logged at FINE). */
    void subscribe(String uri) {
        if (!uris.add(uri)) {
            return;
        }
        client.request("resources/subscribe", Json.createObjectBuilder().add("uri", uri).build()).whenComplete((r, failure) -> {
            if (failure != null) {
                uris.remove(uri);
                LOG.log(Level.FINE, "bridge {0}: subscribing to {1} at the server failed: {2}",
                        new Object[] {bridgeId, uri, Failures.describe(Completions.unwrap(failure))});
            }
        });
    }

    /** Subscribes to every URI again, in a new session. */
    void resubscribe() {
        List<String> again = new ArrayList<>(uris);
        uris.clear();
        again.forEach(this::subscribe);
    }

    /** The server's {@code notifications/resources/updated}: tells the node's subscribers, or unsubscribes when there are none. */
    void updated(String uri) {
        int told = host.resourceUpdated(bridgeId, uri);
        if (told == 0 && uris.remove(uri)) {
            client.request("resources/unsubscribe", Json.createObjectBuilder().add("uri", uri).build());
        }
    }
}
