package io.agentmesh.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What to send a peer after comparing its digest with the {@link Registry}, and what to ask it for
 * (docs/registry.md §3.1).
 *
 * @param adverts the adverts held that the peer lacks or holds older
 * @param want    the node ids for which the peer holds newer adverts
 * @param more    true when some adverts were left out for the limits
 */
public record SyncPlan(List<SignedAdvert> adverts, List<String> want, boolean more) {

    public SyncPlan {
        adverts = List.copyOf(adverts);
        want = List.copyOf(want);
    }

    /**
     * Compares a peer's digest with what {@code registry} holds: the adverts held that the peer lacks
     * or holds older (at most {@code maxCount}, at most {@code maxBytes} of envelopes; {@code more} when
     * some were left out), and the node ids for which the peer holds newer ones (at most
     * {@code maxWant}; never a node removed here with a sequence number at least as high). One pass over
     * the peer's digest, and a pass over what is held only when the peer lacks some.
     */
    static SyncPlan compare(Registry registry, Digest remote, int maxCount, int maxBytes, int maxWant) {
        List<SignedAdvert> out = new ArrayList<>();
        List<String> want = new ArrayList<>();
        int[] bytes = {0};
        int[] matched = {0};
        boolean[] more = {false};
        remote.forEach((node, remoteSeq) -> {
            Optional<SignedAdvert> held = registry.get(node);
            if (held.isPresent()) {
                matched[0]++;
                long seq = held.get().advert().seq();
                if (seq > remoteSeq) {
                    more[0] |= !add(out, held.get(), bytes, maxCount, maxBytes);
                } else if (seq < remoteSeq && want.size() < maxWant) {
                    want.add(node);
                }
                return;
            }
            if (registry.removedSeq(node) < remoteSeq && want.size() < maxWant && Ids.isNodeId(node)) {
                want.add(node);
            }
        });
        if (matched[0] < registry.size()) {
            for (SignedAdvert a : registry.adverts()) {
                if (remote.seq(a.advert().nodeId().value()) == 0) {
                    more[0] |= !add(out, a, bytes, maxCount, maxBytes);
                }
            }
        }
        return new SyncPlan(out, want, more[0]);
    }

    private static boolean add(List<SignedAdvert> out, SignedAdvert a, int[] bytes, int maxCount, int maxBytes) {
        int size = a.encodedSize();
        if (out.size() >= maxCount || bytes[0] + size > maxBytes) {
            return false;
        }
        out.add(a);
        bytes[0] += size;
        return true;
    }
}
