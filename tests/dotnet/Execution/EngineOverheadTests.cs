using System.Diagnostics;
using PyRevolveNet.Execution;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>Sanity bounds, not benchmarks: the engine adds little per step and allocates nothing per step.</summary>
[Collection(nameof(NativeMemoryAccounting))]
public class EngineOverheadTests
{
    [Fact]
    public void Long_mode_A_run_is_cheap_and_allocation_free_per_step()
    {
        using var model = new CountingModel();
        using var revolver = new ClassicRevolver(model, model, model, 10, 100_000);
        revolver.ApplyForward();
        var allocated = GC.GetAllocatedBytesForCurrentThread();
        var t0 = Stopwatch.GetTimestamp();
        revolver.ApplyReverse();
        var seconds = Stopwatch.GetElapsedTime(t0).TotalSeconds;
        allocated = GC.GetAllocatedBytesForCurrentThread() - allocated;
        var s = revolver.Summary;
        Assert.Equal(s.Predicted.ForwardSteps, s.ForwardSteps);
        Assert.Equal(100_000, s.ReverseSteps);
        Assert.True(seconds < 5, $"reverse sweep took {seconds} s");

        // Only the list of checkpoint steps grows (one entry per takeshot, doubling), never per step.
        Assert.True(allocated < 64 * 1024 + (revolver.CheckpointSteps.Count * 32), $"{allocated} bytes allocated in the reverse sweep");
    }

    [Fact]
    public void Storage_ckps_are_the_takeshot_steps_of_the_run()
    {
        using var model = new CountingModel();
        using var revolver = new ClassicRevolver(model, model, model, 3, 10);
        revolver.ApplyForward();
        revolver.ApplyReverse();
        Assert.Equal([0, 4, 7, 5, 1, 2], revolver.CheckpointSteps);
    }

    private sealed class CountingModel : IForwardOperator, IReverseOperator, ILiveState, IDisposable
    {
        private readonly AlignedBuffer _state = new(64);

        public long CheckpointBytes => 64;

        public int MaxRegions => 1;

        public void Advance(long tStart, long tEnd)
        {
        }

        public void Reverse(long tStart, long tEnd)
        {
        }

        public int GetData(long timestep, Span<MemoryRegion> regions)
        {
            regions[0] = new MemoryRegion(_state.Address, 64);
            return 1;
        }

        public int GetDataLocation(long timestep, Span<MemoryRegion> regions) => GetData(timestep, regions);

        public void Dispose() => _state.Dispose();
    }
}
