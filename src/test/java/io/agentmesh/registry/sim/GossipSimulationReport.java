package io.agentmesh.registry.sim;

import io.agentmesh.registry.RegistrySettings;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * Prints rounds to convergence and traffic per node per round for N = 10, 100 and 1,000 with the
 * default settings (docs/registry.md §7). Off unless asked for:
 * {@code mvn -o test -Dtest=GossipSimulationReport -Dsim.report=true}.
 */
@EnabledIfSystemProperty(named = "sim.report", matches = "true")
class GossipSimulationReport {

    /** Held, so that its level stays set: the log manager keeps loggers only weakly. */
    private static final Logger REGISTRY_LOG = Logger.getLogger("io.agentmesh.registry");
    private static final int[] SIZES = {10, 100, 1000};
    private static final int SEEDS = 5;
    private static final int STEADY_ROUNDS = 5;
    private static final int EXTRA_PEERS = 2;

    /**
     * Loss and churn (docs/registry.md §7): 10 % of messages lost, 5 % of the nodes leaving and as many
     * joining before every round, each new node knowing 3 live nodes; sizes from {@code sim.churn.sizes}
     * (default 100 and 1,000; 5,000 takes a heap of about 8 GiB, docs/benchmarks.md) and rounds from
     * {@code sim.churn.rounds} (default 24).
     */
    @Test
    void reportUnderLossAndChurn() {
        REGISTRY_LOG.setLevel(Level.SEVERE);
        RegistrySettings settings = RegistrySettings.defaults();
        int rounds = Integer.getInteger("sim.churn.rounds", 24);
        System.out.printf(Locale.ROOT, "gossip with 10 %% loss and 5 %% churn per round, fanout %d, %d rounds%n",
                settings.fanout(), rounds);
        System.out.println("N     cohort  settle mean/p99/max  unsettled  lagging  msgs/node/round  KiB/node/round  lost");
        for (String size : System.getProperty("sim.churn.sizes", "100,1000").split(",")) {
            int n = Integer.parseInt(size.trim());
            Simulation sim = new Simulation(n, n + 1, settings, EXTRA_PEERS, true, true);
            sim.network().lose(0.10, new java.util.Random(n + 2));
            ChurnRun.Result r = ChurnRun.run(sim, rounds, Math.max(1, n / 20), 3, 12);
            System.out.printf(Locale.ROOT, "%-5d %-7d %5.1f / %d / %-8d %-10d %-8d %-16.1f %-15.1f %.1f %%%n",
                    n, r.cohortRounds(), r.settleMean(), r.settleQuantile(0.99), r.settleMax(), r.unsettled(),
                    r.lagging(), (double) r.messages() / r.nodeRounds(), r.bytes() / 1024.0 / r.nodeRounds(),
                    100.0 * r.lost() / r.messages());
        }
    }

