package io.agentmesh.registry.sim;

import io.agentmesh.identity.NodeId;
import io.agentmesh.registry.AdvertRejection;
import io.agentmesh.registry.GossipMessages;
import io.agentmesh.registry.PeerRecord;
import io.agentmesh.registry.Registry;
import io.agentmesh.registry.RoundStats;
import jakarta.json.JsonObject;
import java.io.PrintStream;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Why new nodes of a {@link ChurnRun} take long to settle in: each round, for the new nodes not yet
 * settled in ("young"), what they lack and why their intake is what it is. Prints one line a round:
 * <ul>
 * <li>{@code held}, {@code dead}: adverts a live node holds, mean, and of those the adverts of nodes that
 *     left;</li>
 * <li>{@code young}, {@code lackIn}, {@code lackOut}: the young nodes; per young node, the live nodes there
 *     before it whose adverts it lacks, and those that lack its advert;</li>
 * <li>per young node and round: its own syncs ({@code ok} answered, {@code down} to a node that left,
 *     {@code lost}), the adverts their results carried ({@code recv}), of those new to it ({@code new}),
 *     already held or brought by another result of the round ({@code dup}); the share of results cut
 *     short by a cap ({@code more}); adverts pushed to it ({@code pushed}), of which it refused for the
 *     push cap ({@code pushCap}); adverts it gained in all ({@code gain}), of those of nodes that left
 *     ({@code gainDead});</li>
 * <li>refusals by cap over all nodes ({@code FULL}, {@code PEER}, {@code PUSH}, {@code AGENT});</li>
 * <li>peer books: mean size over a sample of nodes and the share of entries naming nodes that left.</li>
 * </ul>
 */
final class ChurnDiagnosis implements ChurnRun.Watcher, SimNetwork.Tap {

    private static final class Intake {
        long syncs;
        long ok;
        long down;
        long lost;
        long recv;
        long more;
        long pushed;
        long inboundSyncs;
    }

    private record Before(long accepted, long duplicates, long pushCap, int held, int deadHeld) {
    }

    private final Simulation sim;
    private final PrintStream out;
    private final Map<NodeId, Intake> intake = new HashMap<>();
    private final Map<NodeId, Before> before = new HashMap<>();
    private Map<AdvertRejection, Long> rejectionsBefore = new EnumMap<>(AdvertRejection.class);
    private Set<NodeId> young = Set.of();

    ChurnDiagnosis(Simulation sim, PrintStream out) {
        this.sim = sim;
        this.out = out;
        sim.network().tap(this);
        out.println("r   live  held   dead  | young lackIn lackOut | syncs ok   down lost recv   new    dup    more% "
                + "pushed pushCap gain  gainDead | FULL    PEER   PUSH   AGENT | book  bookDead%");
    }

    @Override
    public void seen(NodeId from, NodeId to, String method, JsonObject params, JsonObject result,
                     SimNetwork.Fate fate) {
        if (method.equals(GossipMessages.SYNC) && young.contains(from)) {
            Intake i = intake.get(from);
            i.syncs++;
            switch (fate) {
                case DELIVERED -> {
                    i.ok++;
                    i.recv += result.getJsonArray("adverts").size();
                    i.more += result.getBoolean("more", false) ? 1 : 0;
                }
                case DOWN -> i.down++;
                case REQUEST_LOST, RESPONSE_LOST -> i.lost++;
                case ERROR -> { }
            }
        }
        if (method.equals(GossipMessages.SYNC) && young.contains(to) && fate != SimNetwork.Fate.REQUEST_LOST) {
            intake.get(to).inboundSyncs++;
        }
        if (method.equals(GossipMessages.PUSH) && young.contains(to)
                && (fate == SimNetwork.Fate.DELIVERED || fate == SimNetwork.Fate.RESPONSE_LOST)) {
            intake.get(to).pushed += params.getJsonArray("adverts").size();
        }
    }

    @Override
    public void before(int r, List<Simulation.Node> unsettled) {
        young = new HashSet<>();
        intake.clear();
        before.clear();
        for (Simulation.Node n : unsettled) {
            if (n.alive()) {
                young.add(n.id());
                intake.put(n.id(), new Intake());
                Registry reg = n.registry().registry();
                before.put(n.id(), new Before(reg.acceptedCount(), reg.duplicateCount(),
                        reg.rejectionCount(AdvertRejection.PUSH_LIMIT), reg.size(), deadHeld(reg)));
            }
        }
        rejectionsBefore = rejections();
    }

