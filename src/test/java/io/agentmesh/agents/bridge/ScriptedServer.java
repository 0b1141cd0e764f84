package io.agentmesh.agents.bridge;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import java.io.IOException;
import java.io.OutputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * An HTTP server on loopback whose every answer the test writes, to drive the client through the
 * transport's rules and failure cases. Requests are recorded in order. {@link #standard} answers like a
 * plain MCP server of an initialization-based revision (initialize with a session id, 202 for
 * notifications and responses, 405 for GET, and to the {@code server/discover} probe of a later revision
 * the 400 such a server answers a request without a session).
 */
final class ScriptedServer implements AutoCloseable {

    /** One request as received. */
    record Recorded(String method, Map<String, String> headers, String body) {
        Optional<String> header(String name) {
            return Optional.ofNullable(headers.get(name.toLowerCase(Locale.ROOT)));
        }

        JsonObject json() {
            return Json.createReader(new StringReader(body)).readObject();
        }

        String rpcMethod() {
            JsonObject o = json();
            return o.containsKey("method") ? o.getString("method") : "";
        }

        boolean isRequest(String rpcMethod) {
            return method.equals("POST") && rpcMethod().equals(rpcMethod) && json().containsKey("id");
        }
    }

    @FunctionalInterface
    interface Handler {
        void handle(Recorded request, HttpExchange exchange) throws IOException;
    }

    static final String SESSION = "session-1";

    final List<Recorded> requests = new CopyOnWriteArrayList<>();
    private final HttpServer server;
    private final ExecutorService executor = Executors.newCachedThreadPool();

    ScriptedServer(Handler handler) {
        try {
            server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        server.setExecutor(executor);
        server.createContext("/mcp", exchange -> {
            Map<String, String> headers = new LinkedHashMap<>();
            exchange.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(Locale.ROOT), v.get(0)));
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Recorded r = new Recorded(exchange.getRequestMethod(), headers, body);
            requests.add(r);
            try {
                handler.handle(r, exchange);
            } catch (IOException | RuntimeException e) {
                exchange.close();
            }
        });
        server.start();
    }

    URI url() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/mcp");
    }

    List<Recorded> posts(String rpcMethod) {
        return requests.stream().filter(r -> r.method().equals("POST") && r.rpcMethod().equals(rpcMethod)).toList();
    }

    /** Answers like a plain MCP server; returns false for a request it leaves to the test. */
    static boolean standard(Recorded r, HttpExchange ex) throws IOException {
        if (r.method().equals("GET")) {
            status(ex, 405);
            return true;
        }
        if (r.method().equals("DELETE")) {
            status(ex, 204);
            return true;
        }
        JsonObject message = r.json();
        if (!message.containsKey("method") || !message.containsKey("id")) {
            status(ex, 202);
            return true;
        }
        if (message.getString("method").equals("server/discover")) {
            json(ex, 400, "{\"jsonrpc\":\"2.0\",\"error\":{\"code\":-32000,\"message\":"
                    + "\"Bad Request: No valid session ID provided\"},\"id\":null}");
            return true;
        }
        if (message.getString("method").equals("initialize")) {
            ex.getResponseHeaders().set("Mcp-Session-Id", SESSION);
            json(ex, 200, result(message, initializeResult("2025-11-25")));
            return true;
        }
        return false;
    }

    static String initializeResult(String version) {
        return "{\"protocolVersion\":\"" + version + "\",\"capabilities\":{\"tools\":{\"listChanged\":true}},"
                + "\"serverInfo\":{\"name\":\"scripted\",\"version\":\"9\"}}";
    }

    static String result(JsonObject request, String result) {
        return "{\"jsonrpc\":\"2.0\",\"id\":" + request.get("id") + ",\"result\":" + result + "}";
    }

    static void json(HttpExchange ex, int status, String body) throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", "application/json");
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    static void status(HttpExchange ex, int status) throws IOException {
        ex.sendResponseHeaders(status, -1);
        ex.close();
    }

    /** Commits a 200 event stream; the caller writes events and closes it. */
    static OutputStream sse(HttpExchange ex) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "text/event-stream");
        ex.sendResponseHeaders(200, 0);
        return ex.getResponseBody();
    }

    static void event(OutputStream out, String text) throws IOException {
        out.write(text.getBytes(StandardCharsets.UTF_8));
        out.flush();
    }

    @Override
    public void close() {
        server.stop(0);
        executor.shutdownNow();
    }
}