    /**
     * Why new nodes are slow to settle in under loss and churn ({@link ChurnDiagnosis}), at a size
     * {@code sim.diag.n} (default 1,000) with the settings' per-message and per-node caps scaled by
     * {@code sim.diag.scale} (default N / 5,000, so that 1,000 nodes stand for 5,000), for each variant of
     * {@code sim.diag.variants} (comma-separated): {@code base}; {@code pages1} (one sync request an exchange); {@code msg} (no cap on adverts per
     * message); {@code push} (no cap on new nodes per push); {@code book} (no cap on peers kept);
     * {@code held} (no cap on adverts held in all or per relaying peer); {@code noloss}; {@code open}
     * (all of msg, push, book and held).
     */
    @Test
    void diagnoseChurn() {
        REGISTRY_LOG.setLevel(Level.SEVERE);
        int n = Integer.getInteger("sim.diag.n", 1000);
        double scale = Double.parseDouble(System.getProperty("sim.diag.scale", Double.toString(n / 5000.0)));
        int rounds = Integer.getInteger("sim.churn.rounds", 16);
        for (String variant : System.getProperty("sim.diag.variants", "base").split(",")) {
            RegistrySettings.Builder b = Simulation.scaledCaps(RegistrySettings.defaults(), scale).toBuilder();
            int huge = 100_000;
            switch (variant.trim()) {
                case "base", "noloss" -> { }
                case "pages1" -> b.syncPages(1);
                case "msg" -> b.maxAdvertsPerMessage(8192);
                case "push" -> b.maxNewAdvertsPerPush(huge);
                case "book" -> b.maxPeers(huge);
                case "held" -> b.maxAdverts(huge).maxAdvertsPerPeer(huge).maxAdvertsPerAgent(huge);
                case "open" -> b.maxAdvertsPerMessage(8192).maxNewAdvertsPerPush(huge).maxPeers(huge)
                        .maxAdverts(huge).maxAdvertsPerPeer(huge).maxAdvertsPerAgent(huge);
                default -> throw new IllegalArgumentException("unknown variant " + variant);
            }
            RegistrySettings settings = b.build();
            System.out.printf(Locale.ROOT, "%n== N %d, variant %s: maxAdvertsPerMessage %d, maxNewAdvertsPerPush %d, "
                    + "maxPeers %d, maxAdverts %d, maxAdvertsPerPeer %d, maxAdvertsPerAgent %d, maxPeersPerSource %d%n",
                    n, variant, settings.maxAdvertsPerMessage(), settings.maxNewAdvertsPerPush(), settings.maxPeers(),
                    settings.maxAdverts(), settings.maxAdvertsPerPeer(), settings.maxAdvertsPerAgent(),
                    settings.maxPeersPerSource());
            Simulation sim = new Simulation(n, n + 1, settings, EXTRA_PEERS, true, false);
            if (!variant.trim().equals("noloss")) {
                sim.network().lose(0.10, new java.util.Random(n + 2));
            }
            ChurnRun.Result r = ChurnRun.run(sim, rounds, Math.max(1, n / 20), 3, 12, new ChurnDiagnosis(sim, System.out));
            System.out.printf(Locale.ROOT, "cohort %d, settle mean/p99/max %.1f / %d / %d, settled %d, unsettled %d, "
                    + "lagging %d%n", r.cohortRounds(), r.settleMean(), r.settleQuantile(0.99), r.settleMax(),
                    r.settleRounds().size(), r.unsettled(), r.lagging());
        }
    }

    @Test
    void report() {
        REGISTRY_LOG.setLevel(Level.SEVERE);
        RegistrySettings settings = RegistrySettings.defaults();
        System.out.printf(Locale.ROOT, "gossip simulation, fanout %d, %d initial peers per node, %d seeds per size%n",
                settings.fanout(), EXTRA_PEERS + 1, SEEDS);
        System.out.println("N     seed  rounds  msgs/node/round  KiB/node/round  | steady: msgs/node/round  KiB/node/round");
        for (int n : SIZES) {
            double roundsSum = 0;
            int roundsMax = 0;
            double msgSum = 0;
            double kibSum = 0;
            for (int seed = 1; seed <= SEEDS; seed++) {
                Simulation sim = new Simulation(n, seed, settings, EXTRA_PEERS, true, true);
                int rounds = sim.runUntilConverged(50);
                if (rounds < 0) {
                    throw new AssertionError("N=" + n + " seed " + seed + " did not converge in 50 rounds");
                }
                double msgs = (double) sim.network().messages() / n / rounds;
                double kib = sim.network().bytes() / 1024.0 / n / rounds;
                long m0 = sim.network().messages();
                long b0 = sim.network().bytes();
                for (int i = 0; i < STEADY_ROUNDS; i++) {
                    sim.round();
                }
                double steadyMsgs = (double) (sim.network().messages() - m0) / n / STEADY_ROUNDS;
                double steadyKib = (sim.network().bytes() - b0) / 1024.0 / n / STEADY_ROUNDS;
                System.out.printf(Locale.ROOT, "%-5d %-5d %-7d %-16.1f %-15.1f |         %-16.1f %.1f%n",
                        n, seed, rounds, msgs, kib, steadyMsgs, steadyKib);
                roundsSum += rounds;
                roundsMax = Math.max(roundsMax, rounds);
                msgSum += msgs;
                kibSum += kib;
            }
            System.out.printf(Locale.ROOT, "N=%d: rounds to convergence mean %.1f, max %d; %.1f messages and %.1f KiB "
                    + "per node per round until convergence%n", n, roundsSum / SEEDS, roundsMax, msgSum / SEEDS, kibSum / SEEDS);
        }
    }
}
