using PyRevolveNet.Execution;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Interop;

/// <summary>
/// The Python operators and checkpoint behind the engine's interfaces. A nonzero callback status becomes a
/// <see cref="CallbackException"/>, which unwinds the engine (tiers released) and maps to Status.CallbackFailed.
/// </summary>
internal sealed unsafe class CallbackOperators : IForwardOperator, IReverseOperator, ILiveState
{
    private readonly RevolverCallbacks _callbacks;

    public CallbackOperators(in RevolverCallbacks callbacks, in RevolverConfig config)
    {
        if (callbacks.Forward == null || callbacks.Reverse == null || callbacks.GetData == null)
        {
            throw new ArgumentException("forward, reverse and get_data callbacks are all required");
        }

        if (config.CheckpointBytes < 0 || config.MaxRegions < 0)
        {
            throw new ArgumentException($"checkpoint_bytes ({config.CheckpointBytes}) and max_regions ({config.MaxRegions}) must not be negative");
        }

        _callbacks = callbacks;
        CheckpointBytes = config.CheckpointBytes;
        MaxRegions = config.MaxRegions;
    }

    public long CheckpointBytes { get; }

    public int MaxRegions { get; }

    public void Advance(long tStart, long tEnd)
    {
        if (_callbacks.Forward(_callbacks.Context, tStart, tEnd) != 0)
        {
            Fail("forward operator", tStart, tEnd);
        }
    }

    public void Reverse(long tStart, long tEnd)
    {
        if (_callbacks.Reverse(_callbacks.Context, tStart, tEnd) != 0)
        {
            Fail("reverse operator", tStart, tEnd);
        }
    }

    public int GetData(long timestep, Span<MemoryRegion> regions) => Regions(timestep, 0, regions);

    public int GetDataLocation(long timestep, Span<MemoryRegion> regions) => Regions(timestep, 1, regions);

    private int Regions(long timestep, int location, Span<MemoryRegion> regions)
    {
        var count = 0;
        fixed (MemoryRegion* p = regions)
        {
            if (_callbacks.GetData(_callbacks.Context, timestep, location, p, regions.Length, &count) != 0)
            {
                Fail(location == 0 ? "checkpoint.get_data" : "checkpoint.get_data_location", timestep, timestep);
            }
        }

        return count;
    }

    private static void Fail(string what, long a, long b) =>
        throw new CallbackException($"the Python {what} raised an exception (at {a}, {b})");
}
