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
        foreach (bool separable in new[] { false, true })
        {
            using var coefficients = KernelTestModel.Coefficients(grid, layer: 5, seed: 3, separable: separable);
            Assert.True(coefficients.HasDamping);
            Assert.Equal(separable, coefficients.IsSeparable);
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
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(3, 4)]
    [InlineData(3, 8)]
    [InlineData(3, 16)]
    public void Separable_damping_formed_in_the_kernels_equals_reading_e_bitwise(int rank, int spaceOrder)
    {
        // The kernels form e = a (row part + last-axis part); the coefficients store the same e. Any slip in the
        // row or last-axis index (rows of pairs, tails, y-blocks) would show as a difference here.
        var grid = rank == 2 ? KernelTestModel.Grid(2, spaceOrder, 23, 71) : KernelTestModel.Grid(3, spaceOrder, 13, 11, 55);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 4, seed: 6, separable: true);
        foreach (var (width, pairs) in KernelTestModel.WidthsAndPairs())
        {
            float[] read = Run(coefficients, width, out float[] readGradient, pairs: pairs, blockY: 5, formDamping: false);
            float[] formed = Run(coefficients, width, out float[] formedGradient, pairs: pairs, blockY: 5);
            Assert.Equal(read, formed);
            Assert.Equal(readGradient, formedGradient);
        }
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Separable_coefficients_are_the_float_formula_of_the_kernels(int rank)
    {
        // s = r + l in float (r = the outer axes' profiles summed in double, times 1/dt, rounded; l the last axis's),
        // a = 1/(m/dt^2 + s/2) in double rounded once, e = a s in float; rows of 37 and 53 points leave scalar tails.
        var grid = rank == 2 ? KernelTestModel.Grid(2, 8, 9, 53) : KernelTestModel.Grid(3, 4, 5, 6, 37);
        var rng = new Random(21);
        var v = new float[grid.InteriorPoints];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(1.5 + (3 * rng.NextDouble()));
        }

        var axes = new double[rank][];
        for (int d = 0; d < rank; d++)
        {
            axes[d] = new double[grid.Shape[d]];
            for (int i = 0; i < axes[d].Length; i++)
            {
                axes[d][i] = rng.Next(3) == 0 ? 0 : 0.01 * rng.NextDouble();
            }
        }

        double dt = 0.5 * Cfl.StabilityLimit(grid, 4.5);
        using var coefficients = new AcousticCoefficients(grid, v, new SeparableDamping(axes), dt);
        var a = new float[grid.InteriorPoints];
        var e = new float[grid.InteriorPoints];
        grid.Gather(coefficients.A, a);
        grid.Gather(coefficients.E, e);
        int n = grid.Shape[rank - 1], ny = rank == 3 ? grid.Shape[1] : 1;
        for (int i = 0; i < v.Length; i++)
        {
            int row = i / n, z = i % n;
            double outer = axes[0][row / ny] + (rank == 3 ? axes[1][row % ny] : 0);
            float s = (float)(outer / dt) + (float)(axes[rank - 1][z] / dt);
            double vi = v[i];
            float ai = (float)(1.0 / ((1.0 / (dt * dt) / (vi * vi)) + (0.5 * s)));
            Assert.Equal(ai, a[i]);
            Assert.Equal(ai * s, e[i]);
        }
    }

    [Theory]
    [InlineData(2, 8)]
    [InlineData(3, 8)]
    public void Separable_and_whole_field_damping_agree_to_float_rounding(int rank, int spaceOrder)
    {
        // The same Devito layer, given as a whole field (e = a d/dt in double) or as per-axis profiles (e formed in
        // float): coefficients rounded differently, fields equal to a few float ulps after a dozen steps.
        var grid = rank == 2 ? KernelTestModel.Grid(2, spaceOrder, 23, 71) : KernelTestModel.Grid(3, spaceOrder, 13, 11, 55);
        using var whole = KernelTestModel.Coefficients(grid, layer: 5, seed: 3);
        using var separable = KernelTestModel.Coefficients(grid, layer: 5, seed: 3, separable: true);
        float[] expected = Run(whole, SimdSupport.Best, out float[] expectedGradient, forwardSteps: 12);
        float[] actual = Run(separable, SimdSupport.Best, out float[] actualGradient, forwardSteps: 12);
        AssertClose(expected, actual);
        AssertClose(expectedGradient, actualGradient);
        Assert.NotEqual(whole.E.ToArray(), separable.E.ToArray());

        static void AssertClose(float[] x, float[] y)
        {
            double scale = x.Max(Math.Abs), worst = 0;
            for (int i = 0; i < x.Length; i++)
            {
                worst = Math.Max(worst, Math.Abs(x[i] - y[i]));
            }

            Assert.True(scale > 0);
            Assert.True(worst <= 1e-5 * scale, $"max difference {worst} against max {scale}");
        }
    }

    [Theory]
    [InlineData(2, true)]
    [InlineData(3, true)]
    [InlineData(2, false)]
    public void Coefficients_equal_the_double_precision_formula_rounded_once(int rank, bool damped)
    {
        // The vectorised coefficient loop must give exactly the scalar formula's floats (rows of 37 and 53
        // points leave tails for the scalar loop).
        var grid = rank == 2 ? KernelTestModel.Grid(2, 8, 9, 53) : KernelTestModel.Grid(3, 4, 5, 6, 37);
        var rng = new Random(17);
        var v = new float[grid.InteriorPoints];
        var d = new float[damped ? grid.InteriorPoints : 0];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(1.5 + (3 * rng.NextDouble()));
        }

        for (int i = 0; i < d.Length; i++)
        {
            d[i] = rng.Next(3) == 0 ? 0f : (float)(0.01 * rng.NextDouble());
        }

        double dt = 0.5 * Cfl.StabilityLimit(grid, 4.5);
        using var coefficients = new AcousticCoefficients(grid, v, d, dt);
        var a = new float[grid.InteriorPoints];
        var e = new float[grid.InteriorPoints];
        grid.Gather(coefficients.A, a);
        grid.Gather(coefficients.E, e);
        for (int i = 0; i < v.Length; i++)
        {
            double vi = v[i], di = damped ? d[i] : 0;
            double ai = 1.0 / ((1.0 / (dt * dt) / (vi * vi)) + (di * (0.5 / dt)));
            Assert.Equal((float)ai, a[i]);
            Assert.Equal((float)(ai * di * (1.0 / dt)), e[i]);
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
    [InlineData(2, 8)]
    [InlineData(3, 4)]
    [InlineData(3, 16)]
    public void A_forward_field_in_interior_layout_gives_the_same_gradient_bitwise(int rank, int spaceOrder)
    {
        // The saved-wavefield path reads u(t) in C-order interior layout; field layout is the reference.
        var grid = rank == 2 ? KernelTestModel.Grid(2, spaceOrder, 13, 45) : KernelTestModel.Grid(3, spaceOrder, 7, 9, 37);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 3, seed: 9);
        var rng = new Random(12);
        var interior = new float[grid.InteriorPoints];
        for (int i = 0; i < interior.Length; i++)
        {
            interior[i] = (float)rng.NextDouble() - 0.5f;
        }

        var field = new float[grid.Length];
        grid.Scatter(interior, field);
        foreach (var (width, pairs) in KernelTestModel.WidthsAndPairs())
        {
            var expected = Adjoint(coefficients, width, pairs, (p, a, b, g) => p.AdjointStep(a, b, field, g));
            var actual = Adjoint(coefficients, width, pairs, (p, a, b, g) => p.AdjointStepWithInteriorForward(a, b, interior, g));
            Assert.Equal(expected, actual);
        }

        var prop = new AcousticPropagator(coefficients);
        var ex = Assert.Throws<ArgumentException>(() => prop.AdjointStepWithInteriorForward(new float[grid.Length], new float[grid.Length], field, new float[grid.Length]));
        Assert.Equal("forwardInterior", ex.ParamName);
    }

    private static float[] Adjoint(AcousticCoefficients coefficients, SimdWidth width, bool pairs, Action<AcousticPropagator, float[], float[], float[]> step)
    {
        var grid = coefficients.Grid;
        var prop = new AcousticPropagator(coefficients) { MaxWidth = width, UsePairs = pairs };
        var rng = new Random(13);
        var a = new float[grid.Length];
        var b = new float[grid.Length];
        var gradient = new float[grid.Length];
        KernelTestModel.Randomize(grid, a, rng);
        KernelTestModel.Randomize(grid, b, rng);
        for (int n = 0; n < 3; n++)
        {
            step(prop, a, b, gradient);
            (a, b) = (b, a);
        }

        return [.. gradient, .. a, .. b];
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
        int forwardSteps = 4, int adjointSteps = 3, Action<AcousticPropagator>? tuned = null, bool formDamping = true)
    {
        var grid = coefficients.Grid;
        // Three outer indices per claim: a plane (row) pair and a single one in every claim, and the converging
        // workers meet at a different index from call to call.
        var prop = new AcousticPropagator(coefficients, pool, blockY) { UsePairs = pairs, ClaimChunk = 3, FormDampingInKernels = formDamping };
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
