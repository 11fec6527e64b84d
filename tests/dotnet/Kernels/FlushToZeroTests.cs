using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

/// <summary>
/// Subnormal numbers are flushed during a step (FTZ/DAZ, as Devito and the -ffast-math C reference do) and
/// the caller's thread gets its own floating-point mode back. Where the platform cannot flush, the documented
/// fallback (subnormals kept) is what is checked.
/// </summary>
public class FlushToZeroTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void A_step_reads_subnormal_inputs_as_zero_where_supported(int rank)
    {
        var grid = rank == 2 ? KernelTestModel.Grid(2, 8, 12, 40) : KernelTestModel.Grid(3, 8, 6, 7, 40);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 2, seed: 5);
        float[] kept = StepOnSubnormals(coefficients, flush: false);
        float[] flushed = StepOnSubnormals(coefficients, flush: true);

        // Without flushing, the update 2u - u_prev + a lap(u) of a subnormal field is not zero.
        Assert.Contains(kept, x => x != 0f);
        if (AcousticPropagator.FlushesDenormals)
        {
            Assert.All(flushed, x => Assert.Equal(0f, x));
        }
        else
        {
            Assert.Equal(kept, flushed);
        }
    }

    [Fact]
    public void The_callers_floating_point_mode_is_restored_after_a_step()
    {
        var grid = KernelTestModel.Grid(2, 4, 10, 30);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 2, seed: 6);
        var prop = new AcousticPropagator(coefficients);
        var a = new float[grid.Length];
        var b = new float[grid.Length];
        uint before = FlushToZeroScope.IsSupported ? FlushToZeroScope.ReadMxcsr() : 0;
        prop.Step(a, b);
        if (FlushToZeroScope.IsSupported)
        {
            Assert.Equal(before, FlushToZeroScope.ReadMxcsr());
            Assert.Equal(0u, before & 0x8040);   // the test host runs with IEEE subnormals, as .NET starts
        }

        // Gradual underflow still works on this thread (values from an array, so nothing is constant-folded).
        float[] tiny = [1e-38f, 0.01f];
        Assert.NotEqual(0f, tiny[0] * tiny[1]);
    }

    [Fact]
    public void A_scope_sets_both_flags_and_restores_the_register()
    {
        if (!FlushToZeroScope.IsSupported)
        {
            using var none = FlushToZeroScope.Enter();   // a no-op where unsupported: must not throw
            Assert.False(AcousticPropagator.FlushesDenormals);
            return;
        }

        uint before = FlushToZeroScope.ReadMxcsr();
        float[] tiny = [1e-38f, 0.01f];
        using (FlushToZeroScope.Enter())
        {
            Assert.Equal(0x8040u, FlushToZeroScope.ReadMxcsr() & 0x8040u);
            Assert.Equal(0f, tiny[0] * tiny[1]);
        }

        Assert.Equal(before, FlushToZeroScope.ReadMxcsr());
        Assert.NotEqual(0f, tiny[0] * tiny[1]);
    }

    private static float[] StepOnSubnormals(AcousticCoefficients coefficients, bool flush)
    {
        var grid = coefficients.Grid;
        var prop = new AcousticPropagator(coefficients) { FlushDenormals = flush };
        var current = new float[grid.Length];
        var previous = new float[grid.Length];
        KernelTestModel.Randomize(grid, current, new Random(2));
        for (int i = 0; i < current.Length; i++)
        {
            current[i] *= 1e-39f;   // |u| <= 1e-39: every interior value subnormal (or zero)
        }

        prop.Step(previous, current);
        return previous;
    }
}
