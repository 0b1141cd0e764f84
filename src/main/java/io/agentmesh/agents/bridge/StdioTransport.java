package io.agentmesh.agents.bridge;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.JsonRpcCodec;
import io.agentmesh.routing.MessageDecodeException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The client side of the MCP stdio transport (MCP 2025-11-25, basic/transports, "stdio"): the server is
 * a child process; each JSON-RPC message is one line of UTF-8 on its stdin or stdout (messages carry no
 * raw newlines); what it writes to stderr is logged at FINE. {@link #open} starts a fresh process for
 * each session; {@link #close()} closes its stdin, waits briefly, then ends it. A process that exits
 * while in use is reported to the {@link Inbound} as lost. A line longer than
 * {@link BridgeSettings#maxMessageBytes()} ends the process. The process does not inherit the node's
 * environment: it gets the one {@link ProcessEnvironment#childOf} makes of it for the bridge.
 */
public final class StdioTransport implements McpTransport {

    private static final Logger LOG = Logger.getLogger(StdioTransport.class.getName());
    private static final int STDERR_LINE = 2000;
    private static final long STOP_WAIT_MILLIS = 2000;

    private final BridgeSettings settings;
    private final List<String> command;
    private final JsonRpcCodec codec = new JsonRpcCodec();
    private final Object writeLock = new Object();
    private volatile Process process;
    private volatile Inbound inbound;
    private volatile boolean closed;

    public StdioTransport(BridgeSettings settings) {
        this.settings = settings;
        this.command = settings.command();
        if (command.isEmpty()) {
            throw new IllegalArgumentException("bridge " + settings.id() + " has no command");
        }
    }

    @Override
    public String target() {
        return String.join(" ", command);
    }

    /** The process of the current session, when one runs. */
    public Process process() {
        return process;
    }

    @Override
    public void open(Inbound newInbound) throws TransportException {
        if (closed) {
            throw new TransportException("the transport to '" + target() + "' is closed", true);
        }
        stop(process);
        inbound = newInbound;
        Process started;
        try {
            ProcessBuilder builder = new ProcessBuilder(command);
            Map<String, String> environment = builder.environment();
            environment.clear();
            environment.putAll(settings.environment().childOf(System.getenv()));
            started = builder.start();
        } catch (IOException | RuntimeException e) {
            throw new TransportException("cannot start '" + target() + "': " + e.getMessage(), true, e);
        }
        process = started;
        LOG.log(Level.FINE, "bridge {0}: started process {1}: {2}", new Object[] {settings.id(), started.pid(), target()});
        thread("stdout", () -> readMessages(started));
        thread("stderr", () -> readErrors(started));
    }

    @Override
    public void negotiated(String protocolVersion) {
        // nothing travels beside the messages
    }

    @Override
    public void initialized() {
        // the server's notifications come on stdout already
    }

    @Override
    public CompletableFuture<Void> send(JsonRpc message) {
        Process p = process;
        if (closed || p == null || !p.isAlive()) {
            return CompletableFuture.failedFuture(new TransportException("the process '" + target() + "' is not running", true));
        }
        byte[] line = codec.encode(message);
        try {
            synchronized (writeLock) {
                OutputStream in = p.getOutputStream();
                in.write(line);
                in.write('\n');
                in.flush();
            }
            return CompletableFuture.completedFuture(null);
        } catch (IOException e) {
            return CompletableFuture.failedFuture(new TransportException("cannot write to the process '" + target()
                    + "': " + e.getMessage(), true, e));
        }
    }

    @Override
    public void close() {
        closed = true;
        stop(process);
    }

    private void readMessages(Process p) {
        try (InputStream out = p.getInputStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = out.read()) != -1) {
                if (b == '\n') {
                    handleLine(line.toByteArray());
                    line.reset();
                } else if (line.size() >= settings.maxMessageBytes()) {
                    LOG.log(Level.WARNING, "bridge {0}: a line from ''{1}'' exceeds {2} bytes; stopping the process",
                            new Object[] {settings.id(), target(), settings.maxMessageBytes()});
                    p.destroy();
                    break;
                } else {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "bridge {0}: reading from the process ended: {1}", new Object[] {settings.id(), e.toString()});
        }
        ended(p);
    }

    private void handleLine(byte[] bytes) {
        int end = bytes.length;
        if (end > 0 && bytes[end - 1] == '\r') {
            end--;
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        if (text.isBlank()) {
            return;
        }
        JsonRpc message;
        try {
            message = codec.decode(text);
        } catch (MessageDecodeException e) {
            LOG.log(Level.WARNING, "bridge {0}: a line from ''{1}'' is not a JSON-RPC message and was dropped: {2}",
                    new Object[] {settings.id(), target(), e.getMessage()});
            return;
        }
        Inbound target = inbound;
        if (target != null) {
            try {
                target.received(message, null);
            } catch (RuntimeException e) {
                LOG.log(Level.WARNING, "bridge " + settings.id() + ": handling a message failed", e);
            }
        }
    }

    private void readErrors(Process p) {
        try (InputStream err = p.getErrorStream()) {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            int b;
            while ((b = err.read()) != -1) {
                if (b == '\n') {
                    LOG.log(Level.FINE, "bridge {0} stderr: {1}", new Object[] {settings.id(), line.toString(StandardCharsets.UTF_8)});
                    line.reset();
                } else if (line.size() < STDERR_LINE) {
                    line.write(b);
                }
            }
        } catch (IOException e) {
            LOG.log(Level.FINE, "bridge {0}: reading stderr ended: {1}", new Object[] {settings.id(), e.toString()});
        }
    }

    private void ended(Process p) {
        int code;
        try {
            code = p.waitFor(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS) ? p.exitValue() : -1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            code = -1;
        }
        if (closed || p != process) {
            return;
        }
        Inbound target = inbound;
        if (target != null) {
            target.lost(new TransportException("the process '" + target() + "' exited"
                    + (code >= 0 ? " with code " + code : ""), true));
        }
    }

    private void stop(Process p) {
        if (p == null || !p.isAlive()) {
            return;
        }
        try {
            p.getOutputStream().close();
            if (!p.waitFor(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                p.destroy();
                if (!p.waitFor(STOP_WAIT_MILLIS, TimeUnit.MILLISECONDS)) {
                    p.destroyForcibly();
                }
            }
        } catch (IOException e) {
            p.destroyForcibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
        }
    }

    private void thread(String stream, Runnable body) {
        Thread t = new Thread(body, "agentmesh-bridge-" + settings.id() + "-" + stream);
        t.setDaemon(true);
        t.start();
    }
}
