package io.agentmesh.registry;

/**
 * What one gossip round of one node did (docs/registry.md §3.4), for logs, metrics and the simulation.
 *
 * @param peersContacted  peers the round exchanged digests with
 * @param calls           requests this node sent (each gets one response)
 * @param failures        requests that failed (peer unreachable, error response, bad result)
 * @param advertsReceived adverts that arrived in sync results
 * @param advertsAccepted of those, accepted as newer
 * @param advertsRejected of those, rejected
 * @param advertsSent     adverts pushed to peers
 * @param peersLearned    peers new to the peer book from peer exchange
 */
public record RoundStats(int peersContacted, int calls, int failures, int advertsReceived, int advertsAccepted,
                         int advertsRejected, int advertsSent, int peersLearned) {

    public static final RoundStats NONE = new RoundStats(0, 0, 0, 0, 0, 0, 0, 0);

    public RoundStats plus(RoundStats o) {
        return new RoundStats(peersContacted + o.peersContacted, calls + o.calls, failures + o.failures,
                advertsReceived + o.advertsReceived, advertsAccepted + o.advertsAccepted,
                advertsRejected + o.advertsRejected, advertsSent + o.advertsSent, peersLearned + o.peersLearned);
    }
}
