using System.Diagnostics;
using System.Diagnostics.CodeAnalysis;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Execution;

/// <summary>
/// The few things every engine does per step: call an operator, save or load the live state, count and time.
/// No allocation per call: the region buffer is made once. A dry run (no operators, no state) only counts,
/// which is how predictions are made by the same code that runs.
/// </summary>
internal sealed class ExecutionCore
{
    private readonly ILiveState? _state;
    private readonly IForwardOperator? _forward;
    private readonly IReverseOperator? _reverse;
    private readonly MemoryRegion[] _regions;

    public ExecutionCore(ILiveState state, IForwardOperator forward, IReverseOperator reverse)
    {
        ArgumentNullException.ThrowIfNull(state);
        ArgumentNullException.ThrowIfNull(forward);
        ArgumentNullException.ThrowIfNull(reverse);
        if (state.CheckpointBytes < 0)
        {
            throw new ArgumentException($"checkpoint size must not be negative, got {state.CheckpointBytes}", nameof(state));
        }

        if (state.MaxRegions < 0)
        {
            throw new ArgumentException($"MaxRegions must not be negative, got {state.MaxRegions}", nameof(state));
        }

        _state = state;
        _forward = forward;
        _reverse = reverse;
        CheckpointBytes = state.CheckpointBytes;
        _regions = new MemoryRegion[state.MaxRegions];
    }

    /// <summary>A dry run: counts steps and storage traffic only.</summary>
    public ExecutionCore(long checkpointBytes)
    {
        CheckpointBytes = checkpointBytes;
        _regions = [];
    }

    public bool IsDryRun => _state is null;

    public long CheckpointBytes { get; }

    public long ForwardSteps { get; private set; }

    public long ReverseSteps { get; private set; }

    public long AdvanceCalls { get; private set; }

    public long AdvanceTicks { get; private set; }

    public long ReverseTicks { get; private set; }

    public long SaveTicks { get; private set; }

    public long LoadTicks { get; private set; }

    public void Advance(long tStart, long tEnd)
    {
        ForwardSteps += tEnd - tStart;
        AdvanceCalls++;
        if (_forward is not null)
        {
            var t0 = Stopwatch.GetTimestamp();
            _forward.Advance(tStart, tEnd);
            AdvanceTicks += Stopwatch.GetTimestamp() - t0;
        }
    }

    /// <summary>The adjoint of step <paramref name="step"/> (one step, as pyrevolve always calls it).</summary>
    public void Reverse(long step)
    {
        ReverseSteps++;
        if (_reverse is not null)
        {
            var t0 = Stopwatch.GetTimestamp();
            _reverse.Reverse(step, step + 1);
            ReverseTicks += Stopwatch.GetTimestamp() - t0;
        }
    }

    /// <summary>get_data(step) then store under key.</summary>
    public void Save(ICheckpointStore store, long key, long step)
    {
        if (_state is null)
        {
            store.Save(key, default);
            return;
        }

        var t0 = Stopwatch.GetTimestamp();
        var n = _state.GetData(step, _regions);
        store.Save(key, Validated(n, step, "GetData"));
        SaveTicks += Stopwatch.GetTimestamp() - t0;
    }

    /// <summary>get_data_location(step) then restore key into it.</summary>
    public void Load(ICheckpointStore store, long key, long step)
    {
        if (_state is null)
        {
            store.Load(key, default);
            return;
        }

        var t0 = Stopwatch.GetTimestamp();
        var n = _state.GetDataLocation(step, _regions);
        store.Load(key, Validated(n, step, "GetDataLocation"));
        LoadTicks += Stopwatch.GetTimestamp() - t0;
    }

    // Checked once per call: a wrong count or size would otherwise copy out of bounds of the caller's arrays.
    private ReadOnlySpan<MemoryRegion> Validated(int count, long step, string what)
    {
        if ((uint)count > (uint)_regions.Length)
        {
            ThrowCount(count, step, what);
        }

        var regions = new ReadOnlySpan<MemoryRegion>(_regions, 0, count);
        long total = 0;
        foreach (var r in regions)
        {
            if (r.Length < 0 || (r.Address == 0 && r.Length > 0))
            {
                ThrowRegion(r, step, what);
            }

            total += r.Length;
        }

        if (total != CheckpointBytes)
        {
            ThrowSize(total, step, what);
        }

        return regions;
    }

    [DoesNotReturn]
    private void ThrowCount(int count, long step, string what) =>
        throw new ArgumentException($"{what}({step}) returned {count} regions; between 0 and {_regions.Length} expected");

    [DoesNotReturn]
    private static void ThrowRegion(MemoryRegion r, long step, string what) =>
        throw new ArgumentException($"{what}({step}) returned an invalid region (address 0x{r.Address:x}, length {r.Length})");

    [DoesNotReturn]
    private void ThrowSize(long total, long step, string what) =>
        throw new ArgumentException($"{what}({step}) returned regions of {total} bytes in all; the checkpoint size is {CheckpointBytes} bytes");
}
