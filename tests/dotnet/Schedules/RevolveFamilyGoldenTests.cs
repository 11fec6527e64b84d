using System.Globalization;
using System.Text.Json;
using PyRevolveNet.Schedules;
using PyRevolveNet.Tests.Support;

namespace PyRevolveNet.Tests.Schedules;

/// <summary>The four revolve-family schedules against the reference's golden traces and error cases.</summary>
public class RevolveFamilyGoldenTests
{
    public static TheoryData<string> RevolveIds => GoldenTraces.Ids("Revolve");

    public static TheoryData<string> DiskRevolveIds => GoldenTraces.Ids("DiskRevolve");

    public static TheoryData<string> PeriodicDiskRevolveIds => GoldenTraces.Ids("PeriodicDiskRevolve");

    public static TheoryData<string> HRevolveIds => GoldenTraces.Ids("HRevolve");

    /// <summary>HRevolve cases with uf == ub, where the reference's cost swap changes nothing.</summary>
    public static TheoryData<string> HRevolveEqualStepCostIds
    {
        get
        {
            var data = new TheoryData<string>();
            foreach (var c in GoldenTraces.Load("HRevolve"))
            {
                if (c.Cost("uf", 3, 1) == c.Cost("ub", 4, 1))
                {
                    data.Add(c.Id);
                }
            }

            return data;
        }
    }

