using System.Diagnostics;
using PyRevolveNet.Schedules;

namespace PyRevolveNet.Tests.Schedules;

/// <summary>
/// The fast revolve-family planners against brute force: the closed form of the binomial DP, the convex split
/// search, action-for-action equality with the reference algorithms on random sizes, optimal step counts,
/// the HRevolve cost fix, parameter validation and a generous timing guard.
/// </summary>
public class RevolveFamilyAlgorithmTests
{
    [Fact]
    public void Closed_form_matches_the_revolve_dp_table()
    {
        const int Lmax = 220, Mmax = 40;
        var opt = ReferenceRevolveSequences.OptTable(Lmax, Mmax, 1, 1);
        var binomial = new BinomialTable(Mmax, Lmax + 2);
        for (var m = 1; m <= Mmax; m++)
        {
            for (var x = 0; x <= Lmax; x++)
            {
                Assert.True(opt[m][x] == x + 1 + binomial.Extra(x, m), $"T[{m}][{x}] = {opt[m][x]}, closed form {x + 1 + binomial.Extra(x, m)}");
            }
        }
    }

    [Fact]
    public void Closed_form_handles_snapshot_counts_beyond_the_tabulated_range()
    {
        var binomial = new BinomialTable(1_000_000, 1_000_000_000);
        var small = new BinomialTable(10, 1_000_000_000);
        foreach (var c in (long[])[5000, 9999, 123_456, 1_000_000])
        {
            // r = 2 just beyond c + 1 steps; F(x, c) = x while every step fits.
            Assert.Equal(1, binomial.Repetitions(c, c + 1));
            Assert.Equal(2, binomial.Repetitions(c, c + 2));
            Assert.Equal(c, binomial.Extra(c, c));
            Assert.Equal(c + 2, binomial.Extra(c + 1, c));
        }

        Assert.Equal(small.Repetitions(10, 999_999_937), binomial.Repetitions(10, 999_999_937));
        Assert.Equal(small.Extra(999_999_936, 10), binomial.Extra(999_999_936, 10));
    }

    [Fact]
    public void Split_search_finds_the_largest_minimiser_of_the_dp_objective()
    {
        const int Lmax = 160, Mmax = 24;
        var opt = ReferenceRevolveSequences.OptTable(Lmax, Mmax, 1, 1);
        var planner = new RevolvePlanner(Lmax + 1, Mmax);
        for (var c = 2; c <= Mmax; c++)
        {
            for (var l = 2; l <= Lmax; l++)
            {
                var best = double.PositiveInfinity;
                var bestJ = 0;
                for (var j = 1; j < l; j++)
                {
                    var v = j + opt[c - 1][l - j] + opt[c][j - 1];
                    if (v <= best)
                    {
                        (best, bestJ) = (v, j);
                    }
                }

                Assert.True(bestJ == planner.RevolveSplit(l, c), $"split of ({l}, {c}): brute force {bestJ}, fast {planner.RevolveSplit(l, c)}");
            }
        }
    }

    [Fact]
    public void Split_search_agrees_with_a_bisection_on_the_convexity_condition_for_large_sizes()
    {
        // Large snapshot counts take the untabulated path of BinomialTable; check against the plain condition.
        var random = new Random(11);
        foreach (var c in (long[])[2, 3, 10, 57, 4096, 4097, 5000, 20_000])
        {
            var planner = new RevolvePlanner(400_001, c);
            var binomial = planner.Binomial;
            for (var i = 0; i < 300; i++)
            {
                long l = random.Next(2, 400_001);
                long lo = 1, hi = l - 1;
                while (lo < hi)
                {
                    var mid = lo + ((hi - lo + 1) / 2);
                    if (1 + binomial.Repetitions(c, mid) <= binomial.Repetitions(c - 1, l - mid + 2))
                    {
                        lo = mid;
                    }
                    else
                    {
                        hi = mid - 1;
                    }
                }

                Assert.True(lo == planner.RevolveSplit(l, c), $"split of ({l}, {c}): bisection {lo}, fast {planner.RevolveSplit(l, c)}");
            }
        }
    }

