package io.agentmesh.transport;

import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;
import java.util.List;
import java.util.Map;

/**
 * Carries an upgrade's admission ticket from {@link MeshUpgradeFilter} to the socket's session: the filter
 * hands the request on with the ticket's token in the header {@value #HEADER} (its own value replacing any
 * the client sent), and this configurator copies it into the session's user properties under
 * {@value #TOKEN} (the container gives each handshake its own copy of the endpoint configuration), where
 * {@link MeshLinks#accept} claims it. A token a client makes up claims nothing.
 */
public class MeshEndpointConfigurator extends ServerEndpointConfig.Configurator {

    /** The request header the filter sets. */
    static final String HEADER = "X-Agentmesh-Admission";
    /** The user property of the session. */
    static final String TOKEN = "io.agentmesh.transport.admission-token";

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        super.modifyHandshake(config, request, response);
        for (Map.Entry<String, List<String>> header : request.getHeaders().entrySet()) {
            if (header.getKey().equalsIgnoreCase(HEADER) && header.getValue() != null && header.getValue().size() == 1) {
                config.getUserProperties().put(TOKEN, header.getValue().get(0));
            }
        }
    }
}
