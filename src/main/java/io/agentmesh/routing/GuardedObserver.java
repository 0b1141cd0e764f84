package io.agentmesh.routing;

import io.agentmesh.transport.Link;
import java.time.Duration;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Passes each call on to a {@link RouteObserver} and logs, and otherwise ignores, what it throws, so
 * that a broken observer never breaks routing.
 */
final class GuardedObserver implements RouteObserver {

    private static final Logger LOG = Logger.getLogger(GuardedObserver.class.getName());

    private final RouteObserver observer;

    GuardedObserver(RouteObserver observer) {
        this.observer = observer;
    }

    @Override
    public void answered(String method, String from, Duration took, JsonRpc.Response response) {
        try {
            observer.answered(method, from, took, response);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void served(String agent, String method, Duration took, JsonRpc.Response response) {
        try {
            observer.served(agent, method, took, response);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void sent(Link link, String method, boolean forwarded, Duration took, JsonRpc.Response response) {
        try {
            observer.sent(link, method, forwarded, took, response);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void session(String event) {
        try {
            observer.session(event);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    @Override
    public void traceContextDropped(String reason) {
        try {
            observer.traceContextDropped(reason);
        } catch (RuntimeException e) {
            failed(e);
        }
    }

    private static void failed(RuntimeException e) {
        LOG.log(Level.FINE, "route observer failed", e);
    }
}