    public static TheoryData<int> Seeds => [1, 2, 3, 4, 5, 6, 7, 8];

    [Theory]
    [MemberData(nameof(Seeds))]
    public void Fast_planners_equal_the_reference_algorithms_on_random_parameters(int seed)
    {
        var random = new Random(seed);
        double[] stepCosts = [1, 2, 3, 0.5];
        double[] diskCosts = [0, 0.5, 1, 2, 5];
        for (var i = 0; i < 12; i++)
        {
            var maxN = random.Next(8) == 0 ? random.Next(1, 6) : random.Next(1, 301);
            var ram = random.Next(4) == 0 ? random.Next(1, maxN + 3) : random.Next(1, 13);
            var disk = random.Next(4) == 0 ? random.Next(0, maxN + 3) : random.Next(0, 9);
            var (uf, ub) = (stepCosts[random.Next(stepCosts.Length)], stepCosts[random.Next(stepCosts.Length)]);
            var (wd, rd) = (diskCosts[random.Next(diskCosts.Length)], diskCosts[random.Next(diskCosts.Length)]);
            var label = $"max_n={maxN} ram={ram} disk={disk} uf={uf} ub={ub} wd={wd} rd={rd}";

            AssertSameStream(new Revolve(maxN, ram, uf, ub, wd, rd, true), new Revolve(maxN, ram, uf, ub, wd, rd), maxN, "Revolve " + label);
            AssertSameStream(new DiskRevolve(maxN, ram, uf, ub, wd, rd, true), new DiskRevolve(maxN, ram, uf, ub, wd, rd), maxN, "DiskRevolve " + label);
            AssertSameStream(
                new PeriodicDiskRevolve(maxN, ram, uf, ub, wd, rd, true), new PeriodicDiskRevolve(maxN, ram, uf, ub, wd, rd), maxN, "PeriodicDiskRevolve " + label);
            foreach (var swap in (bool[])[false, true])
            {
                AssertSameStream(
                    new HRevolve(maxN, ram, disk, uf, ub, wd, rd, swap, referenceAlgorithm: true),
                    new HRevolve(maxN, ram, disk, uf, ub, wd, rd, swap),
                    maxN,
                    $"HRevolve swap={swap} " + label);
            }
        }
    }

    [Fact]
    public void Revolve_forward_steps_are_the_optimal_binomial_count()
    {
        const int Nmax = 300, Smax = 40;
        var extra = OptimalExtraSteps(Nmax, Smax);
        var random = new Random(42);
        for (var i = 0; i < 300; i++)
        {
            var n = random.Next(1, Nmax + 1);
            var s = random.Next(1, Smax + 1);
            var cost = ScheduleAnalysis.Analyze(new Revolve(n, s), n);
            var clamped = Math.Max(1, Math.Min(s, n - 1));
            Assert.True(n + extra[n, clamped] == cost.ForwardSteps, $"Revolve({n}, {s}): {cost.ForwardSteps} forward steps, optimum {n + extra[n, clamped]}");
            Assert.Equal(n, cost.ReverseSteps);
            Assert.True(cost.PeakRamCheckpoints <= s);
            Assert.Equal(0, cost.DiskWrites);
        }
    }

    [Fact]
    public void Revolve_forward_steps_follow_the_closed_form_at_large_sizes()
    {
        // t·n - beta(c + 1, t - 1) recomputation with t the smallest integer with beta(c, t) >= n, plus n tapes.
        foreach (var (n, c) in ((long, long)[])[(100_000, 10), (54_321, 3), (20_000, 1), (100_000, 200)])
        {
            var cost = ScheduleAnalysis.Analyze(new Revolve(n, c), n);
            Assert.Equal(n + ClosedFormExtra(n, c), cost.ForwardSteps);
            Assert.True(cost.PeakRamCheckpoints <= c);
        }
    }