    public static TheoryData<string, string> AllIds
    {
        get
        {
            var data = new TheoryData<string, string>();
            foreach (var name in (string[])["Revolve", "DiskRevolve", "PeriodicDiskRevolve", "HRevolve"])
            {
                foreach (var c in GoldenTraces.Load(name))
                {
                    data.Add(name, c.Id);
                }
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(RevolveIds))]
    public void Revolve_reproduces_golden_trace(string id)
    {
        var c = GoldenTraces.Find("Revolve", id);
        GoldenTraces.AssertReproduces(c, GoldenTraces.Create(c));
    }

    [Theory]
    [MemberData(nameof(DiskRevolveIds))]
    public void DiskRevolve_reproduces_golden_trace(string id)
    {
        var c = GoldenTraces.Find("DiskRevolve", id);
        GoldenTraces.AssertReproduces(c, GoldenTraces.Create(c));
    }

    [Theory]
    [MemberData(nameof(PeriodicDiskRevolveIds))]
    public void PeriodicDiskRevolve_reproduces_golden_trace(string id)
    {
        var c = GoldenTraces.Find("PeriodicDiskRevolve", id);
        GoldenTraces.AssertReproduces(c, GoldenTraces.Create(c));
    }

    [Theory]
    [MemberData(nameof(PeriodicDiskRevolveIds))]
    public void PeriodicDiskRevolve_period_is_what_the_reference_prints(string id)
    {
        var c = GoldenTraces.Find("PeriodicDiskRevolve", id);
        var printed = c.Json.GetProperty("ctor_stdout").GetString()!;
        const string Prefix = "We use periods of size  ";
        Assert.StartsWith(Prefix, printed, StringComparison.Ordinal);
        var expected = long.Parse(printed[Prefix.Length..].Trim(), CultureInfo.InvariantCulture);
        Assert.Equal(expected, ((PeriodicDiskRevolve)GoldenTraces.Create(c)).Period);
    }

    [Theory]
    [MemberData(nameof(HRevolveEqualStepCostIds))]
    public void HRevolve_reproduces_golden_trace_when_uf_equals_ub(string id)
    {
        var c = GoldenTraces.Find("HRevolve", id);
        GoldenTraces.AssertReproduces(c, GoldenTraces.Create(c));
    }

    [Theory]
    [MemberData(nameof(HRevolveIds))]
    public void HRevolve_with_reference_cost_swap_reproduces_every_golden_trace(string id)
    {
        var c = GoldenTraces.Find("HRevolve", id);
        var schedule = new HRevolve(
            c.Arg(0), c.Arg(1), c.Arg(2), c.Cost("uf", 3, 1), c.Cost("ub", 4, 1), c.Cost("wd", 5, 2), c.Cost("rd", 6, 2), referenceCostSwap: true);
        GoldenTraces.AssertReproduces(c, schedule);
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Reference_algorithm_reproduces_golden_trace(string className, string id)
    {
        // The slow planner that the randomized tests compare against must itself be the reference.
        var c = GoldenTraces.Find(className, id);
        GoldenTraces.AssertReproduces(c, CreateReference(c));
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Initial_state_and_uses_storage_type_match_the_reference(string className, string id)
    {
        var c = GoldenTraces.Find(className, id);
        var schedule = GoldenTraces.Create(c);
        var initial = c.Json.GetProperty("initial_state");
        Assert.Equal(initial.GetProperty("n").GetInt64(), schedule.N);
        Assert.Equal(initial.GetProperty("r").GetInt64(), schedule.R);
        Assert.Equal(initial.GetProperty("max_n").GetInt64(), schedule.MaxN);
        Assert.Equal(initial.GetProperty("is_exhausted").GetBoolean(), schedule.IsExhausted);
        Assert.False(schedule.IsOnline);
        Assert.False(schedule.AllowsRepeatedAdjoint);

        foreach (var entry in c.Json.GetProperty("uses_storage_type").EnumerateObject())
        {
            var storage = GoldenTraces.ParseStorage(entry.Name);
            var actual = schedule.UsesStorageType(storage);
            if (entry.Value.ValueKind == JsonValueKind.Object)
            {
                // Documented fix: the reference raises TypeError for DISK on DiskRevolve/PeriodicDiskRevolve.
                Assert.Equal(StorageType.Disk, storage);
                Assert.True(className is "DiskRevolve" or "PeriodicDiskRevolve");
                Assert.True(actual);
            }
            else
            {
                Assert.Equal(entry.Value.GetBoolean(), actual);
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllIds))]
    public void Stream_ends_after_end_reverse(string className, string id)
    {
        var c = GoldenTraces.Find(className, id);
        var schedule = GoldenTraces.Create(c);
        GoldenTraces.Drive(schedule, c.MaxN, 1);
        Assert.True(schedule.IsExhausted);
        Assert.False(schedule.MoveNext());
    }

    public static TheoryData<int> ErrorCaseIndices
    {
        get
        {
            var data = new TheoryData<int>();
            var cases = ErrorCases();
            for (var i = 0; i < cases.Count; i++)
            {
                data.Add(i);
            }

            return data;
        }
    }

    [Theory]
    [MemberData(nameof(ErrorCaseIndices))]
    public void Error_cases_throw_at_construction_exactly_where_the_reference_failed(int index)
    {
        var e = ErrorCases()[index];
        var className = e.GetProperty("class").GetString()!;
        var args = e.GetProperty("args");
        var phase = e.GetProperty("phase").GetString();

        // Documented fix: HRevolve with max_n = 1 yields the one-step schedule instead of an IndexError.
        var fixedCase = className == "HRevolve" && args[0].GetInt64() == 1 && args[1].GetInt64() >= 1 && args[2].GetInt64() >= 0;
        if (phase == "none" || fixedCase)
        {
            var schedule = Construct(className, args, e.GetProperty("kwargs"));
            GoldenTraces.Drive(schedule, args[0].GetInt64(), 1);
            Assert.True(schedule.IsExhausted);
        }
        else
        {
            Assert.Throws<ScheduleParameterException>(() => Construct(className, args, e.GetProperty("kwargs")));
        }
    }

    private static List<JsonElement> ErrorCases()
    {
        using var doc = JsonDocument.Parse(File.ReadAllBytes(SharedData.PathOf("golden", "schedules", "errors.json")));
        var list = new List<JsonElement>();
        foreach (var e in doc.RootElement.GetProperty("cases").EnumerateArray())
        {
            if (e.GetProperty("class").GetString() is "Revolve" or "DiskRevolve" or "PeriodicDiskRevolve" or "HRevolve")
            {
                list.Add(e.Clone());
            }
        }

        return list;
    }

    private static CheckpointSchedule Construct(string className, JsonElement args, JsonElement kwargs)
    {
        var costStart = className == "HRevolve" ? 3 : 2;
        double Cost(string name, int offset, double fallback) =>
            kwargs.TryGetProperty(name, out var k) ? k.GetDouble()
            : args.GetArrayLength() > costStart + offset ? args[costStart + offset].GetDouble()
            : fallback;

        var (uf, ub, wd, rd) = (Cost("uf", 0, 1), Cost("ub", 1, 1), Cost("wd", 2, 2), Cost("rd", 3, 2));
        return className switch
        {
            "Revolve" => new Revolve(args[0].GetInt64(), args[1].GetInt64(), uf, ub, wd, rd),
            "DiskRevolve" => new DiskRevolve(args[0].GetInt64(), args[1].GetInt64(), uf, ub, wd, rd),
            "PeriodicDiskRevolve" => new PeriodicDiskRevolve(args[0].GetInt64(), args[1].GetInt64(), uf, ub, wd, rd),
            _ => new HRevolve(args[0].GetInt64(), args[1].GetInt64(), args[2].GetInt64(), uf, ub, wd, rd),
        };
    }

    private static CheckpointSchedule CreateReference(GoldenCase c) => c.ClassName switch
    {
        "Revolve" => new Revolve(c.Arg(0), c.Arg(1), c.Cost("uf", 2, 1), c.Cost("ub", 3, 1), c.Cost("wd", 4, 2), c.Cost("rd", 5, 2), referenceAlgorithm: true),
        "DiskRevolve" => new DiskRevolve(c.Arg(0), c.Arg(1), c.Cost("uf", 2, 1), c.Cost("ub", 3, 1), c.Cost("wd", 4, 2), c.Cost("rd", 5, 2), referenceAlgorithm: true),
        "PeriodicDiskRevolve" => new PeriodicDiskRevolve(
            c.Arg(0), c.Arg(1), c.Cost("uf", 2, 1), c.Cost("ub", 3, 1), c.Cost("wd", 4, 2), c.Cost("rd", 5, 2), referenceAlgorithm: true),
        "HRevolve" => new HRevolve(
            c.Arg(0), c.Arg(1), c.Arg(2), c.Cost("uf", 3, 1), c.Cost("ub", 4, 1), c.Cost("wd", 5, 2), c.Cost("rd", 6, 2), referenceCostSwap: true, referenceAlgorithm: true),
        _ => throw new NotSupportedException(c.ClassName),
    };
}
