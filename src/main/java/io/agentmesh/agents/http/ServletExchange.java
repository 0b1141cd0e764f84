package io.agentmesh.agents.http;

import io.agentmesh.routing.Caller;
import io.agentmesh.web.HttpGate;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Adapts one servlet request/response pair to {@link McpExchange}. An exchange kept open becomes an
 * asynchronous one (Jakarta Servlet 6.0 §2.3.3.3) without a container timeout: it ends when the reply
 * or stream ends, or when the client goes away.
 */
final class ServletExchange implements McpExchange {

    private static final Logger LOG = Logger.getLogger(ServletExchange.class.getName());

    private final HttpServletRequest request;
    private final HttpServletResponse response;
    private final AtomicBoolean ended = new AtomicBoolean();
    private volatile AsyncContext async;

    ServletExchange(HttpServletRequest request, HttpServletResponse response) {
        this.request = request;
        this.response = response;
    }

    @Override
    public String method() {
        return request.getMethod();
    }

    @Override
    public String pathInfo() {
        return request.getPathInfo();
    }

    @Override
    public Optional<String> header(String name) {
        return Optional.ofNullable(request.getHeader(name));
    }

    @Override
    public String remoteAddress() {
        return request.getRemoteAddr();
    }

    @Override
    public Optional<Caller.User> containerUser() {
        return HttpGate.containerUser(Optional.ofNullable(request.getUserPrincipal()).map(java.security.Principal::getName),
                request::isUserInRole);
    }

    @Override
    public long contentLength() {
        return request.getContentLengthLong();
    }

    @Override
    public InputStream body() throws IOException {
        return request.getInputStream();
    }

    @Override
    public void respond(int status, Map<String, String> headers, String contentType, byte[] body) throws IOException {
        try {
            response.setStatus(status);
            headers.forEach(response::setHeader);
            if (body != null) {
                response.setContentType(contentType + ";charset=UTF-8");
                response.setContentLength(body.length);
                OutputStream out = response.getOutputStream();
                out.write(body);
                out.flush();
            }
        } finally {
            end();
        }
    }

    @Override
    public OutputStream openEventStream(Map<String, String> headers) throws IOException {
        response.setStatus(200);
        headers.forEach(response::setHeader);
        response.setContentType(AcceptHeader.EVENT_STREAM + ";charset=UTF-8");
        response.setHeader("Cache-Control", "no-cache, no-transform");
        response.setHeader("X-Accel-Buffering", "no");
        response.flushBuffer();
        return response.getOutputStream();
    }

    @Override
    public void keepOpen(Runnable onGone) {
        AsyncContext ctx = request.isAsyncStarted() ? request.getAsyncContext() : request.startAsync();
        ctx.setTimeout(0);
        ctx.addListener(new AsyncListener() {
            @Override
            public void onComplete(AsyncEvent event) {
                ended.set(true);
            }

            @Override
            public void onTimeout(AsyncEvent event) {
                onGone.run();
                end();
            }

            @Override
            public void onError(AsyncEvent event) {
                LOG.log(Level.FINE, "/mcp: client gone: {0}", String.valueOf(event.getThrowable()));
                onGone.run();
                end();
            }

            @Override
            public void onStartAsync(AsyncEvent event) {
            }
        });
        async = ctx;
    }

    @Override
    public void end() {
        AsyncContext ctx = async;
        if (ctx != null && ended.compareAndSet(false, true)) {
            try {
                ctx.complete();
            } catch (IllegalStateException e) {
                LOG.log(Level.FINE, "/mcp: exchange already complete");
            }
        }
    }
}
