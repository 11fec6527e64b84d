using PyRevolveNet.Kernels;
using Xunit.Abstractions;

namespace PyRevolveNet.Tests.Kernels;

/// <summary>
/// Every vector width against the scalar path, bitwise: all paths do the same IEEE operations in the same
/// order (multiply-add fused on every path or on none, see SimdMath), so there is no rounding difference to
/// tolerate. Widths the hardware lacks (e.g. under DOTNET_EnableAVX512F=0) are reported and skipped.
/// </summary>
public class SimdEquivalenceTests(ITestOutputHelper output)
{
    [Fact]
    public void Reports_the_widths_this_run_can_test()
    {
        // Visible with --logger "console;verbosity=detailed": which paths the DOTNET_Enable* reruns exercised.
        output.WriteLine($"best={SimdSupport.Best} fma={System.Runtime.Intrinsics.X86.Fma.IsSupported} " +
            $"v128={SimdSupport.IsAccelerated(SimdWidth.Vector128)} v256={SimdSupport.IsAccelerated(SimdWidth.Vector256)} v512={SimdSupport.IsAccelerated(SimdWidth.Vector512)}");
        Assert.True(SimdSupport.IsAccelerated(SimdSupport.Best));
    }

    public static TheoryData<int, int> Cases()
    {
        var data = new TheoryData<int, int>();
        foreach (int rank in new[] { 2, 3 })
        {
            foreach (int so in new[] { 2, 4, 8, 12, 16 })
            {
                data.Add(rank, so);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_width_matches_the_scalar_path_bitwise(int rank, int spaceOrder)
    {
        // Last-axis lengths that are not multiples of 16, 8 or 4 exercise every tail path.
        var grid = rank == 2 ? KernelTestModel.Grid(2, spaceOrder, 23, 71) : KernelTestModel.Grid(3, spaceOrder, 9, 11, 55);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 5, seed: 3);
        Assert.True(coefficients.HasDamping);
        float[] reference = Run(coefficients, SimdWidth.Scalar, out float[] referenceGradient);
        foreach (var width in new[] { SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            if (!SimdSupport.IsAccelerated(width))
            {
                continue;
            }

            float[] result = Run(coefficients, width, out float[] gradient);
            Assert.Equal(reference, result);
            Assert.Equal(referenceGradient, gradient);
        }
    }

    [Fact]
    public void The_undamped_interior_skips_e_only_where_it_is_zero()
    {
        var grid = KernelTestModel.Grid(2, 8, 40, 100);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 10, seed: 1);
        var e = coefficients.E;
        for (int r = 0; r < grid.Rows; r++)
        {
            var (lo, hi) = coefficients.UndampedRun(r);
            for (int i = lo; i < hi; i++)
            {
                Assert.Equal(0f, e[grid.RowStart(r) + i]);
            }
        }

        Assert.Equal((16, 80), coefficients.UndampedRun(20));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Results_do_not_depend_on_workers_blocking_or_plane_pairing(int rank)
    {
        var grid = rank == 2 ? KernelTestModel.Grid(2, 8, 21, 40) : KernelTestModel.Grid(3, 8, 11, 13, 37);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 4, seed: 8);
        float[] reference = Run(coefficients, SimdSupport.Best, out float[] referenceGradient);
        foreach (var (workers, blockY, pairs) in new[] { (1, 16, true), (3, 1, true), (4, 5, false), (2, 0, true) })
        {
            using var pool = new WorkerPool(workers);
            float[] result = Run(coefficients, SimdSupport.Best, out float[] gradient, pool, blockY, pairs);
            Assert.Equal(reference, result);
            Assert.Equal(referenceGradient, gradient);
        }
    }

    [Theory]
    [InlineData(2, 16)]
    [InlineData(3, 8)]
    public void Width_tuning_changes_no_result(int rank, int spaceOrder)
    {
        // The tuner switches widths between the first steps; the fields must still equal the scalar path's.
        var grid = rank == 2 ? KernelTestModel.Grid(2, spaceOrder, 17, 83) : KernelTestModel.Grid(3, spaceOrder, 8, 9, 61);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 3, seed: 4);
        int steps = (2 * WidthTuner.Rounds) + 2;
        float[] reference = Run(coefficients, SimdWidth.Scalar, out float[] referenceGradient, forwardSteps: steps, adjointSteps: steps);
        float[] tuned = Run(coefficients, null, out float[] gradient, forwardSteps: steps, adjointSteps: steps, tuned: p =>
        {
            Assert.True(p.AutoTune);
            Assert.NotNull(p.StepWidth);
            Assert.True(SimdSupport.IsAccelerated(p.StepWidth!.Value));
        });
        Assert.Equal(reference, tuned);
        Assert.Equal(referenceGradient, gradient);
    }

    /// <summary>
    /// Forward steps, then adjoint steps with the fused imaging condition, at one width (null: the
    /// propagator's own width tuning, checked by <paramref name="tuned"/> afterwards).
    /// </summary>
    private static float[] Run(AcousticCoefficients coefficients, SimdWidth? width, out float[] gradient, WorkerPool? pool = null, int blockY = 16, bool pairs = true,
        int forwardSteps = 4, int adjointSteps = 3, Action<AcousticPropagator>? tuned = null)
    {
        var grid = coefficients.Grid;
        var prop = new AcousticPropagator(coefficients, pool, blockY) { UsePairs = pairs };
        if (width is { } fixedWidth)
        {
            prop.MaxWidth = fixedWidth;
        }

        var rng = new Random(11);
        var a = new float[grid.Length];
        var b = new float[grid.Length];
        var fwd = new float[grid.Length];
        gradient = new float[grid.Length];
        KernelTestModel.Randomize(grid, a, rng);
        KernelTestModel.Randomize(grid, b, rng);
        KernelTestModel.Randomize(grid, fwd, rng);
        for (int n = 0; n < forwardSteps; n++)
        {
            prop.Step(a, b);
            (a, b) = (b, a);
        }

        for (int n = 0; n < adjointSteps; n++)
        {
            prop.AdjointStep(a, b, fwd, gradient);
            (a, b) = (b, a);
        }

        tuned?.Invoke(prop);

        return [.. a, .. b];
    }
}
