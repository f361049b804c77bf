package dev.bulkhead.analysis.bench;

import dev.bulkhead.analysis.culprit.CulpritFinder;
import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.ConditionalMixtureSprt;
import dev.bulkhead.analysis.judge.JudgeConfig;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The {@code detection} benchmark: on the same simulated traffic, how fast and how safely three rollback rules
 * catch a canary whose regression hurts one segment (or a handful of tenants), and how often they roll back a
 * harmless canary. Seeded and deterministic:
 * {@code ./mvnw -B -pl analysis test-compile exec:java -Pdetection [-Dexec.args="--runs 500 --seed 1 --rpm 4000"]}.
 */
public final class DetectionBenchmark {

    static final int MINUTES = 60;
    static final int PAYING = 2;

    private record Scenario(String name, Population.Regression regression) {
    }

    /** Per method and scenario. */
    private static final class Tally {
        int runs;
        int detected;
        final List<Double> minutes = new ArrayList<>();
        final List<Double> canaryRequests = new ArrayList<>();
        final List<Double> payingCanaryRequests = new ArrayList<>();
        double badServedToHurt;
        double hurtTenantsWithBad;
        int culpritRuns;
        double culpritPrecision;
        double culpritRecall;
    }

    public static void main(String[] args) {
        int runs = 500;
        long seed = 1;
        double requestsPerMinute = 4_000;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "--runs" -> runs = Integer.parseInt(args[i + 1]);
                case "--seed" -> seed = Long.parseLong(args[i + 1]);
                case "--rpm" -> requestsPerMinute = Double.parseDouble(args[i + 1]);
                default -> throw new IllegalArgumentException("unknown option " + args[i] + " (use --runs N --seed S --rpm R)");
            }
        }
        JudgeConfig config = JudgeConfig.defaults(); // 1% false rollbacks per rollout, 200 events, +0.5 pt and x1.5
        double zAlpha = 2.3263; // one-sided 1%
        long fixedN = GlobalFixedSampleDetector.sampleSize(0.001, 0.006, zAlpha, 1.2816);
        List<Scenario> scenarios = List.of(
                new Scenario("one segment x10 (paying canary tenants 0.1% -> 1%)", Population.Regression.segment(PAYING, 10)),
                new Scenario("3 tenants at 5% (random exposed paying tenants)", Population.Regression.tenants(PAYING, 3, 0.05)),
                new Scenario("A/A (canary = stable)", Population.Regression.none()));
        String[] methods = {"(a) Bulkhead per-segment sequential", "(b) global threshold <1%/5m, failureLimit 3",
            "(c) global fixed-sample z-test, n=" + fixedN};

        Map<String, Tally[]> results = new HashMap<>();
        List<Double> payingCanaryPerMinute = new ArrayList<>();
        for (Scenario scenario : scenarios) {
            Tally[] tallies = {new Tally(), new Tally(), new Tally()};
            for (int run = 0; run < runs; run++) {
                SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + run);
                Population p = Population.draw(rnd, requestsPerMinute, scenario.regression());
                Detector[] detectors = {new SegmentSequentialDetector(config), new GlobalThresholdDetector(0.01, 3),
                    new GlobalFixedSampleDetector(fixedN, zAlpha)};
                simulate(rnd, p, detectors, tallies);
                if (scenario == scenarios.get(0)) {
                    double perMinute = 0;
                    for (int t = 0; t < p.size; t++) {
                        perMinute += p.segment[t] == PAYING && p.canary[t] ? p.requestsPerMinute[t] : 0;
                    }
                    payingCanaryPerMinute.add(perMinute);
                }
            }
            results.put(scenario.name(), tallies);
        }
        print(runs, seed, requestsPerMinute, config, fixedN, scenarios, methods, results, payingCanaryPerMinute);
    }

    private static void simulate(SplittableRandom rnd, Population p, Detector[] detectors, Tally[] tallies) {
        double[] events = new double[p.size];
        double[] bad = new double[p.size];
        boolean[] bakeComplete = new boolean[Population.SEGMENTS.length];
        int d = detectors.length;
        boolean[] stopped = new boolean[d];
        double[] canaryRequests = new double[d];
        double[] payingCanaryRequests = new double[d];
        double[] badToHurt = new double[d];
        boolean[][] hurtWithBad = new boolean[d][p.size];
        // Cumulative per-tenant counts for the culprit ranking of Bulkhead's failing segment.
        double[] cumEvents = new double[p.size];
        double[] cumBad = new double[p.size];
        for (Tally t : tallies) {
            t.runs++;
        }
        for (int minute = 0; minute < MINUTES; minute++) {
            for (int t = 0; t < p.size; t++) {
                events[t] = Population.poisson(rnd, p.requestsPerMinute[t]);
                bad[t] = Population.binomial(rnd, (long) events[t], p.canary[t] ? p.canaryErrorRate[t] : p.baseline[t]);
                cumEvents[t] += events[t];
                cumBad[t] += bad[t];
            }
            for (int i = 0; i < d; i++) {
                if (stopped[i]) {
                    continue;
                }
                for (int t = 0; t < p.size; t++) {
                    if (p.canary[t]) {
                        canaryRequests[i] += events[t];
                        payingCanaryRequests[i] += p.segment[t] == PAYING ? events[t] : 0;
                    }
                    if (p.hurt(t) && bad[t] > 0) {
                        badToHurt[i] += bad[t];
                        hurtWithBad[i][t] = true;
                    }
                }
                if (detectors[i].observe(new Look(minute, p, events, bad, bakeComplete))) {
                    stopped[i] = true;
                    tallies[i].detected++;
                    tallies[i].minutes.add(minute + 1.0);
                    tallies[i].canaryRequests.add(canaryRequests[i]);
                    tallies[i].payingCanaryRequests.add(payingCanaryRequests[i]);
                    if (detectors[i] instanceof SegmentSequentialDetector s) {
                        culprits(p, s.failedSegment(), cumEvents, cumBad, tallies[i]);
                    }
                }
            }
        }
        for (int i = 0; i < d; i++) {
            tallies[i].badServedToHurt += badToHurt[i];
            int n = 0;
            for (boolean b : hurtWithBad[i]) {
                n += b ? 1 : 0;
            }
            tallies[i].hurtTenantsWithBad += n;
        }
    }

    private static void culprits(Population p, String segmentName, double[] cumEvents, double[] cumBad, Tally tally) {
        int segment = Arrays.asList(Population.SEGMENTS).indexOf(segmentName);
        Map<String, ArmCounts> canary = new HashMap<>();
        ArmCounts stable = ArmCounts.EMPTY;
        int hurt = 0;
        for (int t = 0; t < p.size; t++) {
            if (p.segment[t] != segment) {
                continue;
            }
            if (p.canary[t]) {
                canary.put("t" + t, new ArmCounts(cumEvents[t], cumBad[t]));
                hurt += p.hurt(t) ? 1 : 0;
            } else {
                stable = stable.plus(new ArmCounts(cumEvents[t], cumBad[t]));
            }
        }
        List<CulpritTenant> ranked = CulpritFinder.rank("availability", canary, stable, 0.05);
        int named = 0;
        int right = 0;
        for (CulpritTenant c : ranked) {
            if (c.significant()) {
                named++;
                right += p.hurt(Integer.parseInt(c.tenant().substring(1))) ? 1 : 0;
            }
        }
        tally.culpritRuns++;
        tally.culpritPrecision += named == 0 ? 1 : right / (double) named;
        tally.culpritRecall += hurt == 0 ? 1 : right / (double) hurt;
    }

    private static void print(int runs, long seed, double requestsPerMinute, JudgeConfig config, long fixedN, List<Scenario> scenarios, String[] methods,
            Map<String, Tally[]> results, List<Double> payingCanaryPerMinute) {
        System.out.printf(Locale.ROOT, "detection benchmark: %d runs per scenario, seed %d, %d minutes, %.0f requests/minute, "
                + "%d tenants (Pareto 1.16 sizes, baseline 0.1%% x lognormal(0, 0.5)), 20%% of each segment's tenants on canary%n",
                runs, seed, MINUTES, requestsPerMinute, Arrays.stream(Population.TENANTS_PER_SEGMENT).sum());
        System.out.printf(Locale.ROOT, "Bulkhead judge: falseRollbackRate %.2f over %d segments, minSamples %d, minRegression +%.1f pt and x%.1f%n%n",
                config.falseRollbackRate(), Population.SEGMENTS.length, config.minSamples(),
                config.minRegression().absolutePoints(), config.minRegression().relative());
        System.out.println("| scenario | method | detection (rollback) probability | median minutes to rollback | "
                + "median canary requests to rollback (all / paying) | mean bad requests served to hurt tenants | mean hurt tenants with >=1 bad request |");
        System.out.println("| --- | --- | --- | --- | --- | --- | --- |");
        for (Scenario s : scenarios) {
            Tally[] tallies = results.get(s.name());
            for (int i = 0; i < methods.length; i++) {
                Tally t = tallies[i];
                System.out.printf(Locale.ROOT, "| %s | %s | %.3f | %s | %s / %s | %.1f | %.2f |%n", s.name(), methods[i],
                        t.detected / (double) t.runs, median(t.minutes, "%.0f"), median(t.canaryRequests, "%.0f"),
                        median(t.payingCanaryRequests, "%.0f"),
                        t.badServedToHurt / t.runs, t.hurtTenantsWithBad / t.runs);
            }
        }
        System.out.println();
        for (Scenario s : scenarios.subList(0, 2)) {
            Tally b = results.get(s.name())[0];
            if (b.culpritRuns > 0) {
                System.out.printf(Locale.ROOT, "culprit tenants named by (a) in \"%s\": precision %.3f, recall %.3f over %d rollbacks%n",
                        s.name(), b.culpritPrecision / b.culpritRuns, b.culpritRecall / b.culpritRuns, b.culpritRuns);
            }
        }
        double alphaSegment = config.falseRollbackRate() / Population.SEGMENTS.length;
        double wald = ConditionalMixtureSprt.waldExpectedSampleSize(0.001, 0.01, alphaSegment, 0.05);
        double medianPerMinute = medianValue(payingCanaryPerMinute);
        System.out.printf(Locale.ROOT, "%nWald's SPRT floor, one segment 0.1%% -> 1%%, alpha %.4f, beta 0.05: E1[N] = %.0f canary requests "
                + "of the segment (median paying canary traffic %.0f requests/minute: %.1f minutes)%n", alphaSegment, wald,
                medianPerMinute, wald / medianPerMinute);
        System.out.printf(Locale.ROOT, "Wald's SPRT floor, one tenant 0.1%% -> 5%%, same error rates: E1[N] = %.0f requests of that tenant%n",
                ConditionalMixtureSprt.waldExpectedSampleSize(0.001, 0.05, alphaSegment, 0.05));
        System.out.printf(Locale.ROOT, "Worked example of the notes, 0.1%% -> 1%%, alpha = beta = 0.01: E1[N] = %.0f requests%n",
                ConditionalMixtureSprt.waldExpectedSampleSize(0.001, 0.01, 0.01, 0.01));
    }

    private static String median(List<Double> values, String format) {
        return values.isEmpty() ? "-" : String.format(Locale.ROOT, format, medianValue(values));
    }

    private static double medianValue(List<Double> values) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
    }
}
