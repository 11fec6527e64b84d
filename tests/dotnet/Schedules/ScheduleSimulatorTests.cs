using System.Diagnostics;
using PyRevolveNet.Schedules;

namespace PyRevolveNet.Tests.Schedules;

/// <summary>
/// The validity simulator over every golden case and thousands of random parameter sets of the
/// non-revolve schedules, with the optimal step counts of Multistage and Mixed checked against naive
/// dynamic programmes (spec §7).
/// </summary>
public class ScheduleSimulatorTests
{
    private static readonly string[] s_classes =
    [
        "NoneCheckpointSchedule", "SingleMemoryStorageSchedule", "SingleDiskStorageSchedule",
        "MultistageCheckpointSchedule", "MixedCheckpointSchedule", "TwoLevelCheckpointSchedule",
    ];

    private static readonly Lazy<long[,]> s_binomial = new(() => ReferenceDynamicProgrammes.BinomialExtraSteps(300, 300));
    private static readonly Lazy<long[,]> s_mixed = new(() => ReferenceDynamicProgrammes.OptimalStepsMixed(300, 300));

    public static TheoryData<string> Classes => [.. s_classes];

    [Theory]
    [MemberData(nameof(Classes))]
    public void Simulator_accepts_every_golden_case(string className)
    {
        foreach (var c in GoldenTraces.Load(className))
        {
            var (limits, passes) = ValidityCases.ForGolden(c);
            var result = ScheduleSimulator.Run(GoldenTraces.Create(c), c.MaxN, limits, passes);
            var stats = c.Json.GetProperty("stats");
            Assert.True(stats.GetProperty("forward_steps_first_pass").GetInt64() == result.ForwardSteps, c.Id);
        }
    }

    [Fact]
    public void Random_multistage_schedules_are_valid_and_optimal()
    {
        var rng = new Random(1234);
        for (var k = 0; k < 1000; k++)
        {
            var n = rng.Next(1, 301);
            var ram = rng.Next(0, 12);
            var disk = rng.Next(0, 12);
            if (n >= 2 && ram + disk == 0)
            {
                disk = 1;
            }

            var trajectory = rng.Next(2) == 0 ? BinomialTrajectory.Maximum : BinomialTrajectory.Revolve;
            var schedule = new MultistageCheckpointSchedule(n, ram, disk, trajectory);
            var result = ScheduleSimulator.Run(schedule, n, new StorageLimits(ram, disk, 1));
            var slots = Math.Min(ram + disk, n - 1);
            var expected = n + (n == 1 ? 0 : s_binomial.Value[n, slots]);
            Assert.True(expected == result.ForwardSteps, $"Multistage({n}, {ram}, {disk}, {trajectory}): {result.ForwardSteps} forward steps, optimum {expected}");
            Assert.Equal(expected, BinomialSchedules.OptimalStepsBinomial(n, slots));
            Assert.True(schedule.IsExhausted);
            Assert.False(schedule.MoveNext());
        }
    }

    [Fact]
    public void Random_mixed_schedules_are_valid_and_optimal()
    {
        var rng = new Random(5678);
        _ = BinomialSchedules.OptimalStepsMixed(300, 40);
        for (var k = 0; k < 1000; k++)
        {
            var n = rng.Next(1, 301);
            var s = rng.Next(Math.Min(1, n - 1), Math.Min(n + 3, 40));
            var storage = rng.Next(2) == 0 ? StorageType.Disk : StorageType.Ram;
            var schedule = new MixedCheckpointSchedule(n, s, storage);
            var result = ScheduleSimulator.Run(schedule, n, ValidityCases.Mixed(s, storage));
            var expected = s_mixed.Value[n, Math.Max(Math.Min(s, n - 1), 1)];
            Assert.True(expected == result.ForwardSteps, $"Mixed({n}, {s}): {result.ForwardSteps} forward steps, optimum {expected}");
            Assert.Equal(expected, BinomialSchedules.OptimalStepsMixed(n, s));
            Assert.True(schedule.IsExhausted);
            Assert.False(schedule.MoveNext());
        }
    }

    [Fact]
    public void Random_two_level_and_single_disk_schedules_are_valid_over_two_passes()
    {
        var rng = new Random(91011);
        for (var k = 0; k < 1000; k++)
        {
            var n = rng.Next(1, 301);
            var period = rng.Next(1, 40);
            var s = rng.Next(0, 8);
            var storage = rng.Next(2) == 0 ? StorageType.Disk : StorageType.Ram;
            var trajectory = rng.Next(2) == 0 ? BinomialTrajectory.Maximum : BinomialTrajectory.Revolve;
            var result = ScheduleSimulator.Run(new TwoLevelCheckpointSchedule(period, s, storage, trajectory), n, ValidityCases.TwoLevel(n, period, s, storage), 2);
            Assert.Equal(2, result.Passes);
        }

        for (var k = 0; k < 300; k++)
        {
            var n = rng.Next(1, 301);
            var move = rng.Next(2) == 0;
            var schedule = new SingleDiskStorageSchedule(move);
            var result = ScheduleSimulator.Run(schedule, n, new StorageLimits(0, n, 1), 2);
            Assert.Equal(move ? 1 : 2, result.Passes);
            Assert.Equal(move, schedule.IsExhausted);
        }
    }

