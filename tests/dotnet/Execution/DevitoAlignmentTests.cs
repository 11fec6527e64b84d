using PyRevolveNet.Execution;
using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>
/// Checkpointed gradients equal the store-everything gradient exactly, for many (nt, ncp), every storage layout,
/// in mode A (pyrevolve-exact) and mode B (schedules).
/// </summary>
public class DevitoAlignmentTests
{
    public static TheoryData<int, int, StorageLayout> ModeACases()
    {
        var data = new TheoryData<int, int, StorageLayout>();
        foreach (var layout in Enum.GetValues<StorageLayout>())
        {
            foreach (var nt in new[] { 1, 2, 3, 4, 7, 10, 23, 64 })
            {
                foreach (var ncp in new[] { -1, 1, 2, 3, 5, 70 })
                {
                    data.Add(nt, ncp, layout);
                }
            }
        }

        return data;
    }

    public static TheoryData<int, StorageLayout> ModeBCases()
    {
        var data = new TheoryData<int, StorageLayout>();
        foreach (var layout in Enum.GetValues<StorageLayout>())
        {
            foreach (var nt in new[] { 1, 2, 3, 10, 33 })
            {
                data.Add(nt, layout);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(ModeACases))]
    public void Mode_A_gradient_equals_the_reference(int nt, int ncp, StorageLayout layout) =>
        WithOptions(layout, options =>
        {
            using var model = new DevitoLikeModel();
            using var revolver = new ClassicRevolver(model, model, model, ncp < 0 ? null : ncp, nt, options);
            AssertRunMatches(model, revolver, nt, () => revolver.ApplyForward());
        });

    [Theory]
    [MemberData(nameof(ModeBCases))]
    public void Mode_B_single_memory_gradient_equals_the_reference(int nt, StorageLayout layout) =>
        WithOptions(layout, options =>
        {
            using var model = new DevitoLikeModel();
            using var revolver = new ScheduleRevolver(model, model, model, () => new SingleMemoryStorageSchedule(), options);
            AssertRunMatches(model, revolver, nt, () => revolver.ApplyForward(nt));

            // Every reverse step but the first re-runs its forward step from the kept state, as pyrevolve does.
            Assert.Equal((2 * nt) - 1, model.ForwardSteps);
            // Online: the last step is not known while it runs, so its state is kept too.
            Assert.Equal(nt, revolver.Summary.Work.PeakCount);
        });

    [Theory]
    [MemberData(nameof(ModeBCases))]
    public void Mode_B_single_memory_forward_in_pieces(int nt, StorageLayout layout) =>
        WithOptions(layout, options =>
        {
            using var model = new DevitoLikeModel();
            using var revolver = new ScheduleRevolver(model, model, model, () => new SingleMemoryStorageSchedule(), options);
            AssertRunMatches(model, revolver, nt, () =>
            {
                for (var done = 0; done < nt; done += 4)
                {
                    revolver.AdvanceForward(Math.Min(4, nt - done));
                }

                revolver.FinishForward();
            });
        });

    [Theory]
    [MemberData(nameof(ModeACases))]
    public void Mode_B_classic_revolve_schedule_gradient_equals_the_reference(int nt, int ncp, StorageLayout layout) =>
        WithOptions(layout, options =>
        {
            var c = ncp < 0 ? Math.Max(1, ClassicRevolve.Adjust(nt)) : ncp;
            foreach (var tier in new[] { StorageType.Ram, StorageType.Disk })
            {
                using var model = new DevitoLikeModel();
                using var revolver = new ScheduleRevolver(model, model, model, () => new ClassicRevolveSchedule(nt, c, tier), options);
                AssertRunMatches(model, revolver, nt, () => revolver.ApplyForward());
            }
        });

    [Fact]
    public void Mode_A_and_mode_B_with_classic_revolve_run_the_same_number_of_steps()
    {
        foreach (var (nt, c) in new[] { (10, 3), (40, 5), (23, 2) })
        {
            var a = ClassicRevolver.Predict(c, nt);
            using var model = new DevitoLikeModel();
            using var b = new ScheduleRevolver(model, model, model, () => new ClassicRevolveSchedule(nt, c));
            Assert.Equal(a.ForwardSteps, b.Prediction.ForwardSteps);
            Assert.Equal(a.ReverseSteps, b.Prediction.ReverseSteps);
            Assert.Equal(c >= nt ? nt - 1 : c, b.Prediction.PeakRamCheckpoints);
        }
    }

    [Theory]
    [InlineData(1, 1)]
    [InlineData(10, 3)]
    [InlineData(40, 5)]
    [InlineData(33, 40)]
    public void Prediction_agrees_with_ScheduleAnalysis_on_the_schedule_part(int nt, int c)
    {
        using var model = new DevitoLikeModel();
        using var revolver = new ScheduleRevolver(model, model, model, () => new ClassicRevolveSchedule(nt, c));
        var analysis = ScheduleAnalysis.Analyze(new ClassicRevolveSchedule(nt, c), nt);
        var p = revolver.Prediction;
        Assert.Equal(analysis.ForwardSteps, p.ScheduleForwardSteps);
        Assert.Equal(analysis.ReverseSteps, p.ReverseSteps);
        Assert.Equal(analysis.PeakRamCheckpoints, p.PeakRamCheckpoints);
        Assert.Equal(analysis.RamWrites, p.Saves);

        // Revolve-style schedules advance every step right before reversing it: the engine adds no re-run.
        Assert.Equal(analysis.ForwardSteps, p.ForwardSteps);

        // Store-everything keeps states, not linearisations: each reversed step but the last computed is re-run.
        using var all = new ScheduleRevolver(model, model, model, () => new SingleMemoryStorageSchedule());
        var online = ScheduleAnalysis.Analyze(new SingleMemoryStorageSchedule(), nt);
        Assert.Equal(online.ForwardSteps + nt - 1, all.PredictFor(nt).ForwardSteps);
    }

    internal static void AssertRunMatches(DevitoLikeModel model, Revolver revolver, int nt, Action forward)
    {
        var reference = DevitoLikeModel.Reference(nt);
        forward();
        var (next, current) = model.StateAt(nt);
        Assert.Equal(reference.UEnd, next);
        Assert.Equal(reference.UEndMinus1, current);
        revolver.ApplyReverse();
        Assert.Equal(reference.Gradient, model.Gradient);
        Assert.Equal(reference.V, model.V);

        var s = revolver.Summary;
        Assert.Equal(nt, s.Steps);
        Assert.Equal(nt, s.ReverseSteps);
        Assert.Equal(model.ForwardSteps, s.ForwardSteps);
        Assert.Equal(s.Predicted.ForwardSteps, s.ForwardSteps);
        Assert.Equal(s.Predicted.Saves, s.Saves);
        Assert.Equal(s.Predicted.Loads, s.Loads);
        Assert.Equal(s.Predicted.PeakRamCheckpoints, s.Ram.PeakCount);
        Assert.Equal(s.Predicted.PeakDiskCheckpoints, s.Disk.PeakCount);
    }

    internal static void WithOptions(StorageLayout layout, Action<StorageOptions> test)
    {
        var dir = TempDir.Create();
        var live = AlignedBuffer.LiveBytes;
        try
        {
            test(new StorageOptions { Layout = layout, DiskDirectory = dir });
            Assert.Empty(Directory.GetFileSystemEntries(dir));
        }
        finally
        {
            Directory.Delete(dir, true);
        }
    }
}
