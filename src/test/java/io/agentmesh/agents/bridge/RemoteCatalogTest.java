package io.agentmesh.agents.bridge;

import static io.agentmesh.agents.bridge.ScriptedServer.json;
import static io.agentmesh.agents.bridge.ScriptedServer.result;
import static io.agentmesh.agents.bridge.ScriptedServer.standard;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.json.JsonObject;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Fetching a server's lists page by page (MCP 2025-11-25, server/utilities/pagination). */
class RemoteCatalogTest {

    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final ExecutorService pool = Executors.newCachedThreadPool();
    private ScriptedServer server;
    private BridgeClient client;

    @AfterEach
    void tearDown() {
        if (client != null) {
            client.close();
        }
        if (server != null) {
            server.close();
        }
        timer.shutdownNow();
        pool.shutdownNow();
    }

    /** tools/list pages: no cursor → t1,t2 + "c1"; "c1" → t3 + the given next cursor (or none). */
    private RemoteServer connect(String secondNext, String initializeResult) throws Exception {
        server = new ScriptedServer((r, ex) -> {
            if (r.isRequest("initialize")) {
                ex.getResponseHeaders().set("Mcp-Session-Id", ScriptedServer.SESSION);
                json(ex, 200, result(r.json(), initializeResult));
            } else if (r.isRequest("tools/list")) {
                JsonObject params = r.json().getJsonObject("params");
                String page = params == null || !params.containsKey("cursor")
                        ? "{\"tools\":[{\"name\":\"t1\"},{\"name\":\"t2\"}],\"nextCursor\":\"c1\"}"
                        : "{\"tools\":[{\"name\":\"t3\"}]" + (secondNext == null ? "" : ",\"nextCursor\":\"" + secondNext + "\"") + "}";
                json(ex, 200, result(r.json(), page));
            } else if (r.isRequest("resources/list")) {
                json(ex, 200, result(r.json(), "{\"resources\":[{\"uri\":\"a:1\",\"name\":\"one\"}]}"));
            } else if (r.isRequest("resources/templates/list")) {
                json(ex, 200, "{\"jsonrpc\":\"2.0\",\"id\":" + r.json().get("id")
                        + ",\"error\":{\"code\":-32601,\"message\":\"method not found\"}}");
            } else {
                standard(r, ex);
            }
        });
        BridgeSettings settings = BridgeSettings.http("c", server.url());
        client = new BridgeClient("c", new StreamableHttpTransport(settings, StreamableHttpTransport.httpClient(settings, pool), timer),
                Duration.ofSeconds(10), timer, new ServerListener() {
                    @Override
                    public void notification(String method, JsonObject params) {
                    }

                    @Override
                    public void lost(TransportException cause) {
                    }
                });
        return client.connect().get(10, TimeUnit.SECONDS);
    }

    private static final String TOOLS_AND_RESOURCES = "{\"protocolVersion\":\"2025-11-25\","
            + "\"capabilities\":{\"tools\":{},\"resources\":{}},\"serverInfo\":{\"name\":\"s\",\"version\":\"1\"}}";

    @Test
    void everyPageIsFetchedAndOnlyDeclaredListsAreAskedFor() throws Exception {
        RemoteServer s = connect(null, TOOLS_AND_RESOURCES);
        RemoteCatalog catalog = RemoteCatalog.fetch(client, s, 100).get(10, TimeUnit.SECONDS);
        assertEquals(List.of("t1", "t2", "t3"), catalog.tools().stream().map(t -> t.getString("name")).toList());
        assertEquals(1, catalog.resources().size());
        assertTrue(catalog.templates().isEmpty(), "-32601 for templates means none");
        assertTrue(catalog.prompts().isEmpty());
        assertTrue(server.posts("prompts/list").isEmpty(), "prompts were not declared");
        assertEquals("c1", server.posts("tools/list").get(1).json().getJsonObject("params").getString("cursor"));
        assertEquals("3 tools, 1 resources, 0 templates, 0 prompts", catalog.counts());
    }

    @Test
    void aRepeatedCursorIsRefused() throws Exception {
        RemoteServer s = connect("c1", TOOLS_AND_RESOURCES);
        ExecutionException e = assertThrows(ExecutionException.class,
                () -> RemoteCatalog.fetch(client, s, 100).get(10, TimeUnit.SECONDS));
        assertTrue(assertInstanceOf(TransportException.class, e.getCause()).getMessage().contains("repeated a cursor"));
    }

    @Test
    void itemsBeyondTheLimitAreLeftOut() throws Exception {
        RemoteServer s = connect(null, TOOLS_AND_RESOURCES);
        RemoteCatalog catalog = RemoteCatalog.fetch(client, s, 2).get(10, TimeUnit.SECONDS);
        assertEquals(2, catalog.tools().size());
    }
}
