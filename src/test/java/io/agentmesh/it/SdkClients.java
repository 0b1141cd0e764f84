package io.agentmesh.it;

import io.modelcontextprotocol.client.McpClient;
import io.modelcontextprotocol.client.McpSyncClient;
import io.modelcontextprotocol.client.transport.HttpClientStreamableHttpTransport;
import io.modelcontextprotocol.spec.McpSchema;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * Builds clients of the official MCP Java SDK (Streamable HTTP transport on the JDK HttpClient) for a
 * /mcp path, recording what the server pushes, and the session id and request bodies the client sends.
 */
final class SdkClients {

    /** One client and what it saw. */
    static final class Client implements AutoCloseable {
        final McpSyncClient client;
        final HttpClientStreamableHttpTransport transport;
        final List<McpSchema.ProgressNotification> progress = new CopyOnWriteArrayList<>();
        final List<List<McpSchema.ResourceContents>> resourceUpdates = new CopyOnWriteArrayList<>();
        final List<String> requestBodies = new CopyOnWriteArrayList<>();
        volatile String sessionId;

        private Client(String baseUrl, String path, Map<String, String> headers,
                       Consumer<McpClient.SyncSpec> customize) {
            this.transport = HttpClientStreamableHttpTransport.builder(baseUrl)
                    .endpoint(path)
                    .httpRequestCustomizer((builder, method, uri, body, context) -> {
                        headers.forEach(builder::header);
                        builder.copy().build().headers().firstValue("Mcp-Session-Id").ifPresent(id -> sessionId = id);
                        if (body != null) {
                            requestBodies.add(body);
                        }
                    })
                    .build();
            McpClient.SyncSpec spec = McpClient.sync(transport)
                    .clientInfo(new McpSchema.Implementation("agentmesh-it", "1.0"))
                    .requestTimeout(Duration.ofSeconds(60))
                    .initializationTimeout(Duration.ofSeconds(30))
                    .progressConsumer(progress::add)
                    .resourcesUpdateConsumer(resourceUpdates::add);
            customize.accept(spec);
            this.client = spec.build();
        }

        @Override
        public void close() {
            client.closeGracefully();
        }
    }

    private SdkClients() {
    }

    static Client at(String baseUrl, String path) {
        return new Client(baseUrl, path, Map.of(), s -> { });
    }

    static Client at(String baseUrl, String path, Map<String, String> headers) {
        return new Client(baseUrl, path, headers, s -> { });
    }

    /** A client whose spec {@code customize} completes (capabilities, elicitation or sampling handlers). */
    static Client with(String baseUrl, String path, Consumer<McpClient.SyncSpec> customize) {
        return new Client(baseUrl, path, Map.of(), customize);
    }
}
