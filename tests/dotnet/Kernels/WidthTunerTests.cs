using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

public class WidthTunerTests
{
    [Theory]
    [InlineData(SimdWidth.Vector512)]
    [InlineData(SimdWidth.Vector256)]
    public void The_faster_width_is_kept_after_every_candidate_had_its_rounds(SimdWidth faster)
    {
        if (!SimdSupport.IsAccelerated(SimdWidth.Vector512) || !SimdSupport.IsAccelerated(SimdWidth.Vector256))
        {
            Assert.Equal(0, new WidthTuner(SimdSupport.Best).TrialSteps);   // one candidate: nothing to time
            return;
        }

        var tuner = new WidthTuner(SimdWidth.Vector512);
        Assert.Equal(2 * WidthTuner.Rounds, tuner.TrialSteps);
        var seen = new List<SimdWidth>();
        for (int step = 0; step < tuner.TrialSteps; step++)
        {
            Assert.Null(tuner.Chosen);
            var width = tuner.Next();
            seen.Add(width);

            // One disturbed step of the faster width (e.g. first-touch page faults) must not decide.
            double seconds = width == faster ? (step < 2 ? 10.0 : 1.0) : 1.5;
            tuner.Record(seconds);
        }

        Assert.Equal(WidthTuner.Rounds, seen.Count(w => w == SimdWidth.Vector512));
        Assert.Equal(WidthTuner.Rounds, seen.Count(w => w == SimdWidth.Vector256));
        Assert.Equal(faster, tuner.Chosen);
        Assert.Equal(faster, tuner.Next());
        tuner.Record(100.0);   // later steps are not timed any more
        Assert.Equal(faster, tuner.Chosen);
    }

    [Theory]
    [InlineData(SimdWidth.Vector256)]
    [InlineData(SimdWidth.Vector128)]
    [InlineData(SimdWidth.Scalar)]
    public void A_width_below_512_bits_is_used_as_it_is(SimdWidth widest)
    {
        var tuner = new WidthTuner(widest);
        Assert.Equal(0, tuner.TrialSteps);
        Assert.Equal(widest, tuner.Chosen);
        Assert.Equal(widest, tuner.Next());
    }

    [Fact]
    public void Pinning_a_width_turns_tuning_off()
    {
        var grid = KernelTestModel.Grid(2, 4, 10, 30);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 2, seed: 6);
        var prop = new AcousticPropagator(coefficients);
        Assert.True(prop.AutoTune);
        Assert.Equal(SimdSupport.Best == SimdWidth.Vector512 && SimdSupport.IsAccelerated(SimdWidth.Vector256) ? 2 * WidthTuner.Rounds : 0, prop.TuningSteps);
        prop.MaxWidth = SimdWidth.Vector128;
        Assert.False(prop.AutoTune);
        Assert.Equal(SimdWidth.Vector128, prop.StepWidth);
        Assert.Equal(0, prop.TuningSteps);
    }
}