    @Override
    public void after(int r, List<Simulation.Node> unsettledBefore) {
        List<Simulation.Node> live = sim.alive();
        long held = 0;
        long dead = 0;
        for (Simulation.Node n : live) {
            Registry reg = n.registry().registry();
            held += reg.size();
            dead += deadHeld(reg);
        }
        long lackIn = 0;
        long lackOut = 0;
        long recvNew = 0;
        long dup = 0;
        long pushCap = 0;
        long gain = 0;
        long gainDead = 0;
        Intake sum = new Intake();
        int y = 0;
        for (Simulation.Node n : unsettledBefore) {
            if (!n.alive() || !young.contains(n.id())) {
                continue;
            }
            y++;
            Registry reg = n.registry().registry();
            for (Simulation.Node other : live) {
                if (other != n && other.joined() <= n.joined()) {
                    lackIn += reg.get(other.id()).isEmpty() ? 1 : 0;
                    lackOut += other.registry().registry().get(n.id()).isEmpty() ? 1 : 0;
                }
            }
            Before b = before.get(n.id());
            RoundStats s = n.lastRound();
            recvNew += s.advertsAccepted();
            dup += s.advertsReceived() - s.advertsAccepted() - s.advertsRejected();
            pushCap += reg.rejectionCount(AdvertRejection.PUSH_LIMIT) - b.pushCap();
            gain += reg.size() - b.held();
            gainDead += deadHeld(reg) - b.deadHeld();
            Intake i = intake.get(n.id());
            sum.syncs += i.syncs;
            sum.ok += i.ok;
            sum.down += i.down;
            sum.lost += i.lost;
            sum.recv += i.recv;
            sum.more += i.more;
            sum.pushed += i.pushed;
        }
        Map<AdvertRejection, Long> rej = rejections();
        double yd = Math.max(1, y);
        long[] book = peerBooks(live);
        out.printf(Locale.ROOT, "%-3d %-5d %-6.0f %-5.0f | %-5d %-6.0f %-7.0f | %-5.2f %-4.2f %-4.2f %-4.2f "
                        + "%-6.0f %-6.0f %-6.0f %-5.0f %-6.0f %-7.0f %-5.0f %-8.0f | %-7d %-6d %-6d %-5d | %-5d %.0f%n",
                r, live.size(), (double) held / live.size(), (double) dead / live.size(), y, lackIn / yd, lackOut / yd,
                sum.syncs / yd, sum.ok / yd, sum.down / yd, sum.lost / yd, sum.recv / yd, recvNew / yd, dup / yd,
                sum.ok == 0 ? 0.0 : 100.0 * sum.more / sum.ok, sum.pushed / yd, pushCap / yd, gain / yd,
                gainDead / yd, delta(rej, AdvertRejection.REGISTRY_FULL), delta(rej, AdvertRejection.PEER_LIMIT),
                delta(rej, AdvertRejection.PUSH_LIMIT), delta(rej, AdvertRejection.AGENT_LIMIT),
                book[0], book[1] == 0 ? 0.0 : 100.0 * book[2] / book[1]);
        young = Set.of();
    }

    private long delta(Map<AdvertRejection, Long> now, AdvertRejection reason) {
        return now.getOrDefault(reason, 0L) - rejectionsBefore.getOrDefault(reason, 0L);
    }

    private Map<AdvertRejection, Long> rejections() {
        Map<AdvertRejection, Long> sum = new EnumMap<>(AdvertRejection.class);
        for (Simulation.Node n : sim.alive()) {
            n.registry().registry().rejectionCounts().forEach((k, v) -> sum.merge(k, v, Long::sum));
        }
        return sum;
    }

    private int deadHeld(Registry reg) {
        int dead = 0;
        for (var a : reg.adverts()) {
            Simulation.Node n = sim.byId(a.advert().nodeId());
            dead += n != null && !n.alive() ? 1 : 0;
        }
        return dead;
    }

    /** Mean peer book size over every 20th live node, and entries and dead entries over those. */
    private long[] peerBooks(List<Simulation.Node> live) {
        long size = 0;
        long entries = 0;
        long dead = 0;
        int k = 0;
        for (int i = 0; i < live.size(); i += 20, k++) {
            for (PeerRecord p : live.get(i).registry().peers().peers()) {
                entries++;
                Simulation.Node n = sim.byId(p.nodeId());
                dead += n != null && !n.alive() ? 1 : 0;
            }
        }
        size = k == 0 ? 0 : entries / k;
        return new long[] {size, entries, dead};
    }
}
