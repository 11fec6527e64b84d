using System.Text.Json;
using PyRevolveNet.Schedules;
using PyRevolveNet.Tests.Support;

namespace PyRevolveNet.Tests.Schedules;

/// <summary>One case of ../shared/golden/schedules/&lt;Class&gt;.json (format in that folder's README).</summary>
public sealed record GoldenCase(string File, JsonElement Json)
{
    public string Id => Json.GetProperty("id").GetString()!;

    public string ClassName => Json.GetProperty("class").GetString()!;

    public long MaxN => Json.GetProperty("max_n").GetInt64();

    public JsonElement Args => Json.GetProperty("args");

    public JsonElement Kwargs => Json.GetProperty("kwargs");

    public IReadOnlyList<string> ActionTexts =>
        [.. Json.GetProperty("actions").EnumerateArray().Select(a => a.GetProperty("str").GetString()!)];

    public IReadOnlyList<(long N, long R)> StateAfter =>
        [.. Json.GetProperty("state_after").EnumerateArray().Select(s => (s[0].GetInt64(), s[1].GetInt64()))];

    public int EndReverseCount => Json.GetProperty("end_reverse_indices").GetArrayLength();

    public long Arg(int index) => Args[index].GetInt64();

    public double Cost(string name, int position, double fallback) =>
        Kwargs.TryGetProperty(name, out var k) ? k.GetDouble()
        : Args.GetArrayLength() > position ? Args[position].GetDouble()
        : fallback;

    public string? Kwarg(string name) => Kwargs.TryGetProperty(name, out var k) ? k.ToString() : null;

    public override string ToString() => Id;
}

/// <summary>Loads golden cases and builds the matching Core schedule for each.</summary>
public static class GoldenTraces
{
    private static readonly Dictionary<string, IReadOnlyList<GoldenCase>> s_cache = [];
    private static readonly Lock s_lock = new();

    public static IReadOnlyList<GoldenCase> Load(string className)
    {
        lock (s_lock)
        {
            if (!s_cache.TryGetValue(className, out var cases))
            {
                var path = SharedData.PathOf("golden", "schedules", className + ".json");
                using var doc = JsonDocument.Parse(File.ReadAllBytes(path));
                cases = [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new GoldenCase(path, c.Clone()))];
                s_cache[className] = cases;
            }

            return cases;
        }
    }

    /// <summary>xunit MemberData: one row per case id of the class.</summary>
    public static TheoryData<string> Ids(string className)
    {
        var data = new TheoryData<string>();
        foreach (var c in Load(className))
        {
            data.Add(c.Id);
        }

        return data;
    }

    public static GoldenCase Find(string className, string id) => Load(className).Single(c => c.Id == id);

    public static StorageType ParseStorage(string text) => text.Replace("StorageType.", "", StringComparison.Ordinal) switch
    {
        "RAM" => StorageType.Ram,
        "DISK" => StorageType.Disk,
        "WORK" => StorageType.Work,
        "NONE" => StorageType.None,
        _ => throw new FormatException(text),
    };

    public static BinomialTrajectory ParseTrajectory(string? text) => text switch
    {
        null or "maximum" => BinomialTrajectory.Maximum,
        "revolve" => BinomialTrajectory.Revolve,
        _ => throw new FormatException(text),
    };

    /// <summary>The Core schedule the case's constructor call describes.</summary>
    public static CheckpointSchedule Create(GoldenCase c) => c.ClassName switch
    {
        "NoneCheckpointSchedule" => new NoneCheckpointSchedule(),
        "SingleMemoryStorageSchedule" => new SingleMemoryStorageSchedule(),
        "SingleDiskStorageSchedule" => new SingleDiskStorageSchedule(c.Kwarg("move_data") is "True" or "true"),
        "Revolve" => new Revolve(c.Arg(0), c.Arg(1), c.Cost("uf", 2, 1), c.Cost("ub", 3, 1), c.Cost("wd", 4, 2), c.Cost("rd", 5, 2)),
        "DiskRevolve" => new DiskRevolve(c.Arg(0), c.Arg(1), c.Cost("uf", 2, 1), c.Cost("ub", 3, 1), c.Cost("wd", 4, 2), c.Cost("rd", 5, 2)),
        "PeriodicDiskRevolve" => new PeriodicDiskRevolve(c.Arg(0), c.Arg(1), c.Cost("uf", 2, 1), c.Cost("ub", 3, 1), c.Cost("wd", 4, 2), c.Cost("rd", 5, 2)),
        "HRevolve" => new HRevolve(c.Arg(0), c.Arg(1), c.Arg(2), c.Cost("uf", 3, 1), c.Cost("ub", 4, 1), c.Cost("wd", 5, 2), c.Cost("rd", 6, 2)),
        "MultistageCheckpointSchedule" => new MultistageCheckpointSchedule(c.Arg(0), c.Arg(1), c.Arg(2), ParseTrajectory(c.Kwarg("trajectory"))),
        "MixedCheckpointSchedule" => new MixedCheckpointSchedule(c.Arg(0), c.Arg(1), c.Kwarg("storage") is { } s ? ParseStorage(s) : StorageType.Disk),
        "TwoLevelCheckpointSchedule" => new TwoLevelCheckpointSchedule(
            c.Arg(0), c.Arg(1),
            c.Kwarg("binomial_storage") is { } b ? ParseStorage(b) : StorageType.Disk,
            ParseTrajectory(c.Kwarg("binomial_trajectory"))),
        _ => throw new NotSupportedException(c.ClassName),
    };

    /// <summary>
    /// Drives a schedule exactly as the golden generator did (README's driver protocol) and returns every
    /// action's text with the [n, r] state read after it and after the driver's finalize hook.
    /// </summary>
    public static List<(string Text, long N, long R)> Drive(CheckpointSchedule schedule, long maxN, int endReverses)
    {
        var trace = new List<(string, long, long)>();
        var seen = 0;
        while (schedule.MoveNext())
        {
            var a = schedule.Current;
            if (a.Type == ActionType.Forward && Math.Min(a.N1, maxN) == maxN)
            {
                schedule.Finalize(maxN);
            }

            trace.Add((a.ToString(), schedule.N, schedule.R));
            if (a.Type == ActionType.EndForward && schedule is NoneCheckpointSchedule)
            {
                break;
            }

            if (a.Type == ActionType.EndReverse && ++seen == endReverses)
            {
                break;
            }

            if (trace.Count > 10_000_000)
            {
                throw new InvalidOperationException("runaway schedule");
            }
        }

        return trace;
    }

    /// <summary>Asserts that the schedule reproduces the case's actions and states exactly.</summary>
    public static void AssertReproduces(GoldenCase c, CheckpointSchedule schedule)
    {
        var trace = Drive(schedule, c.MaxN, Math.Max(1, c.EndReverseCount));
        var texts = c.ActionTexts;
        var states = c.StateAfter;
        for (var i = 0; i < Math.Min(trace.Count, texts.Count); i++)
        {
            Assert.True(texts[i] == trace[i].Text, $"{c.Id}: action {i}: expected {texts[i]}, got {trace[i].Text}");
            Assert.True(states[i] == (trace[i].N, trace[i].R), $"{c.Id}: state after action {i} ({texts[i]}): expected {states[i]}, got ({trace[i].N}, {trace[i].R})");
        }

        Assert.True(texts.Count == trace.Count, $"{c.Id}: expected {texts.Count} actions, got {trace.Count}");
        var final = c.Json.GetProperty("final_state");
        Assert.Equal(final.GetProperty("is_exhausted").GetBoolean(), schedule.IsExhausted);
    }
}
