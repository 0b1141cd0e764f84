package io.agentmesh.registry;

import io.agentmesh.identity.NodeId;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * What to send a peer after comparing its digest with the {@link Registry}, and what to ask it for
 * (docs/registry.md §3.1).
 *
 * @param adverts the adverts held that the peer lacks or holds older
 * @param want    the node ids for which the peer holds newer adverts
 * @param more    true when some adverts were left out for the limits
 */
public record SyncPlan(List<SignedAdvert> adverts, List<String> want, boolean more) {

    /**
     * The limits of one plan.
     *
     * @param maxAdverts adverts sent at most
     * @param maxBytes   envelope bytes sent at most
     * @param maxWant    node ids wanted at most
     * @param maxWantNew of those, nodes of which no advert is held, at most (what one push may add, §2.5)
     */
    public record Limits(int maxAdverts, int maxBytes, int maxWant, int maxWantNew) {

        /** The limits the settings give a sync result. */
        public static Limits of(RegistrySettings settings) {
            return new Limits(settings.maxAdvertsPerMessage(), settings.maxMessageBytes(),
                    settings.maxAdvertsPerMessage(), Math.min(settings.maxAdvertsPerMessage(),
                    settings.maxNewAdvertsPerPush()));
        }
    }

    public SyncPlan {
        adverts = List.copyOf(adverts);
        want = List.copyOf(want);
    }

    /**
     * Compares a peer's digest with what {@code registry} holds: the adverts held that the peer lacks or
     * holds older, and the node ids for which the peer holds newer ones (never a node removed here with a
     * sequence number at least as high; at most {@code maxWantNew} of nodes of which nothing is held, as a
     * push adds no more). When more are due than the limits allow, this node's own advert goes first
     * (as the requester's advert in {@code want}: handed over first-hand, no cap refuses it), and the
     * rest is a random choice, so that the peers a lagging node syncs with in one round send it different
     * adverts rather than the same ones. One pass over the peer's digest, and a pass over what is held
     * only when the peer lacks some.
     *
     * @param requester the peer that sent the digest, or null when not known
     */
    static SyncPlan compare(Registry registry, Digest remote, NodeId requester, Limits limits,
                            RandomGenerator random) {
        List<SignedAdvert> out = new ArrayList<>();
        List<String> updates = new ArrayList<>();
        List<String> fresh = new ArrayList<>();
        int[] matched = {0};
        remote.forEach((node, remoteSeq) -> {
            Optional<SignedAdvert> held = registry.get(node);
            if (held.isPresent()) {
                matched[0]++;
                long seq = held.get().advert().seq();
                if (seq > remoteSeq) {
                    out.add(held.get());
                } else if (seq < remoteSeq) {
                    updates.add(node);
                }
            } else if (registry.removedSeq(node) < remoteSeq && Ids.isNodeId(node)) {
                fresh.add(node);
            }
        });
        if (matched[0] < registry.size()) {
            for (SignedAdvert a : registry.adverts()) {
                if (remote.seq(a.advert().nodeId().value()) == 0) {
                    out.add(a);
                }
            }
        }
        List<SignedAdvert> adverts = choose(out, registry.self(), limits, random);
        List<String> want = new ArrayList<>(Math.min(limits.maxWant(), updates.size() + fresh.size()));
        int newLeft = Math.min(limits.maxWant(), limits.maxWantNew());
        if (requester != null && newLeft > 0 && fresh.remove(requester.value())) {
            want.add(requester.value());
            newLeft--;
        }
        shuffleFirst(updates, limits.maxWant() - want.size(), random);
        for (int i = 0; i < updates.size() && want.size() < limits.maxWant(); i++) {
            want.add(updates.get(i));
        }
        newLeft = Math.min(newLeft, limits.maxWant() - want.size());
        shuffleFirst(fresh, newLeft, random);
        want.addAll(fresh.subList(0, Math.min(newLeft, fresh.size())));
        return new SyncPlan(adverts, want, adverts.size() < out.size());
    }

    /**
     * The adverts to send: all when they fit the limits, else {@code self}'s (if due) and then a random
     * choice of the others, within the count and the bytes.
     */
    private static List<SignedAdvert> choose(List<SignedAdvert> due, NodeId self, Limits limits,
                                             RandomGenerator random) {
        long bytes = 0;
        for (SignedAdvert a : due) {
            bytes += a.encodedSize();
        }
        if (due.size() <= limits.maxAdverts() && bytes <= limits.maxBytes()) {
            return due;
        }
        int from = 0;
        for (int i = 0; i < due.size(); i++) {
            if (due.get(i).advert().nodeId().equals(self)) {
                swap(due, 0, i);
                from = 1;
                break;
            }
        }
        List<SignedAdvert> chosen = new ArrayList<>(Math.min(due.size(), limits.maxAdverts()));
        int used = 0;
        for (int i = 0; i < due.size() && chosen.size() < limits.maxAdverts(); i++) {
            if (i >= from) {
                swap(due, i, i + random.nextInt(due.size() - i));
            }
            int size = due.get(i).encodedSize();
            if (used + size <= limits.maxBytes()) {
                chosen.add(due.get(i));
                used += size;
            }
        }
        return chosen;
    }

    /** Moves a random choice of {@code k} elements to the front of {@code list}; nothing when it holds no more. */
    private static <T> void shuffleFirst(List<T> list, int k, RandomGenerator random) {
        if (list.size() <= k) {
            return;
        }
        for (int i = 0; i < k; i++) {
            swap(list, i, i + random.nextInt(list.size() - i));
        }
    }

    private static <T> void swap(List<T> list, int i, int j) {
        T t = list.get(i);
        list.set(i, list.get(j));
        list.set(j, t);
    }
}