    [Fact]
    public void HRevolve_default_costs_are_never_worse_than_the_reference_swap_and_sometimes_better()
    {
        var strictlyBetter = 0;
        var compared = 0;
        foreach (var maxN in (long[])[2, 5, 10, 25, 60, 120])
        {
            foreach (var (ram, disk) in ((long, long)[])[(1, 0), (1, 2), (2, 1), (2, 3), (3, 5), (1, 10)])
            {
                foreach (var (uf, ub, wd, rd) in ((double, double, double, double)[])[(1, 2, 1, 4), (2, 1, 2, 2), (1, 3, 0.5, 0.5), (3, 1, 5, 3), (1, 1, 2, 2)])
                {
                    var ours = ScheduleAnalysis.Analyze(new HRevolve(maxN, ram, disk, uf, ub, wd, rd), maxN).Makespan(uf, ub, wd, rd);
                    var reference = ScheduleAnalysis.Analyze(new HRevolve(maxN, ram, disk, uf, ub, wd, rd, referenceCostSwap: true), maxN).Makespan(uf, ub, wd, rd);
                    Assert.True(ours <= reference, $"HRevolve({maxN}, {ram}, {disk}, uf={uf}, ub={ub}, wd={wd}, rd={rd}): {ours} > reference {reference}");
                    strictlyBetter += ours < reference ? 1 : 0;
                    compared++;
                }
            }
        }

        Assert.True(strictlyBetter > 0, $"the fix never mattered in {compared} cases");
    }

    [Fact]
    public void HRevolve_with_one_step_yields_the_trivial_schedule()
    {
        var schedule = new HRevolve(1, 1, 1);
        var trace = GoldenTraces.Drive(schedule, 1, 1);
        Assert.Equal(
            ["Forward(0, 1, False, True, StorageType.WORK)", "EndForward()", "Reverse(1, 0, True)", "EndReverse()"],
            trace.Select(t => t.Text).ToArray());
        Assert.True(schedule.IsExhausted);
        Assert.False(schedule.MoveNext());
    }

    public static TheoryData<string, string> BadParameters => new()
    {
        { "Revolve(0, 1)", "max_n" },
        { "Revolve(5, 0)", "snapshots_in_ram" },
        { "Revolve(1, 0)", "snapshots_in_ram" },
        { "Revolve(5, 1, uf=0)", "uf" },
        { "Revolve(5, 1, ub=-1)", "ub" },
        { "Revolve(5, 1, wd=-1)", "wd" },
        { "Revolve(5, 1, rd=NaN)", "rd" },
        { "DiskRevolve(0, 1)", "max_n" },
        { "DiskRevolve(2, 0)", "snapshots_in_ram" },
        { "DiskRevolve(5, 1, uf=Infinity)", "uf" },
        { "PeriodicDiskRevolve(-2, 1)", "max_n" },
        { "PeriodicDiskRevolve(5, -1)", "snapshots_in_ram" },
        { "PeriodicDiskRevolve(5, 1, rd=-0.5)", "rd" },
        { "HRevolve(0, 1, 1)", "max_n" },
        { "HRevolve(5, 0, 1)", "snapshots_in_ram" },
        { "HRevolve(2, 1, -1)", "snapshots_on_disk" },
        { "HRevolve(5, 1, 1, ub=0)", "ub" },
        { "HRevolve(5, 1, 1, wd=NaN)", "wd" },
    };

