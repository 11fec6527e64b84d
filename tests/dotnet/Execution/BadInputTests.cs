using PyRevolveNet.Execution;
using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>Input on which pyrevolve crashes or misbehaves is refused, naming the parameter.</summary>
public class BadInputTests
{
    [Theory]
    [InlineData(0, 10, "n_checkpoints")]
    [InlineData(-1, 10, "n_checkpoints")]
    [InlineData(-100, 10, "n_checkpoints")]
    [InlineData(10001, 10, "n_checkpoints")]
    [InlineData(3, 0, "n_timesteps")]
    [InlineData(3, -5, "n_timesteps")]
    public void Mode_A_refuses_bad_counts(int ncp, long nt, string parameter)
    {
        using var model = new RecordingModel();
        var e = Assert.Throws<ScheduleParameterException>(() => new ClassicRevolver(model, model, model, ncp, nt));
        Assert.Equal(parameter, e.ParamName);
        Assert.Contains(parameter, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Mode_A_with_too_many_steps_is_refused()
    {
        using var model = new RecordingModel();
        var e = Assert.Throws<ScheduleParameterException>(() => new ClassicRevolver(model, model, model, 3, 1L << 33));
        Assert.Equal("n_timesteps", e.ParamName);
    }

    [Fact]
    public void Mode_B_online_needs_a_positive_step_count()
    {
        using var model = new RecordingModel();
        using var revolver = new ScheduleRevolver(model, model, model, () => new SingleMemoryStorageSchedule());
        Assert.Throws<ScheduleParameterException>(() => revolver.PredictFor(0));
        Assert.Throws<InvalidOperationException>(revolver.ApplyForward);
    }

    [Fact]
    public void Mode_B_refuses_a_running_schedule()
    {
        using var model = new RecordingModel();
        var s = new SingleMemoryStorageSchedule();
        s.MoveNext();
        Assert.Throws<ArgumentException>(() => new ScheduleRevolver(model, model, model, () => s));
    }

    [Fact]
    public void Mode_B_refuses_a_memory_budget_the_schedule_cannot_fit()
    {
        using var model = new DevitoLikeModel();
        var options = new StorageOptions { Layout = StorageLayout.Memory, MemoryBudgetBytes = 2 * model.CheckpointBytes };
        var e = Assert.Throws<ArgumentException>(() => new ScheduleRevolver(model, model, model, () => new ClassicRevolveSchedule(30, 4), options));
        Assert.Contains("memory budget", e.Message, StringComparison.Ordinal);
        using var fits = new ScheduleRevolver(model, model, model, () => new ClassicRevolveSchedule(30, 4), options with { MemoryBudgetBytes = 4 * StorageBudget.SlotBytes(model.CheckpointBytes) });
        fits.ApplyForward();
        fits.ApplyReverse();
        Assert.Equal(4, fits.Summary.Ram.PeakCount);
    }

    [Fact]
    public void Mode_A_refuses_a_memory_budget_too_small_for_its_slots()
    {
        using var model = new RecordingModel();
        var e = Assert.Throws<ArgumentException>(() => new ClassicRevolver(model, model, model, 5, 20, new StorageOptions { MemoryBudgetBytes = 4 * 64 }));
        Assert.Contains("memory budget", e.Message, StringComparison.Ordinal);
        using var fits = new ClassicRevolver(model, model, model, 4, 20, new StorageOptions { MemoryBudgetBytes = 4 * 64 });
    }

    [Fact]
    public void Regions_of_the_wrong_size_are_refused_once_per_call()
    {
        using var model = new WrongSizeModel();
        using var revolver = new ClassicRevolver(model, model, model, 2, 5);
        var e = Assert.Throws<ArgumentException>(revolver.ApplyForward);
        Assert.Contains("checkpoint size is 16 bytes", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Apply_reverse_before_forward_is_refused()
    {
        using var model = new RecordingModel();
        using var revolver = new ClassicRevolver(model, model, model, 2, 5);
        Assert.Throws<InvalidOperationException>(revolver.ApplyReverse);
    }

    private sealed class WrongSizeModel : IForwardOperator, IReverseOperator, ILiveState, IDisposable
    {
        private readonly AlignedBuffer _buffer = new(8);

        public long CheckpointBytes => 16;

        public int MaxRegions => 1;

        public void Advance(long tStart, long tEnd)
        {
        }

        public void Reverse(long tStart, long tEnd)
        {
        }

        public int GetData(long timestep, Span<MemoryRegion> regions)
        {
            regions[0] = new MemoryRegion(_buffer.Address, 8);
            return 1;
        }

        public int GetDataLocation(long timestep, Span<MemoryRegion> regions) => GetData(timestep, regions);

        public void Dispose() => _buffer.Dispose();
    }
}
