package dev.bulkhead.analysis.bench;

import dev.bulkhead.analysis.culprit.CulpritFinder;
import dev.bulkhead.analysis.culprit.CulpritTenant;
import dev.bulkhead.analysis.judge.ArmCounts;
import dev.bulkhead.analysis.judge.ConditionalMixtureSprt;
import dev.bulkhead.analysis.judge.JudgeConfig;
import dev.bulkhead.analysis.judge.MinRegression;
import dev.bulkhead.analysis.judge.SequentialJudge;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * The {@code detection} benchmark: on the same simulated traffic, how fast and how safely four rollback rules catch a
 * canary whose regression hurts one segment (or a handful of tenants), how often they roll back a harmless canary, and
 * how often they pass a relevant regression at the end of a short bake — for tenants that differ from each other as
 * real tenants do ({@link TrafficModel}). Seeded and deterministic; {@code --help} lists the options:
 * {@code ./mvnw -B -q -pl analysis exec:java -Pdetection -o -Dexec.args="--runs 500 --seed 1"}.
 */
public final class DetectionBenchmark {

    static final int MINUTES = 60;
    static final int PAYING = 2;
    static final String[] METHODS = {"(a) Bulkhead per-segment sequential judge", "(b) Flagger default (>= 99% success/1m, threshold 5)",
        "(c) Argo (< 2x normal rate/5m, failureLimit 3)", "(d) global fixed-sample z-test"};
    /** One-sided 1% for the fixed-sample test, power 90%. */
    private static final double Z_ALPHA = 2.3263;
    private static final double Z_BETA = 1.2816;

    /**
     * What the canary does to which tenants, and for how long a segment bakes.
     *
     * @param key        name on the command line ({@code --scenarios})
     * @param bakeMinutes minutes of exposure before {@link Look#bakeComplete} (the peers' analysis length)
     * @param endsAtPass whether a method's run ends when it passes {@code paying}: the question is then only whether
     *                   it passed before it failed (the promotion makes the rest moot)
     */
    record Scenario(String key, String title, Function<TrafficModel, Population.Regression> regression, int bakeMinutes,
            boolean endsAtPass) {

        boolean harmless() {
            return key.equals("aa");
        }
    }

    static List<Scenario> scenarios(int relevantBakeMinutes) {
        return List.of(
                new Scenario("aa", "A/A (false rollbacks)", m -> Population.Regression.none(), MINUTES, false),
                new Scenario("x10", "one segment x10 (paying canary tenants)", m -> Population.Regression.segment(PAYING, 10), MINUTES, false),
                new Scenario("tenants", "3 tenants at 5% (random paying canary tenants)", m -> Population.Regression.tenants(PAYING, 3, 0.05),
                        MINUTES, false),
                new Scenario("relevant", "relevant regression, bake " + relevantBakeMinutes + " min (false passes)",
                        m -> Population.Regression.segment(PAYING, m.relevantFactor()), relevantBakeMinutes, true));
    }