    [Theory]
    [MemberData(nameof(BadParameters))]
    public void Bad_parameters_throw_naming_the_parameter(string call, string parameter)
    {
        var e = Assert.Throws<ScheduleParameterException>(() => Parse(call));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Zero_disk_costs_and_disk_slots_are_accepted()
    {
        foreach (var schedule in (CheckpointSchedule[])[new DiskRevolve(30, 2, 1, 1, 0, 0), new PeriodicDiskRevolve(30, 2, 1, 1, 0, 0), new HRevolve(30, 2, 0), new HRevolve(30, 2, 3, 1, 1, 0, 0)])
        {
            var cost = ScheduleAnalysis.Analyze(schedule, 30);
            Assert.Equal(30, cost.ReverseSteps);
            Assert.True(schedule.IsExhausted);
        }
    }

    [Fact]
    public void PeriodicDiskRevolve_period_saturates_for_huge_cost_ratios()
    {
        Assert.Equal(long.MaxValue, new PeriodicDiskRevolve(10, 1, 1e-300, 1, 2, 2).Period);
        Assert.Equal(1, new PeriodicDiskRevolve(10, 3, 1, 1, 0, 0).Period);
        Assert.Equal(1_000_001, new PeriodicDiskRevolve(10, 1_000_000).Period);

        // Huge period: no disk checkpoint at all, i.e. plain Revolve.
        var periodic = GoldenTraces.Drive(new PeriodicDiskRevolve(40, 2, 1e-300, 1, 2, 2), 40, 1);
        var revolve = GoldenTraces.Drive(new Revolve(40, 2), 40, 1);
        Assert.Equal(revolve, periodic);
    }

    [Fact]
    public void Cached_tables_give_the_same_schedules_as_fresh_ones()
    {
        // A long schedule first, so that the shorter ones reuse its tables.
        foreach (var maxN in (long[])[400, 150, 37, 400])
        {
            AssertSameStream(new HRevolve(maxN, 3, 4, 1, 2, 1, 4, false, referenceAlgorithm: true), new HRevolve(maxN, 3, 4, 1, 2, 1, 4), maxN, $"HRevolve {maxN}");
            AssertSameStream(new DiskRevolve(maxN, 3, 1, 2, 1, 4, true), new DiskRevolve(maxN, 3, 1, 2, 1, 4), maxN, $"DiskRevolve {maxN}");
        }
    }

    [Fact]
    public void Revolve_is_planned_lazily_even_for_a_billion_steps()
    {
        var sw = Stopwatch.StartNew();
        var schedule = new Revolve(1_000_000_000, 10);
        Assert.True(schedule.MoveNext());
        Assert.Equal(ActionType.Forward, schedule.Current.Type);
        Assert.True(schedule.Current.WriteIcs);
        Assert.Equal(StorageType.Ram, schedule.Current.Storage);
        for (var i = 0; i < 10_000; i++)
        {
            Assert.True(schedule.MoveNext());
        }

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(5), $"took {sw.Elapsed}");
    }

    [Fact]
    public void Schedules_built_concurrently_share_tables_safely()
    {
        var expected = GoldenTraces.Drive(new HRevolve(300, 2, 3, 1, 1, 1, 3, false, referenceAlgorithm: true), 300, 1);
        var expectedDisk = GoldenTraces.Drive(new DiskRevolve(300, 2, 1, 1, 1, 3, true), 300, 1);
        Parallel.For(0, 16, i =>
        {
            // Different lengths with the same parameters hit the same cache entries.
            var maxN = i % 2 == 0 ? 300 : 301;
            var h = GoldenTraces.Drive(new HRevolve(maxN, 2, 3, 1, 1, 1, 3), maxN, 1);
            var d = GoldenTraces.Drive(new DiskRevolve(maxN, 2, 1, 1, 1, 3), maxN, 1);
            if (maxN == 300)
            {
                Assert.Equal(expected, h);
                Assert.Equal(expectedDisk, d);
            }
        });
    }

