package io.agentmesh.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class SoakJudgeTest {

    private static final long MIB = 1 << 20;
    private final SoakJudge judge = new SoakJudge(0.10, 0.10, 1.0);

    @Test
    void aFlatRunPassesEveryCriterionOfEveryNode() {
        List<SoakJudge.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(steady(1, 0, i, 100 + i % 3, 80, 300));
            samples.add(steady(2, 0, i, 90, 78 + i % 2, 301));
        }

        List<SoakJudge.Check> checks = judge.resources(samples, Set.of());

        assertEquals(6, checks.size(), checks.toString());
        assertTrue(checks.stream().allMatch(SoakJudge.Check::passed), checks.toString());
    }

    @Test
    void heapThatGrowsMoreThanTheToleranceFailsOnlyThatNodesHeap() {
        List<SoakJudge.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            samples.add(steady(1, 0, i, 100 + 3 * i, 80, 300));   // 100 → 127 MiB
            samples.add(steady(2, 0, i, 100 + i, 80, 300));       // 100 → 109: within 10 %
        }

        List<String> failed = failed(judge.resources(samples, Set.of()));

        assertEquals(List.of("node 1, whole run heap"), failed);
    }

    @Test
    void baseAndEndAreMediansOfTheFirstAndLastThreeReadingsSoOneOutlierDoesNotDecide() {
        List<SoakJudge.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            samples.add(steady(1, 0, i, i == 7 ? 300 : 100, 80, i == 0 ? 10 : 300));
        }

        List<SoakJudge.Check> checks = judge.resources(samples, Set.of());

        assertTrue(checks.stream().allMatch(SoakJudge.Check::passed), checks.toString());
        assertEquals(100 * MIB, checks.get(0).end());
    }

    @Test
    void readingsOutsideSteadyPhasesAreNotJudged() {
        List<SoakJudge.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            samples.add(steady(1, 0, i, 100, 80, 300));
        }
        samples.add(new SoakJudge.Sample(1, 0, 100, "partition", 400 * MIB, 200, 900));
        samples.add(new SoakJudge.Sample(1, 0, 200, "settle", 400 * MIB, 200, 900));

        assertTrue(judge.resources(samples, Set.of()).stream().allMatch(SoakJudge.Check::passed));
    }

    @Test
    void aRestartedNodeIsJudgedPerLifeAndEachLaterLifeAgainstTheFirstRestartsLife() {
        List<SoakJudge.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(steady(3, 0, i, 150, 90, 320));    // before the first restart: a higher level, no failure
            samples.add(steady(3, 1, 10 + i, 100, 80, 300));
            samples.add(steady(3, 2, 20 + i, 100, 80, 300 + 20 * i));   // fds grow within life 2: 300 → 360
            samples.add(steady(3, 3, 30 + i, 100, 95, 300));   // threads: life 3 runs 19 % above life 1
        }

        List<SoakJudge.Check> checks = judge.resources(samples, Set.of(3));

        assertEquals(List.of("node 3, life 2 fds", "node 3, life 3 vs life 1 (all readings) threads"), failed(checks));
        assertEquals(4 * 3 + 2 * 3, checks.size(), "every life within itself, lives 2 and 3 against life 1: " + checks);
    }

    @Test
    void oneHighFirstReadingAfterARestartDoesNotFailTheComparisonOfLives() {
        List<SoakJudge.Sample> samples = new ArrayList<>();
        samples.add(steady(3, 1, 10, 75, 79, 145));
        samples.add(steady(3, 1, 11, 77, 80, 144));
        samples.add(steady(3, 2, 20, 73, 88, 145));   // the pools of a fresh JVM not yet shrunk
        samples.add(steady(3, 2, 21, 76, 79, 144));
        samples.add(steady(3, 2, 22, 76, 79, 144));

        assertEquals(List.of(), failed(judge.resources(samples, Set.of(3))));
    }

    @Test
    void aLifeOfTwoOrThreeReadingsIsJudgedOnlyAgainstLifeOne() {
        List<SoakJudge.Sample> samples = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            samples.add(steady(3, 1, 10 + i, 66, 81, 145));
        }
        samples.add(steady(3, 3, 30, 66, 79, 144));   // a fresh JVM's pools, then grown for a burst: not a trend
        samples.add(steady(3, 3, 31, 67, 88, 145));

        List<SoakJudge.Check> checks = judge.resources(samples, Set.of(3));

        assertEquals(List.of(), failed(checks));
        assertEquals(2 * 3, checks.size(), "life 1 within itself, life 3 against life 1: " + checks);
    }

    @Test
    void aNodeNeverRestartedNeedsTwoSteadyReadings() {
        List<SoakJudge.Sample> samples = List.of(steady(1, 0, 0, 100, 80, 300),
                new SoakJudge.Sample(1, 0, 10, "settle", 100 * MIB, 80, 300));

        List<SoakJudge.Check> checks = judge.resources(samples, Set.of());

        assertEquals(1, checks.size());
        assertEquals("readings", checks.get(0).measure());
        assertFalse(checks.get(0).passed());
    }

    @Test
    void aProjectClassWhoseInstancesKeepGrowingFailsAndBoundedOnesPass() {
        var base = java.util.Map.of("a.Requester", 651L, "a.Slot", 720L, "a.Pending", 10L, "a.Big", 2_000L);
        var end = java.util.Map.of("a.Requester", 5_400L, "a.Slot", 720L, "a.Pending", 400L, "a.New", 30L);

        List<SoakJudge.Check> checks = judge.instances("node 1", base, end, 500);

        assertEquals(List.of("node 1: a.Requester objects"), failed(checks));
        assertTrue(judge.instances("node 1", base, java.util.Map.of("a.Requester", 900L, "a.Big", 2_900L), 500)
                .stream().allMatch(SoakJudge.Check::passed), "grew by less than 500, or by less than half");
    }

    @Test
    void steadyErrorsFailAboveTheLimitAndWhenNoCallRan() {
        assertTrue(judge.steadyErrors(10_000, 100).passed());
        assertFalse(judge.steadyErrors(10_000, 101).passed());
        assertFalse(judge.steadyErrors(0, 0).passed());
    }

    private static SoakJudge.Sample steady(int node, int life, long second, long heapMib, int threads, int fds) {
        return new SoakJudge.Sample(node, life, second, SoakJudge.STEADY, heapMib * MIB, threads, fds);
    }

    private static List<String> failed(List<SoakJudge.Check> checks) {
        return checks.stream().filter(c -> !c.passed()).map(c -> c.subject() + " " + c.measure()).collect(Collectors.toList());
    }
}
