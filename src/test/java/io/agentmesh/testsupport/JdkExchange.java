package io.agentmesh.testsupport;

import com.sun.net.httpserver.HttpExchange;
import io.agentmesh.agents.http.McpExchange;
import io.agentmesh.routing.Caller;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

/** Adapts a JDK {@link HttpExchange} to {@link McpExchange}, so the node's own /mcp handler serves tests. */
public final class JdkExchange implements McpExchange {

    private final HttpExchange exchange;
    private final String prefix;
    private final AtomicBoolean ended = new AtomicBoolean();

    public JdkExchange(HttpExchange exchange, String prefix) {
        this.exchange = exchange;
        this.prefix = prefix;
    }

    @Override
    public String method() {
        return exchange.getRequestMethod().toUpperCase(java.util.Locale.ROOT);
    }

    @Override
    public String pathInfo() {
        String path = exchange.getRequestURI().getPath();
        return path.length() > prefix.length() ? path.substring(prefix.length()) : null;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(exchange.getRequestHeaders().getFirst(name));
    }

    @Override
    public String remoteAddress() {
        return exchange.getRemoteAddress().getAddress().getHostAddress();
    }

    @Override
    public Optional<Caller.User> containerUser() {
        return Optional.empty();
    }

    @Override
    public long contentLength() {
        String length = exchange.getRequestHeaders().getFirst("Content-Length");
        return length == null ? -1 : Long.parseLong(length);
    }

    @Override
    public InputStream body() {
        return exchange.getRequestBody();
    }

    @Override
    public void respond(int status, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        try {
            headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
            if (body == null) {
                exchange.sendResponseHeaders(status, -1);
            } else {
                exchange.getResponseHeaders().set("Content-Type", contentType + ";charset=UTF-8");
                exchange.sendResponseHeaders(status, body.length);
                try (OutputStream out = exchange.getResponseBody()) {
                    out.write(body);
                }
            }
        } finally {
            end();
        }
    }

    @Override
    public OutputStream openEventStream(Map<String, String> headers) throws IOException {
        headers.forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
        exchange.getResponseHeaders().set("Content-Type", "text/event-stream;charset=UTF-8");
        exchange.getResponseHeaders().set("Cache-Control", "no-cache");
        exchange.sendResponseHeaders(200, 0);
        return exchange.getResponseBody();
    }

    @Override
    public void keepOpen(Runnable onGone) {
        // the JDK server keeps an exchange open until it is closed
    }

    @Override
    public void end() {
        if (ended.compareAndSet(false, true)) {
            exchange.close();
        }
    }
}
