package io.agentmesh.it;

import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/** A raw {@code java.net.http} client for /mcp, to check the transport's HTTP rules exactly. */
public final class McpHttp {

    static final String ACCEPT_BOTH = "application/json, text/event-stream";
    static final String VERSION = "2025-11-25";

    private final HttpClient http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();   // no h2c upgrade: Liberty may answer it with GOAWAY under load
    private final String base;

    public McpHttp(int port) {
        this.base = "http://127.0.0.1:" + port;
    }

    static McpHttp fromSystemProperty() {
        return new McpHttp(Integer.getInteger("mesh.it.http.port", 9080));
    }

    String base() {
        return base;
    }

    HttpRequest.Builder request(String path) {
        return HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30));
    }

    /** POSTs a body with the Accept and Content-Type a conforming client sends, plus {@code headers}. */
    public HttpResponse<String> post(String path, String body, Map<String, String> headers) throws IOException, InterruptedException {
        HttpRequest.Builder b = request(path).header("Accept", ACCEPT_BOTH).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        headers.forEach(b::header);
        return send(b.build());
    }

    HttpResponse<String> send(HttpRequest request) throws IOException, InterruptedException {
        return http.send(request, HttpResponse.BodyHandlers.ofString());
    }

    HttpClient client() {
        return http;
    }

    public static String request(Object id, String method, String params) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + id + ",\"method\":\"" + method + "\",\"params\":" + params + "}";
    }

    static String initialize() {
        return request(1, "initialize", "{\"protocolVersion\":\"" + VERSION + "\",\"capabilities\":{},"
                + "\"clientInfo\":{\"name\":\"raw-it\",\"version\":\"1\"}}");
    }

    /** Initializes a session at {@code path} (and sends notifications/initialized); returns the session id. */
    public String session(String path) throws IOException, InterruptedException {
        HttpResponse<String> r = post(path, initialize(), Map.of());
        if (r.statusCode() != 200) {
            throw new AssertionError("initialize at " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        String id = r.headers().firstValue("Mcp-Session-Id").orElseThrow(() -> new AssertionError("no session id: " + r.body()));
        HttpResponse<String> n = post(path, "{\"jsonrpc\":\"2.0\",\"method\":\"notifications/initialized\"}", inSession(id));
        if (n.statusCode() != 202) {
            throw new AssertionError("notifications/initialized answered " + n.statusCode());
        }
        return id;
    }

    public static Map<String, String> inSession(String sessionId) {
        Map<String, String> h = new LinkedHashMap<>();
        h.put("Mcp-Session-Id", sessionId);
        h.put("MCP-Protocol-Version", VERSION);
        return h;
    }

    public static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    public static int errorCode(HttpResponse<String> r) {
        return json(r.body()).getJsonObject("error").getInt("code");
    }
}