    [Fact]
    public void Large_schedules_are_valid()
    {
        var sw = Stopwatch.StartNew();
        const int n = 20_000;
        var multistage = ScheduleSimulator.Run(new MultistageCheckpointSchedule(n, 3, 5), n, new StorageLimits(3, 5, 1));
        Assert.Equal(BinomialSchedules.OptimalStepsBinomial(n, 8), multistage.ForwardSteps);
        // Mixed tables cost O(n²·s) to build, so its large case is smaller.
        var mixed = ScheduleSimulator.Run(new MixedCheckpointSchedule(n / 2, 2), n / 2, ValidityCases.Mixed(2, StorageType.Disk));
        Assert.Equal(BinomialSchedules.OptimalStepsMixed(n / 2, 2), mixed.ForwardSteps);
        _ = ScheduleSimulator.Run(new TwoLevelCheckpointSchedule(100, 4, StorageType.Ram), n, ValidityCases.TwoLevel(n, 100, 4, StorageType.Ram), 2);
        _ = ScheduleSimulator.Run(new SingleDiskStorageSchedule(), n, new StorageLimits(0, n, 1), 2);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"large schedules took {sw.Elapsed}");
    }

    [Fact]
    public void Binomial_closed_form_matches_the_recursion()
    {
        var e = s_binomial.Value;
        for (var n = 1; n <= 300; n++)
        {
            for (var s = Math.Min(1, n - 1); s <= 300; s++)
            {
                var expected = n == 1 ? 0 : e[n, Math.Max(Math.Min(s, n - 1), 1)];
                Assert.True(expected == BinomialSchedules.OptimalExtraSteps(n, s), $"E({n}, {s})");
            }
        }
    }

    [Fact]
    public void Mixed_step_table_matches_the_exhaustive_search()
    {
        Compare(300, 299);
        Compare(1500, 6);
        Compare(600, 40);

        static void Compare(int maxN, int maxS)
        {
            var (cost, advance) = ReferenceDynamicProgrammes.Mixed(maxN, maxS);
            var table = MixedStepTable.Get(maxN, maxS);
            for (var s = 1; s <= maxS; s++)
            {
                for (var n = 2; n <= maxN; n++)
                {
                    var cs = Math.Min(s, n - 1);
                    var (type, adv) = table.Step(n, s);
                    var expectedType = advance[n, cs] == 1 ? MixedStepType.WriteAdjDeps : MixedStepType.WriteIcs;
                    if (cost[n, cs] != table.Cost(n, s) || advance[n, cs] != adv || expectedType != type)
                    {
                        Assert.Fail($"M({n}, {s}): expected ({expectedType}, {advance[n, cs]}, {cost[n, cs]}), got ({type}, {adv}, {table.Cost(n, s)})");
                    }
                }
            }
        }
    }

    [Fact]
    public void Optimal_steps_mixed_matches_its_own_recursion()
    {
        var f = s_mixed.Value;

        // Largest first, so one cached table serves every call.
        for (var n = 300; n >= 1; n--)
        {
            for (var s = Math.Min(1, n - 1); s <= n + 2; s++)
            {
                Assert.True(f[n, Math.Max(Math.Min(s, n - 1), 1)] == BinomialSchedules.OptimalStepsMixed(n, s), $"optimal_steps_mixed({n}, {s})");
            }
        }
    }

    [Fact]
    public void Step_rule_and_step_counts_reject_bad_arguments()
    {
        Assert.Throws<ScheduleParameterException>(() => BinomialSchedules.NAdvance(0, 1));
        Assert.Throws<ScheduleParameterException>(() => BinomialSchedules.NAdvance(5, 0));
        Assert.Throws<ScheduleParameterException>(() => BinomialSchedules.OptimalStepsBinomial(0, 1));
        Assert.Throws<ScheduleParameterException>(() => BinomialSchedules.OptimalStepsBinomial(5, 0));
        Assert.Throws<ScheduleParameterException>(() => BinomialSchedules.OptimalStepsMixed(0, 1));
        Assert.Throws<ScheduleParameterException>(() => BinomialSchedules.OptimalStepsMixed(5, 0));
        Assert.Equal(4, BinomialSchedules.NAdvance(5, 1));
        Assert.Equal(1, BinomialSchedules.NAdvance(5, 4));
    }

    [Fact]
    public void Simulator_rejects_an_invalid_schedule()
    {
        // A Forward that starts where no restart data is live must be caught.
        Assert.ThrowsAny<Exception>(() => ScheduleSimulator.Run(new BrokenSchedule(), 3, new StorageLimits(0, 0, 1)));
    }

    [Fact]
    public void Speed_guards()
    {
        var sw = Stopwatch.StartNew();
        var count = 0L;
        foreach (var a in new MultistageCheckpointSchedule(100_000, 10, 10))
        {
            count++;
        }

        Assert.True(count > 100_000);
        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"Multistage(100000, 10, 10) took {sw.Elapsed}");
        sw.Restart();
        foreach (var a in new MixedCheckpointSchedule(1000, 100))
        {
            count++;
        }

        Assert.True(sw.Elapsed < TimeSpan.FromSeconds(10), $"Mixed(1000, 100) took {sw.Elapsed}");
    }

    /// <summary>Forwards from step 1 first: invalid.</summary>
    private sealed class BrokenSchedule : CheckpointSchedule
    {
        public BrokenSchedule()
            : base(3)
        {
        }

        public override bool IsExhausted => false;

        public override bool UsesStorageType(StorageType storageType) => false;

        protected override IEnumerable<CheckpointAction> Iterate()
        {
            NField = 3;
            yield return CheckpointAction.Forward(1, 3, false, true, StorageType.Work);
        }
    }
}