    [Fact]
    public void Large_schedules_iterate_within_a_generous_time_guard()
    {
        // A sanity guard only; real figures come from the benchmarks.
        var sw = Stopwatch.StartNew();
        Assert.Equal(100_000, ScheduleAnalysis.Analyze(new Revolve(100_000, 10), 100_000).ReverseSteps);
        Assert.Equal(100_000, ScheduleAnalysis.Analyze(new PeriodicDiskRevolve(100_000, 100), 100_000).ReverseSteps);
        Assert.Equal(2_000, ScheduleAnalysis.Analyze(new HRevolve(2_000, 10, 10), 2_000).ReverseSteps);
        Assert.Equal(2_000, ScheduleAnalysis.Analyze(new DiskRevolve(2_000, 50), 2_000).ReverseSteps);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"took {sw.Elapsed}");
    }

    private static void AssertSameStream(CheckpointSchedule expected, CheckpointSchedule actual, long maxN, string label)
    {
        var i = 0;
        while (true)
        {
            var more = expected.MoveNext();
            Assert.True(more == actual.MoveNext(), $"{label}: stream lengths differ at action {i}");
            if (!more)
            {
                break;
            }

            Assert.True(expected.Current == actual.Current, $"{label}: action {i}: expected {expected.Current}, got {actual.Current}");
            Assert.True(expected.N == actual.N && expected.R == actual.R, $"{label}: state after action {i}");
            if (expected.Current.Type == ActionType.Forward && expected.Current.N1 == maxN)
            {
                expected.Finalize(maxN);
                actual.Finalize(maxN);
            }

            i++;
        }

        Assert.True(actual.IsExhausted, label);
    }

    /// <summary>The spec's optimal_steps_binomial minus n: E(1, s) = 0, E(n, 1) = n(n-1)/2, E(n, s) = min_i i + E(i, s) + E(n-i, s-1).</summary>
    private static long[,] OptimalExtraSteps(int nmax, int smax)
    {
        var e = new long[nmax + 1, smax + 1];
        for (var n = 1; n <= nmax; n++)
        {
            e[n, 1] = (long)n * (n - 1) / 2;
        }

        for (var s = 2; s <= smax; s++)
        {
            for (var n = 2; n <= nmax; n++)
            {
                var best = long.MaxValue;
                for (var i = 1; i < n; i++)
                {
                    best = Math.Min(best, i + e[i, s] + e[n - i, s - 1]);
                }

                e[n, s] = best;
            }
        }

        return e;
    }

    private static long ClosedFormExtra(long n, long c)
    {
        System.Numerics.BigInteger Binomial(long a, long b)
        {
            b = Math.Min(b, a - b);
            System.Numerics.BigInteger v = 1;
            for (long k = 1; k <= b; k++)
            {
                v = v * (a - b + k) / k;
            }

            return v;
        }

        long t = 0;
        while (Binomial(c + t, t) < n)
        {
            t++;
        }

        return t == 0 ? 0 : (long)((t * n) - Binomial(c + t, t - 1));
    }

    private static CheckpointSchedule Parse(string call)
    {
        var open = call.IndexOf('(', StringComparison.Ordinal);
        var name = call[..open];
        var parts = call[(open + 1)..^1].Split(", ");
        var ints = new List<long>();
        var costs = new Dictionary<string, double> { ["uf"] = 1, ["ub"] = 1, ["wd"] = 2, ["rd"] = 2 };
        foreach (var p in parts)
        {
            if (p.Contains('=', StringComparison.Ordinal))
            {
                var kv = p.Split('=');
                costs[kv[0]] = double.Parse(kv[1], System.Globalization.CultureInfo.InvariantCulture);
            }
            else
            {
                ints.Add(long.Parse(p, System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        var (uf, ub, wd, rd) = (costs["uf"], costs["ub"], costs["wd"], costs["rd"]);
        return name switch
        {
            "Revolve" => new Revolve(ints[0], ints[1], uf, ub, wd, rd),
            "DiskRevolve" => new DiskRevolve(ints[0], ints[1], uf, ub, wd, rd),
            "PeriodicDiskRevolve" => new PeriodicDiskRevolve(ints[0], ints[1], uf, ub, wd, rd),
            _ => new HRevolve(ints[0], ints[1], ints[2], uf, ub, wd, rd),
        };
    }
}
