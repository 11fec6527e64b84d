using PyRevolveNet.Schedules;

namespace PyRevolveNet.Tests.Schedules;

/// <summary>
/// The validity simulator over the revolve family (Revolve, DiskRevolve, PeriodicDiskRevolve, HRevolve):
/// every golden case, and the reference test-suite's factories and limits (spec §7.1).
/// </summary>
public class RevolveFamilyValidityTests
{
    public static TheoryData<string> Classes => ["Revolve", "DiskRevolve", "PeriodicDiskRevolve", "HRevolve"];

    /// <summary>(class, n, s) over a grid like the reference's, skipping what it skips.</summary>
    public static TheoryData<string, int, int> Factories
    {
        get
        {
            var data = new TheoryData<string, int, int>();
            (int N, int[] S)[] grid =
            [
                (2, [1]), (3, [1, 2]), (10, [.. Enumerable.Range(1, 9)]), (37, [1, 2, 5, 13, 36]),
                (100, [1, 7, 33, 99]), (250, [25, 75, 150, 225]),
            ];
            foreach (var (n, ss) in grid)
            {
                foreach (var s in ss)
                {
                    data.Add("Revolve", n, s);
                    data.Add("DiskRevolve", n, s);
                    data.Add("PeriodicDiskRevolve", n, s);
                    if (s / 3 >= 1 && s - (s / 3) >= 1)
                    {
                        data.Add("HRevolve", n, s);
                    }
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(Classes))]
    public void Simulator_accepts_every_golden_case(string className)
    {
        foreach (var c in GoldenTraces.Load(className))
        {
            var (limits, passes) = ValidityCases.ForGolden(c);
            // Both our schedule and, for HRevolve, the reference's (costs swapped) must be valid; the golden step
            // count is the reference's.
            var ours = ScheduleSimulator.Run(GoldenTraces.Create(c), c.MaxN, limits, passes);
            var reference = c.ClassName == "HRevolve"
                ? ScheduleSimulator.Run(
                    new HRevolve(c.Arg(0), c.Arg(1), c.Arg(2), c.Cost("uf", 3, 1), c.Cost("ub", 4, 1), c.Cost("wd", 5, 2), c.Cost("rd", 6, 2), referenceCostSwap: true),
                    c.MaxN,
                    limits,
                    passes)
                : ours;
            Assert.True(c.Json.GetProperty("stats").GetProperty("forward_steps_first_pass").GetInt64() == reference.ForwardSteps, c.Id);
        }
    }

    [Theory]
    [MemberData(nameof(Factories))]
    public void Reference_factories_are_valid(string className, int n, int s)
    {
        var (schedule, limits) = className switch
        {
            "HRevolve" => ((CheckpointSchedule)new HRevolve(n, s / 3, s - (s / 3)), new StorageLimits(s / 3, s - (s / 3), 1)),

            // The reference passes n - s as the third positional argument, which is uf.
            "DiskRevolve" => (new DiskRevolve(n, s, n - s), new StorageLimits(s, n - s, 1)),
            "PeriodicDiskRevolve" => (new PeriodicDiskRevolve(n, s), new StorageLimits(s, n - s, 1)),
            "Revolve" => (new Revolve(n, s), new StorageLimits(s, 0, 1)),
            _ => throw new NotSupportedException(className),
        };
        _ = ScheduleSimulator.Run(schedule, n, limits);
        Assert.True(schedule.IsExhausted);
    }
}
