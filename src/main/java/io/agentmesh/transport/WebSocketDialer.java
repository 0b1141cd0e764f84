package io.agentmesh.transport;

import jakarta.websocket.ClientEndpointConfig;
import jakarta.websocket.ContainerProvider;
import jakarta.websocket.Session;
import jakarta.websocket.WebSocketContainer;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * Dials links with the container's WebSocket client (wire-v1 §2): offers {@code agentmesh.v1}, encodes
 * frames with {@link WireFrameEncoder}/{@link WireFrameDecoder}, and gives up after the connect timeout.
 * {@code ws://} works as is; {@code wss://} uses the JVM's (on Liberty: the server's default SSL
 * configuration's) trust store to check the server certificate, so the peer's CA must be trusted there
 * (Liberty: the {@code transportSecurity-1.0} feature and a {@code keyStore}/{@code ssl} trust store).
 * A host that does not accept TCP connections fails the dial in the {@link TcpPreflight}, before the
 * container's client, which would report it with an FFDC incident and an error line each time.
 */
public final class WebSocketDialer implements LinkManager.Dialer {

    private final WebSocketContainer container;
    private final Executor executor;
    private final LinkSettings settings;
    private final ChannelThreads threads;
    private final MemoryBudget memory;

    /**
     * A dialer over {@code container} that runs the blocking connects on {@code executor}; the links'
     * writers run on {@code threads}, their send queues held in {@code memory}.
     */
    public WebSocketDialer(WebSocketContainer container, Executor executor, LinkSettings settings, ChannelThreads threads,
                           MemoryBudget memory) {
        this.container = container;
        this.executor = executor;
        this.settings = settings;
        this.threads = threads;
        this.memory = memory;
    }

    /** A dialer over the container's default WebSocket client. */
    public static WebSocketDialer create(Executor executor, LinkSettings settings, ChannelThreads threads,
                                         MemoryBudget memory) {
        return new WebSocketDialer(ContainerProvider.getWebSocketContainer(), executor, settings, threads, memory);
    }

    /** The client configuration of a link: subprotocol and codec. */
    static ClientEndpointConfig config() {
        return ClientEndpointConfig.Builder.create()
                .preferredSubprotocols(List.of(MeshSubprotocol.NAME))
                .encoders(List.of(WireFrameEncoder.class))
                .decoders(List.of(WireFrameDecoder.class))
                .build();
    }

    @Override
    public CompletionStage<LinkSession> connect(URI url, Duration timeout, Function<LinkChannel, LinkSession> sessionFactory) {
        MeshClientEndpoint endpoint = new MeshClientEndpoint(sessionFactory, settings, threads, memory);
        CompletableFuture<LinkSession> result = endpoint.opened();
        try {
            executor.execute(() -> {
                try {
                    TcpPreflight.check(url, timeout);
                    Session session = container.connectToServer(endpoint, config(), url);
                    if (result.isCompletedExceptionally() && session.isOpen()) {
                        session.close();
                    }
                } catch (Exception e) {
                    result.completeExceptionally(e);
                }
            });
        } catch (RejectedExecutionException e) {
            return CompletableFuture.failedFuture(e);    // the dial threads' queue is full
        }
        return result.orTimeout(timeout.toNanos(), TimeUnit.NANOSECONDS);
    }
}
