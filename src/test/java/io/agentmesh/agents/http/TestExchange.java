package io.agentmesh.agents.http;

import io.agentmesh.routing.Caller;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** An in-memory {@link McpExchange}: a request built by the test, the answer recorded. */
final class TestExchange implements McpExchange {

    private final String method;
    private final String pathInfo;
    private final Map<String, String> requestHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    private byte[] requestBody = new byte[0];
    private String remote = "127.0.0.1";
    private Optional<Caller.User> user = Optional.empty();

    final Map<String, String> responseHeaders = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
    final ByteArrayOutputStream responseBody = new ByteArrayOutputStream();
    private final CountDownLatch ended = new CountDownLatch(1);
    volatile int status;
    volatile String contentType;
    volatile boolean keptOpen;
    volatile Runnable onGone;

    TestExchange(String method, String pathInfo) {
        this.method = method;
        this.pathInfo = pathInfo;
    }

    static TestExchange post(String path, String body) {
        return new TestExchange("POST", path).header("Accept", "application/json, text/event-stream")
                .header("Content-Type", "application/json").body(body);
    }

    TestExchange header(String name, String value) {
        requestHeaders.put(name, value);
        return this;
    }

    TestExchange body(String body) {
        requestBody = body.getBytes(StandardCharsets.UTF_8);
        return this;
    }

    TestExchange body(byte[] body) {
        requestBody = body;
        return this;
    }

    TestExchange from(String address) {
        remote = address;
        return this;
    }

    TestExchange authenticated() {
        return authenticated(new Caller.User("container-user", Set.of()));
    }

    TestExchange authenticated(Caller.User value) {
        user = Optional.of(value);
        return this;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public String pathInfo() {
        return pathInfo;
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(requestHeaders.get(name));
    }

    @Override
    public String remoteAddress() {
        return remote;
    }

    @Override
    public Optional<Caller.User> containerUser() {
        return user;
    }

    @Override
    public long contentLength() {
        return requestBody.length;
    }

    @Override
    public InputStream body() {
        return new ByteArrayInputStream(requestBody);
    }

    @Override
    public synchronized void respond(int status, Map<String, String> headers, String contentType, byte[] body) {
        if (this.status != 0) {
            throw new IllegalStateException("answered twice");
        }
        this.status = status;
        this.contentType = contentType;
        responseHeaders.putAll(headers);
        if (body != null) {
            responseBody.writeBytes(body);
        }
        ended.countDown();
    }

    @Override
    public synchronized OutputStream openEventStream(Map<String, String> headers) {
        if (this.status != 0) {
            throw new IllegalStateException("answered twice");
        }
        this.status = 200;
        this.contentType = AcceptHeader.EVENT_STREAM;
        responseHeaders.putAll(new LinkedHashMap<>(headers));
        return new OutputStream() {
            @Override
            public void write(int b) {
                synchronized (TestExchange.this) {
                    responseBody.write(b);
                }
            }

            @Override
            public void write(byte[] b, int off, int len) {
                synchronized (TestExchange.this) {
                    responseBody.write(b, off, len);
                }
            }
        };
    }

    @Override
    public void keepOpen(Runnable onGone) {
        this.keptOpen = true;
        this.onGone = onGone;
    }

    @Override
    public void end() {
        ended.countDown();
    }

    /** Waits (bounded) until the exchange is answered and ended; false if it was not. */
    boolean awaitEnd() throws InterruptedException {
        return ended.await(10, TimeUnit.SECONDS);
    }

    boolean isEnded() {
        return ended.getCount() == 0;
    }

    synchronized String text() {
        return responseBody.toString(StandardCharsets.UTF_8);
    }
}
