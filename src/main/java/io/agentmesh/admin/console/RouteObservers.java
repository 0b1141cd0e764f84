package io.agentmesh.admin.console;

import io.agentmesh.routing.JsonRpc;
import io.agentmesh.routing.RouteObserver;
import io.agentmesh.transport.Link;
import java.time.Duration;
import java.util.List;

/** One {@link RouteObserver} that tells several, in order (metrics and the traffic history). */
public final class RouteObservers implements RouteObserver {

    private final List<RouteObserver> all;

    public RouteObservers(List<RouteObserver> all) {
        this.all = List.copyOf(all);
    }

    @Override
    public void answered(String method, String from, Duration took, JsonRpc.Response response) {
        all.forEach(o -> o.answered(method, from, took, response));
    }

    @Override
    public void served(String agent, String method, Duration took, JsonRpc.Response response) {
        all.forEach(o -> o.served(agent, method, took, response));
    }

    @Override
    public void sent(Link link, String method, boolean forwarded, Duration took, JsonRpc.Response response) {
        all.forEach(o -> o.sent(link, method, forwarded, took, response));
    }

    @Override
    public void session(String event) {
        all.forEach(o -> o.session(event));
    }

    @Override
    public void traceContextDropped(String reason) {
        all.forEach(o -> o.traceContextDropped(reason));
    }
}
