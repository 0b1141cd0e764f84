package io.agentmesh.agents.bridge;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal MCP server on the stdio transport, run as a child process by the tests: initialize, ping,
 * tools/list with {@code echo} and {@code exit}, tools/call ({@code exit} ends the process with code 3
 * without answering, as a crash would). It logs one line to stderr at start. With the argument
 * {@code modern} it speaks only MCP 2026-07-28: {@code server/discover}; every request must name that
 * version in its {@code _meta}, else error −32022 with the supported versions (so does {@code initialize});
 * results carry {@code resultType}.
 */
public final class StdioMcpServer {

    private StdioMcpServer() {
    }

    public static void main(String[] args) throws Exception {
        boolean modern = args.length > 0 && args[0].equals("modern");
        JsonRpcCodec codec = new JsonRpcCodec();
        PrintStream out = new PrintStream(System.out, true, StandardCharsets.UTF_8);
        System.err.println("stdio test server ready");
        BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        String line;
        while ((line = in.readLine()) != null) {
            if (!(codec.decode(line) instanceof JsonRpc.Request request)) {
                continue;
            }
            JsonObject params = request.paramsObject();
            if (modern && !(params.get("_meta") instanceof JsonObject meta
                    && "2026-07-28".equals(meta.getString("io.modelcontextprotocol/protocolVersion", null)))) {
                out.println(codec.encodeToString(JsonRpc.Response.error(request.id(), new JsonRpc.Error(-32022,
                        "Unsupported protocol version (supported: 2026-07-28)", Json.createObjectBuilder()
                        .add("supported", Json.createArrayBuilder().add("2026-07-28")).add("requested", "none").build()))));
                continue;
            }
            JsonValue result = switch (request.method()) {
                case "server/discover" -> modern ? Json.createObjectBuilder()
                        .add("supportedVersions", Json.createArrayBuilder().add("2026-07-28"))
                        .add("capabilities", Json.createObjectBuilder().add("tools", JsonValue.EMPTY_JSON_OBJECT))
                        .add("_meta", Json.createObjectBuilder().add("io.modelcontextprotocol/serverInfo",
                                Json.createObjectBuilder().add("name", "stdio-modern").add("version", "2.0")))
                        .build() : JsonValue.EMPTY_JSON_OBJECT;
                case "initialize" -> Json.createObjectBuilder()
                        .add("protocolVersion", params.getString("protocolVersion"))
                        .add("capabilities", Json.createObjectBuilder().add("tools", JsonValue.EMPTY_JSON_OBJECT))
                        .add("serverInfo", Json.createObjectBuilder().add("name", "stdio-test").add("version", "1.0"))
                        .build();
                case "tools/list" -> Json.createObjectBuilder().add("tools", Json.createArrayBuilder()
                        .add(tool("echo")).add(tool("exit"))).build();
                case "tools/call" -> {
                    if (params.getString("name").equals("exit")) {
                        System.exit(3);
                    }
                    yield Json.createObjectBuilder().add("content", Json.createArrayBuilder().add(Json.createObjectBuilder()
                            .add("type", "text").add("text", params.getJsonObject("arguments").getString("text")))).build();
                }
                default -> JsonValue.EMPTY_JSON_OBJECT;
            };
            if (modern && result instanceof JsonObject o) {
                result = Json.createObjectBuilder(o).add("resultType", "complete").build();
            }
            out.println(codec.encodeToString(JsonRpc.Response.result(request.id(), result)));
        }
    }

    private static JsonObject tool(String name) {
        return Json.createObjectBuilder().add("name", name)
                .add("inputSchema", Json.createObjectBuilder().add("type", "object")).build();
    }
}
