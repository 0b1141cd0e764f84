package io.agentmesh.testsupport;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An MCP server over Streamable HTTP that speaks exactly one revision, written from the specification
 * alone, for a client that must find out which one: {@link #modern()} speaks only 2026-07-28 (no
 * initialize: the version, client info and capabilities in each request's {@code _meta}; the
 * {@code MCP-Protocol-Version}, {@code Mcp-Method} and {@code Mcp-Name} headers checked against the body,
 * else 400 with −32020; {@code server/discover}; results with {@code resultType}), {@link #legacy()} speaks
 * only 2025-06-18 (initialize, a session id, a 400 without a JSON-RPC body for anything else without
 * it). Both serve one tool, {@code shout}, that answers its {@code text} in capitals and is described with
 * {@code icons}, {@code execution} and {@code _meta}. Requests are recorded in order.
 */
public final class EraServer implements AutoCloseable {

    public static final String MODERN = "2026-07-28";
    public static final String LEGACY = "2025-06-18";
    public static final JsonObject TOOL = Json.createReader(new StringReader("{\"name\":\"shout\",\"title\":\"Shout\","
            + "\"description\":\"Answers the text in capitals\",\"icons\":[{\"src\":\"https://icons.example/shout.png\","
            + "\"mimeType\":\"image/png\",\"sizes\":[\"48x48\"]}],\"execution\":{\"taskSupport\":\"forbidden\"},"
            + "\"_meta\":{\"example.com/tier\":\"gold\"},\"inputSchema\":{\"type\":\"object\",\"properties\":"
            + "{\"text\":{\"type\":\"string\"}},\"required\":[\"text\"]}}")).readObject();

    private static final String SESSION = "era-session-1";

    /** One request as received: the HTTP method, the headers (names in lower case), the body. */
    public record Recorded(String method, Map<String, String> headers, String body) {
    }

    public final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final boolean modern;
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    private EraServer(boolean modern) {
        this.modern = modern;
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/mcp", this::handle);
        server.start();
    }

    public static EraServer modern() {
        return new EraServer(true);
    }

    public static EraServer legacy() {
        return new EraServer(false);
    }

    public URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    /** The JSON-RPC methods received, in order. */
    public List<String> methods() {
        return requests.stream().filter(r -> r.method().equals("POST"))
                .map(r -> parse(r.body()).getString("method", "")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            requests.add(new Recorded(ex.getRequestMethod(), headers, body));
            if (ex.getRequestMethod().equals("DELETE") && !modern) {
                ex.sendResponseHeaders(204, -1);
                return;
            }
            if (!ex.getRequestMethod().equals("POST")) {
                ex.sendResponseHeaders(405, -1);
                return;
            }
            JsonObject message = parse(body);
            if (!message.containsKey("id")) {
                ex.sendResponseHeaders(202, -1);
                return;
            }
            if (modern) {
                modern(ex, headers, message);
            } else {
                legacy(ex, headers, message);
            }
        }
    }

    // ---- 2026-07-28 (basic/transports/streamable-http, "Server Validation"; server/discover)

    private void modern(HttpExchange ex, Map<String, String> headers, JsonObject message) throws IOException {
        String method = message.getString("method");
        JsonObject params = message.getJsonObject("params") == null ? JsonValue.EMPTY_JSON_OBJECT : message.getJsonObject("params");
        JsonObject meta = params.getJsonObject("_meta");
        String version = meta == null ? null : meta.getString("io.modelcontextprotocol/protocolVersion", null);
        if (version == null || !version.equals(MODERN)) {
            String requested = version == null ? "none" : version;
            send(ex, 400, error(message, -32022, "Unsupported protocol version: " + requested + " (supported: " + MODERN + ")",
                    "{\"supported\":[\"" + MODERN + "\"],\"requested\":\"" + requested + "\"}"));
            return;
        }
        String name = method.equals("resources/read") ? params.getString("uri", null)
                : method.equals("tools/call") || method.equals("prompts/get") ? params.getString("name", null) : null;
        if (!version.equals(headers.get("mcp-protocol-version")) || !method.equals(headers.get("mcp-method"))
                || (name != null && !name.equals(headers.get("mcp-name")))) {
            send(ex, 400, error(message, -32020, "Header mismatch", null));
            return;
        }
        if (!(meta.get("io.modelcontextprotocol/clientInfo") instanceof JsonObject)
                || !(meta.get("io.modelcontextprotocol/clientCapabilities") instanceof JsonObject)) {
            send(ex, 400, error(message, -32602, "clientInfo and clientCapabilities are required in _meta", null));
            return;
        }
        switch (method) {
            case "server/discover" -> send(ex, 200, result(message, "{\"resultType\":\"complete\",\"supportedVersions\":[\""
                    + MODERN + "\"],\"capabilities\":{\"tools\":{}},\"_meta\":{\"io.modelcontextprotocol/serverInfo\":"
                    + "{\"name\":\"era-modern\",\"version\":\"2.0\"}},\"instructions\":\"Shouts.\"}"));
            case "tools/list" -> send(ex, 200, result(message, "{\"resultType\":\"complete\",\"tools\":[" + TOOL + "]}"));
            case "tools/call" -> send(ex, 200, result(message, "{\"resultType\":\"complete\"," + shout(params) + "}"));
            default -> send(ex, 404, error(message, -32601, "Method not found: " + method, null));
        }
    }

    // ---- 2025-06-18 (basic/lifecycle; basic/transports, session management)

    private void legacy(HttpExchange ex, Map<String, String> headers, JsonObject message) throws IOException {
        String method = message.getString("method");
        if (method.equals("initialize")) {
            ex.getResponseHeaders().set("Mcp-Session-Id", SESSION);
            send(ex, 200, result(message, "{\"protocolVersion\":\"" + LEGACY + "\",\"capabilities\":{\"tools\":{}},"
                    + "\"serverInfo\":{\"name\":\"era-legacy\",\"version\":\"1.0\"}}"));
            return;
        }
        if (!SESSION.equals(headers.get("mcp-session-id")) || !LEGACY.equals(headers.get("mcp-protocol-version"))) {
            byte[] text = "Bad Request: no valid session".getBytes(StandardCharsets.UTF_8);
            ex.getResponseHeaders().set("Content-Type", "text/plain");
            ex.sendResponseHeaders(400, text.length);
            ex.getResponseBody().write(text);
            return;
        }
        JsonObject params = message.getJsonObject("params") == null ? JsonValue.EMPTY_JSON_OBJECT : message.getJsonObject("params");
        switch (method) {
            case "tools/list" -> send(ex, 200, result(message, "{\"tools\":[" + TOOL + "]}"));
            case "tools/call" -> send(ex, 200, result(message, "{" + shout(params) + "}"));
            default -> send(ex, 200, error(message, -32601, "Method not found: " + method, null));
        }
    }

    private static String shout(JsonObject params) {
        String text = params.getJsonObject("arguments").getString("text").toUpperCase(Locale.ROOT);
        return "\"content\":[{\"type\":\"text\",\"text\":" + Json.createValue(text) + "}],\"isError\":false";
    }

    private static JsonObject parse(String body) {
        return Json.createReader(new StringReader(body)).readObject();
    }

    private static String result(JsonObject request, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + result + "}";
    }

    private static String error(JsonObject request, int code, String message, String data) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"error\":{\"code\":" + code + ",\"message\":"
                + Json.createValue(message) + (data == null ? "" : ",\"data\":" + data) + "}}";
    }

    private static void send(HttpExchange ex, int status, String json) throws IOException {
        byte[] bytes = json.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }
}
