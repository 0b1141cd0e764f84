package io.agentmesh.registry.sim;

import java.util.ArrayList;
import java.util.List;

/**
 * Gossip rounds with nodes leaving and joining before each one (docs/registry.md §7, "Loss and churn"):
 * before every round, {@code churn} live nodes chosen at random stop without a word and as many new
 * nodes start, each knowing {@code bootstrap} live nodes. Measures, rounds counted:
 * <ul>
 * <li>the round after which the nodes there from the start that are still alive know each other;</li>
 * <li>for each new node, the rounds until it is settled in ({@link Simulation#settledIn}): it holds the
 *     adverts of the live nodes that were there when it joined, and they hold its own;</li>
 * <li>the rounds {@code r ≥ window} after which the nodes alive since round {@code r − window} did not all
 *     know each other (0 when the mesh never lags more than {@code window} rounds behind its churn).</li>
 * </ul>
 */
final class ChurnRun {

    /**
     * @param cohortRounds rounds until the first nodes knew each other, -1 if never
     * @param settleRounds rounds each new node took to settle in, for those that did
     * @param unsettled    new nodes alive at the end, joined {@code window} or more rounds before it, not
     *                     settled in
     * @param lagging      rounds after which the nodes alive since {@code window} rounds earlier did not all
     *                     know each other
     */
    record Result(int rounds, int cohortRounds, List<Integer> settleRounds, int unsettled, int lagging,
                  long messages, long bytes, long lost, long nodeRounds) {

        int settleMax() {
            return settleRounds.stream().mapToInt(Integer::intValue).max().orElse(0);
        }

        double settleMean() {
            return settleRounds.stream().mapToInt(Integer::intValue).average().orElse(0);
        }

        /** The {@code q} quantile (0 to 1) of the settle rounds. */
        int settleQuantile(double q) {
            List<Integer> sorted = settleRounds.stream().sorted().toList();
            return sorted.isEmpty() ? 0 : sorted.get((int) Math.min(sorted.size() - 1, Math.ceil(q * sorted.size()) - 1));
        }
    }

    /** Watches a run round by round (for diagnosis). */
    interface Watcher {
        /** Before round {@code r}, after the churn: the new nodes not yet settled in. */
        void before(int r, List<Simulation.Node> unsettled);

        /** After round {@code r}: the new nodes that were not settled in before it (some may be now). */
        void after(int r, List<Simulation.Node> unsettledBefore);
    }

    private static final Watcher NONE = new Watcher() {
        @Override
        public void before(int r, List<Simulation.Node> unsettled) {
        }

        @Override
        public void after(int r, List<Simulation.Node> unsettledBefore) {
        }
    };

    private ChurnRun() {
    }

    static Result run(Simulation sim, int rounds, int churn, int bootstrap, int window) {
        return run(sim, rounds, churn, bootstrap, window, NONE);
    }

    static Result run(Simulation sim, int rounds, int churn, int bootstrap, int window, Watcher watcher) {
        long messages0 = sim.network().messages();
        long bytes0 = sim.network().bytes();
        long lost0 = sim.network().lostMessages();
        List<Simulation.Node> unsettled = new ArrayList<>();
        List<Integer> settle = new ArrayList<>();
        int cohort = -1;
        int lagging = 0;
        long nodeRounds = 0;
        for (int r = 1; r <= rounds; r++) {
            unsettled.addAll(sim.churn(churn, churn, bootstrap));
            nodeRounds += sim.alive().size();
            List<Simulation.Node> before = List.copyOf(unsettled);
            watcher.before(r, before);
            sim.round();
            watcher.after(r, before);
            if (cohort < 0 && sim.knowEachOther(0)) {
                cohort = r;
            }
            if (r >= window && !sim.knowEachOther(r - window)) {
                lagging++;
            }
            unsettled.removeIf(n -> !n.alive());
            for (var it = unsettled.iterator(); it.hasNext(); ) {
                Simulation.Node n = it.next();
                if (sim.settledIn(n)) {
                    settle.add(r - n.joined());
                    it.remove();
                }
            }
        }
        int end = rounds;
        int late = (int) unsettled.stream().filter(n -> end - n.joined() >= window).count();
        return new Result(rounds, cohort, List.copyOf(settle), late, lagging, sim.network().messages() - messages0,
                sim.network().bytes() - bytes0, sim.network().lostMessages() - lost0, nodeRounds);
    }
}
