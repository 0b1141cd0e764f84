package io.agentmesh.testsupport;

import io.agentmesh.transport.LinkAdmission;
import io.agentmesh.transport.LinkChannel;
import io.agentmesh.transport.LinkManager;
import io.agentmesh.transport.LinkSession;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Link managers reachable by URL in memory: a {@link LinkManager.Dialer} that connects to the manager
 * listening at a URL through an {@link InMemoryPipe} (its socket admitted from 127.0.0.1, as a node's upgrade
 * filter would), or fails like a refused connection or a refused upgrade.
 */
public final class InMemoryNetwork implements AutoCloseable {

    private final Map<URI, LinkManager> listening = new ConcurrentHashMap<>();
    private final List<InMemoryPipe> pipes = new CopyOnWriteArrayList<>();

    public void listen(String url, LinkManager manager) {
        listening.put(URI.create(url), manager);
    }

    public void unlisten(String url) {
        listening.remove(URI.create(url));
    }

    /** The dialer of one node. */
    public LinkManager.Dialer dialer() {
        return this::connect;
    }

    private CompletionStage<LinkSession> connect(URI url, Duration timeout,
            Function<LinkChannel, LinkSession> sessionFactory) {
        LinkManager target = listening.get(url);
        if (target == null) {
            return CompletableFuture.failedFuture(new ConnectException("connection refused: " + url));
        }
        LinkAdmission.Reservation reservation = target.admission().reserve("127.0.0.1");
        if (reservation.isRefused()) {
            return CompletableFuture.failedFuture(new IOException("upgrade refused: HTTP " + reservation.refused().httpStatus()));
        }
        LinkAdmission.Ticket ticket = target.admission().claim(reservation.ticket().token()).orElseThrow();
        InMemoryPipe pipe = new InMemoryPipe(sessionFactory, channel -> target.accept(channel, ticket));
        pipes.add(pipe);
        return CompletableFuture.completedFuture(pipe.initiator());
    }

    @Override
    public void close() throws InterruptedException {
        for (InMemoryPipe pipe : pipes) {
            pipe.close();
        }
    }
}
