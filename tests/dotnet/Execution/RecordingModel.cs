using System.Runtime.InteropServices;
using PyRevolveNet.Execution;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>
/// Operators and live state that write pyrevolve's trace vocabulary (F(a,b), R(a,b), save(t), load(t)) and
/// carry the step number as their 8-byte state, so every call also checks that the state is where it should be.
/// </summary>
public sealed unsafe class RecordingModel : IForwardOperator, IReverseOperator, ILiveState, IDisposable
{
    private readonly AlignedBuffer _state = new(sizeof(long));

    public RecordingModel() => Position = 0;

    public List<string> Calls { get; } = [];

    public long Position
    {
        get => *(long*)_state.Address;
        set => *(long*)_state.Address = value;
    }

    public long CheckpointBytes => sizeof(long);

    public int MaxRegions => 1;

    public void Advance(long tStart, long tEnd)
    {
        Calls.Add($"F({tStart},{tEnd})");
        Assert.True(Position == tStart, $"F({tStart},{tEnd}) with the state at {Position}");
        Position = tEnd;
    }

    public void Reverse(long tStart, long tEnd)
    {
        Calls.Add($"R({tStart},{tEnd})");
        Assert.True(Position == tEnd, $"R({tStart},{tEnd}) with the state at {Position}");
        Position = -1; // the adjoint may leave the forward state in any shape
    }

    public int GetData(long timestep, Span<MemoryRegion> regions)
    {
        Calls.Add($"save({timestep})");
        Assert.True(Position == timestep, $"save({timestep}) with the state at {Position}");
        regions[0] = new MemoryRegion(_state.Address, sizeof(long));
        return 1;
    }

    public int GetDataLocation(long timestep, Span<MemoryRegion> regions)
    {
        Calls.Add($"load({timestep})");
        Position = long.MinValue;
        regions[0] = new MemoryRegion(_state.Address, sizeof(long));
        return 1;
    }

    public void Dispose() => _state.Dispose();
}

/// <summary>One case of ../shared/golden/revolver/revolver_traces.json.</summary>
public sealed record RevolverTrace(int Nt, int? Ncp, IReadOnlyList<string> Forward, IReadOnlyList<string> Reverse)
{
    public override string ToString() => $"nt={Nt} ncp={Ncp?.ToString(System.Globalization.CultureInfo.InvariantCulture) ?? "None"}";
}

public static class RevolverTraces
{
    private static readonly Lazy<IReadOnlyList<RevolverTrace>> s_cases = new(Load);

    public static IReadOnlyList<RevolverTrace> All => s_cases.Value;

    public static TheoryData<int, int> Keys()
    {
        var data = new TheoryData<int, int>();
        foreach (var c in All)
        {
            data.Add(c.Nt, c.Ncp ?? -1);
        }

        return data;
    }

    public static RevolverTrace Find(int nt, int ncp) => All.Single(c => c.Nt == nt && (c.Ncp ?? -1) == ncp);

    private static IReadOnlyList<RevolverTrace> Load()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(File.ReadAllBytes(Support.SharedData.PathOf("golden", "revolver", "revolver_traces.json")));
        return [.. doc.RootElement.GetProperty("cases").EnumerateArray().Select(c => new RevolverTrace(
            c.GetProperty("nt").GetInt32(),
            c.GetProperty("ncp").ValueKind == System.Text.Json.JsonValueKind.Null ? null : c.GetProperty("ncp").GetInt32(),
            [.. c.GetProperty("forward").EnumerateArray().Select(x => x.GetString()!)],
            [.. c.GetProperty("reverse").EnumerateArray().Select(x => x.GetString()!)]))];
    }
}