    /** The command line, resolved. */
    record Options(int runs, long seed, double requestsPerMinute, List<TrafficModel> models, List<Scenario> scenarios,
            int relevantBakeMinutes, double historyHours, boolean tenantTests, String[] args) {

        static final String USAGE = "options: --runs N (per cell, default 500) --seed S (1) --rpm R (requests per minute over "
                + "all tenants, 4000) --models a,b|all --scenarios aa,x10,tenants,relevant|all --bake M (minutes of the "
                + "false-pass scenario's bake, 10) --history-hours H (pre-exposure window, 24) --tenant-tests on|off (Bulkhead's per-tenant tests, on)";

        static Options parse(String... args) {
            int runs = 500;
            long seed = 1;
            double rpm = 4_000;
            String models = "all";
            String scenarios = "all";
            int bake = 10;
            double historyHours = 24;
            boolean tenantTests = true;
            for (int i = 0; i < args.length; i += 2) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException(args[i] + " needs a value; " + USAGE);
                }
                String v = args[i + 1];
                switch (args[i]) {
                    case "--runs" -> runs = Integer.parseInt(v);
                    case "--seed" -> seed = Long.parseLong(v);
                    case "--rpm" -> rpm = Double.parseDouble(v);
                    case "--models" -> models = v;
                    case "--scenarios" -> scenarios = v;
                    case "--bake" -> bake = Integer.parseInt(v);
                    case "--history-hours" -> historyHours = Double.parseDouble(v);
                    case "--tenant-tests" -> tenantTests = switch (v) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new IllegalArgumentException("--tenant-tests is on or off, got " + v);
                    };
                    default -> throw new IllegalArgumentException("unknown option " + args[i] + "; " + USAGE);
                }
            }
            if (bake < 1 || bake > MINUTES) {
                throw new IllegalArgumentException("--bake must be between 1 and " + MINUTES + " minutes, got " + bake);
            }
            return new Options(runs, seed, rpm, pick(TrafficModel.all(), models, TrafficModel::name, "--models"),
                    pick(DetectionBenchmark.scenarios(bake), scenarios, Scenario::key, "--scenarios"), bake, historyHours, tenantTests,
                    args.clone());
        }

        private static <T> List<T> pick(List<T> all, String names, Function<T, String> name, String option) {
            if (names.equals("all")) {
                return all;
            }
            List<T> out = new ArrayList<>();
            for (String n : names.split(",")) {
                out.add(all.stream().filter(x -> name.apply(x).equals(n.trim())).findFirst().orElseThrow(
                        () -> new IllegalArgumentException(option + ": no " + n + " among " + all.stream().map(name).toList())));
            }
            return out;
        }

        /** Bulkhead's judge: the defaults, with the per-tenant tests as the command line says. */
        JudgeConfig config() {
            return JudgeConfig.defaults().withTenantTests(tenantTests);
        }
    }

    /** The runs of one traffic model and scenario: a tally per method, and Wald's floor of each run with a regression. */
    record Cell(TrafficModel model, Scenario scenario, Tally[] tallies, List<Double> waldFloors) {
    }

    public static void main(String[] args) {
        Options options;
        try {
            options = Options.parse(args);
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.exit(2);
            return;
        }
        JudgeConfig config = options.config();
        long start = System.nanoTime();
        List<Cell> cells = run(options, config);
        Report.print(System.out, options, config, cells, (System.nanoTime() - start) / 1e9);
    }

    static List<Cell> run(Options o, JudgeConfig config) {
        List<Cell> cells = new ArrayList<>();
        for (TrafficModel model : o.models()) {
            for (Scenario scenario : o.scenarios()) {
                Cell cell = new Cell(model, scenario, new Tally[] {new Tally(), new Tally(), new Tally(), new Tally()}, new ArrayList<>());
                for (int run = 0; run < o.runs(); run++) {
                    // The same seed for a run number in every cell: common random numbers across models and scenarios.
                    simulate(new SplittableRandom(o.seed() * 1_000_003L + run), o, config, cell);
                }
                cells.add(cell);
            }
        }
        return cells;
    }

    static long fixedSampleSize(TrafficModel model) {
        double p0 = model.median();
        return GlobalFixedSampleDetector.sampleSize(p0, p0 * MinRegression.defaults().relevantRatio(p0),
                Z_ALPHA, Z_BETA);
    }

    private static void simulate(SplittableRandom rnd, Options o, JudgeConfig config, Cell cell) {
        Scenario scenario = cell.scenario();
        Population p = Population.draw(rnd, cell.model(), o.requestsPerMinute(), o.historyHours() * 60,
                scenario.regression().apply(cell.model()));
        Scrapes scrapes = new Scrapes(p, rnd);
        Detector[] detectors = {new SegmentSequentialDetector(config), new FlaggerDetector(), new ArgoDetector(),
            new GlobalFixedSampleDetector(fixedSampleSize(cell.model()), Z_ALPHA)};
        double[] historyEvents = new double[p.size];
        double[] historyBad = new double[p.size];
        scrapes.history(rnd, historyEvents, historyBad);
        for (Detector d : detectors) {
            d.history(p, historyEvents.clone(), historyBad.clone());
        }
        if (!scenario.harmless()) {
            cell.waldFloors().add(waldFloor(p, config));
        }
        int d = detectors.length;
        Tally[] tallies = cell.tallies();
        boolean[] active = new boolean[d];
        Arrays.fill(active, true);
        boolean[] passed = new boolean[d];
        double[] canaryRequests = new double[d];
        double[] payingCanaryRequests = new double[d];
        double[] badToHurt = new double[d];
        boolean[][] hurtWithBad = new boolean[d][p.size];
        double[] events = new double[p.size];
        double[] bad = new double[p.size];
        boolean[] bakeComplete = new boolean[Population.SEGMENTS.length];
        // Cumulative per-tenant counts for the culprit ranking of Bulkhead's failing segment.
        double[] cumEvents = new double[p.size];
        double[] cumBad = new double[p.size];
        for (Tally t : tallies) {
            t.runs++;
        }
        for (int minute = 0; minute < MINUTES; minute++) {
            scrapes.look(rnd, minute, events, bad);
            Arrays.fill(bakeComplete, minute + 1 >= scenario.bakeMinutes());
            double lookCanary = 0;
            double lookPaying = 0;
            double lookBadToHurt = 0;
            for (int t = 0; t < p.size; t++) {
                cumEvents[t] += events[t];
                cumBad[t] += bad[t];
                if (p.canary[t]) {
                    lookCanary += events[t];
                    lookPaying += p.segment[t] == PAYING ? events[t] : 0;
                }
                lookBadToHurt += p.hurt(t) ? bad[t] : 0;
            }
            Look look = new Look(minute, p, events, bad, bakeComplete);
            boolean any = false;
            for (int i = 0; i < d; i++) {
                if (!active[i]) {
                    continue;
                }
                canaryRequests[i] += lookCanary;
                payingCanaryRequests[i] += lookPaying;
                badToHurt[i] += lookBadToHurt;
                for (int t = 0; t < p.size; t++) {
                    hurtWithBad[i][t] |= p.hurt(t) && bad[t] > 0;
                }
                if (detectors[i].observe(look)) {
                    active[i] = false;
                    tallies[i].rollbacks++;
                    tallies[i].minutes.add(minute + 1.0);
                    tallies[i].canaryRequests.add(canaryRequests[i]);
                    tallies[i].payingCanaryRequests.add(payingCanaryRequests[i]);
                    if (detectors[i] instanceof SegmentSequentialDetector s && !scenario.harmless()) {
                        culprits(p, s.failedSegment(), cumEvents, cumBad, tallies[i]);
                    }
                } else if (!passed[i] && detectors[i].passed(PAYING)) {
                    passed[i] = true;
                    tallies[i].passes++;
                    active[i] = !scenario.endsAtPass();
                }
                any |= active[i];
            }
            if (!any) {
                break;
            }
        }
        for (int i = 0; i < d; i++) {
            tallies[i].badServedToHurt += badToHurt[i];
            for (boolean b : hurtWithBad[i]) {
                tallies[i].hurtTenantsWithBad += b ? 1 : 0;
            }
        }
    }

    /**
     * Wald's floor for this run's regression, in canary requests of {@code paying}: the expected sample size of the
     * SPRT of the hurt tenants' pooled rate before (p0) against after (p1), at the α and β of Bulkhead's segment test,
     * scaled by the share of the hurt tenants in paying's canary traffic (the judge sees the whole segment).
     */
    static double waldFloor(Population p, JudgeConfig config) {
        SequentialJudge judge = new SequentialJudge(config, Population.SEGMENTS.length, 1);
        double hurt = 0;
        double before = 0;
        double after = 0;
        double paying = 0;
        for (int t = 0; t < p.size; t++) {
            if (p.canary[t] && p.segment[t] == PAYING) {
                paying += p.requestsPerMinute[t];
            }
            if (p.hurt(t)) {
                hurt += p.requestsPerMinute[t];
                before += p.requestsPerMinute[t] * p.baseline[t];
                after += p.requestsPerMinute[t] * p.canaryErrorRate[t];
            }
        }
        if (hurt == 0) {
            return Double.NaN;
        }
        double p1 = Math.min(after / hurt, 0.999_999);
        return ConditionalMixtureSprt.waldExpectedSampleSize(before / hurt, p1, judge.alpha(), judge.beta()) * paying / hurt;
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
}
