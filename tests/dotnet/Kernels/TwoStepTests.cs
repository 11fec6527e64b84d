using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

/// <summary>
/// Two time steps in one sweep (temporal blocking) against the plain sequence of single steps with the
/// injection between them: bitwise equal for every width, with and without row pairs, for one to five workers
/// (pairs sweeping a segment from both ends, one outer index per claim so that they meet anywhere from call to call,
/// and a worker alone), segments of fewer rows (2D) or planes (3D) than the stencil radius, and in 3D for y-blocks
/// with injected points on their edges, narrower than the radius, and not dividing ny.
/// </summary>
public class TwoStepTests
{
    public static TheoryData<int, int, int, int, int> Cases()
    {
        // rank, space order, outer-axis points, workers, y-block rows (3D)
        var data = new TheoryData<int, int, int, int, int>();
        foreach (int so in new[] { 2, 4, 8, 12, 16 })
        {
            data.Add(2, so, 23, 2, 16);
        }

        data.Add(2, 8, 23, 1, 16);
        data.Add(2, 8, 23, 3, 16);
        data.Add(2, 16, 13, 4, 16);   // segments of 6 and 7 rows, radius 8: no second-step row before the barrier
        data.Add(2, 4, 40, 5, 16);
        data.Add(3, 2, 9, 2, 3);
        data.Add(3, 4, 12, 3, 3);     // points on the y-block edges (rows 2|3, 5|6)
        data.Add(3, 4, 9, 2, 4);      // the last block is shorter
        data.Add(3, 8, 11, 2, 16);    // one block
        data.Add(3, 8, 11, 1, 2);     // blocks narrower than the radius
        data.Add(3, 12, 14, 1, 6);
        data.Add(3, 4, 14, 4, 3);     // two segments of converging workers
        data.Add(3, 8, 13, 5, 4);     // and one worker alone
        data.Add(3, 16, 10, 2, 4);    // 10 planes, radius 8: the two sweeps meet within the radius of both ends
        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_forward_steps_in_one_sweep_equal_two_single_steps_bitwise(int rank, int spaceOrder, int n0, int workers, int blockY)
    {
        var grid = Grid(rank, spaceOrder, n0);
        using var pool = new WorkerPool(workers);
        foreach (bool separable in new[] { false, true })
        {
            using var coefficients = KernelTestModel.Coefficients(grid, layer: 3, seed: 5, separable: separable);
            var source = Sources(coefficients);
            foreach (var (width, pairs) in KernelTestModel.WidthsAndPairs())
            {
                var reference = Forward(coefficients, pool, width, pairs, source, fused: false, blockY: blockY);
                var fused = Forward(coefficients, pool, width, pairs, source, fused: true, blockY: blockY);
                Assert.Equal(reference, fused);
            }
        }
    }

    [Theory]
    [InlineData(2, 8, 23, 2, 45, 16)]
    [InlineData(2, 16, 13, 4, 45, 16)]
    [InlineData(2, 4, 40, 5, 45, 16)]
    [InlineData(2, 8, 11, 2, 301, 16)]   // rows long enough for the non-temporal stores
    [InlineData(3, 4, 9, 2, 37, 3)]
    [InlineData(3, 8, 11, 2, 37, 2)]
    [InlineData(3, 4, 12, 2, 101, 16)]
    public void Saved_steps_equal_the_fields_of_single_steps(int rank, int spaceOrder, int n0, int workers, int last, int blockY)
    {
        // StepTwice's saveCurrent/saveFirst: every row of u(t) and u(t+dt), copied inside the sweep.
        var grid = Grid(rank, spaceOrder, n0, last);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 3, seed: 8);
        var source = Sources(coefficients);
        using var pool = new WorkerPool(workers);
        foreach (var (width, pairs) in KernelTestModel.WidthsAndPairs())
        {
            var expected = new float[6][];
            var saved = new float[6][];
            var reference = Forward(coefficients, pool, width, pairs, source, fused: false, saved: expected, blockY: blockY);
            var fused = Forward(coefficients, pool, width, pairs, source, fused: true, saved: saved, blockY: blockY);
            Assert.Equal(reference, fused);
            for (int t = 0; t < saved.Length; t++)
            {
                Assert.Equal(expected[t], saved[t]);
            }
        }
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Two_adjoint_imaging_steps_in_one_sweep_equal_two_single_steps_bitwise(int rank, int spaceOrder, int n0, int workers, int blockY)
    {
        var grid = Grid(rank, spaceOrder, n0);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 3, seed: 6);
        var receivers = Sources(coefficients);
        using var pool = new WorkerPool(workers);
        foreach (var (width, pairs) in KernelTestModel.WidthsAndPairs())
        {
            foreach (bool interior in new[] { false, true })
            {
                var reference = Adjoint(coefficients, pool, width, pairs, receivers, interior, fused: false, blockY);
                var fused = Adjoint(coefficients, pool, width, pairs, receivers, interior, fused: true, blockY);
                Assert.Equal(reference, fused);
            }
        }
    }

    [Fact]
    public void Tuned_two_steps_change_no_result()
    {
        // The two-step tuner switches widths between its first calls.
        var grid = Grid(2, 8, 31);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 3, seed: 7);
        var source = Sources(coefficients);
        var reference = Forward(coefficients, WorkerPool.Shared, SimdWidth.Scalar, pairs: false, source, fused: false, pairsOfSteps: (2 * WidthTuner.Rounds) + 1);
        var tuned = Forward(coefficients, WorkerPool.Shared, null, pairs: true, source, fused: true, pairsOfSteps: (2 * WidthTuner.Rounds) + 1);
        Assert.Equal(reference, tuned);
    }

    [Fact]
    public void Bad_arguments_are_named()
    {
        var grid = Grid(2, 4, 12);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 2, seed: 1);
        var prop = new AcousticPropagator(coefficients);
        var source = Sources(coefficients);
        var a = new float[grid.Length];
        var b = new float[grid.Length];
        var g = new float[grid.Length];
        Assert.Equal("values", Assert.Throws<ArgumentException>(() => prop.StepTwice(a, b, source, new float[source.Count + 1])).ParamName);
        Assert.Equal("current", Assert.Throws<ArgumentException>(() => prop.StepTwice(a, a)).ParamName);
        Assert.Equal("prevNext", Assert.Throws<ArgumentException>(() => prop.StepTwice(new float[3], b)).ParamName);
        Assert.Equal("forwardSecond", Assert.Throws<ArgumentException>(() => prop.AdjointStepTwice(a, b, a, new float[3], g)).ParamName);
        Assert.Equal("forwardFirst", Assert.Throws<ArgumentException>(() => prop.AdjointStepTwiceWithInteriorForward(a, b, a, new float[grid.InteriorPoints], g)).ParamName);
        Assert.Equal("gradient", Assert.Throws<ArgumentException>(() => prop.AdjointStepTwice(a, b, g, g, g)).ParamName);
        var interior = new float[grid.InteriorPoints];
        Assert.Equal("saveFirst", Assert.Throws<ArgumentException>(() => prop.StepTwice(a, b, saveCurrent: interior, saveFirst: new float[5])).ParamName);
        Assert.Equal("saveFirst", Assert.Throws<ArgumentException>(() => prop.StepTwice(a, b, saveCurrent: interior, saveFirst: interior)).ParamName);
        var other = new PointOperator(Grid(2, 4, 13), [10.0, 10.0]);
        Assert.Equal("injection", Assert.Throws<ArgumentException>(() => prop.StepTwice(a, b, other, [1f])).ParamName);
        Assert.Equal("injectionValues", Assert.Throws<ArgumentException>(() => prop.StepTwice(a, b, null, [1f])).ParamName);
    }

    private static GridShape Grid(int rank, int spaceOrder, int n0, int last = 0) =>
        rank == 2 ? KernelTestModel.Grid(2, spaceOrder, n0, last > 0 ? last : 45) : KernelTestModel.Grid(3, spaceOrder, n0, 10, last > 0 ? last : 37);

    // Points on the first and last rows (planes), straddling the middle one (a worker boundary for 2 workers), and a
    // few more; two of them share cells, so some grid points receive several additions whose order matters. In 3D
    // their y also runs from the first row to the last, across y-block edges.
    private static PointOperator Sources(AcousticCoefficients coefficients)
    {
        var grid = coefficients.Grid;
        int rank = grid.Rank;
        double hx = grid.Spacing[0], last = grid.Spacing[rank - 1];
        double xMax = (grid.Shape[0] - 1) * hx;
        double[] xs = [0, 0.3 * hx, (grid.Shape[0] / 2 - 0.5) * hx, (grid.Shape[0] / 2 - 0.4) * hx, (grid.Shape[0] / 3 + 0.25) * hx, xMax];
        double[] ys = [0, 2.5, 2.4, 5.5, 6.5, grid.Shape[1] - 1];
        var c = new double[xs.Length * rank];
        for (int p = 0; p < xs.Length; p++)
        {
            c[p * rank] = xs[p];
            if (rank == 3)
            {
                c[(p * rank) + 1] = ys[p] * grid.Spacing[1];
            }

            c[(p * rank) + rank - 1] = (3 + (5 * p) + 0.4) * last;
        }

        return coefficients.SourceInjection(c);
    }

    private static float[] Values(int count, int step) =>
        [.. Enumerable.Range(0, count).Select(p => (float)Math.Sin((0.7 * step) + p) * 3f)];

    private static AcousticPropagator Propagator(AcousticCoefficients coefficients, WorkerPool pool, SimdWidth? width, bool pairs, int blockY = 16)
    {
        // Forward and Adjoint set the claim size per call (ClaimChunk(step)).
        var prop = new AcousticPropagator(coefficients, pool, blockY) { UsePairs = pairs };
        if (width is { } w)
        {
            prop.MaxWidth = w;
        }

        return prop;
    }

    // One outer index per claim for the first pair of steps (the converging workers of a segment meet anywhere, from
    // call to call), three for the next (a first-step pair, then a single index), and so on.
    private static int ClaimChunk(int step) => step % 4 == 0 ? 1 : 3;

    // saved: null, or one slot per step that receives u(t) in C-order interior layout.
    private static float[] Forward(AcousticCoefficients coefficients, WorkerPool pool, SimdWidth? width, bool pairs, PointOperator source, bool fused, int pairsOfSteps = 3, float[][]? saved = null, int blockY = 16)
    {
        var grid = coefficients.Grid;
        var prop = Propagator(coefficients, pool, width, pairs, blockY);
        var rng = new Random(21);
        var prev = new float[grid.Length];
        var cur = new float[grid.Length];
        KernelTestModel.Randomize(grid, prev, rng);
        KernelTestModel.Randomize(grid, cur, rng);
        for (int t = 0; t < 2 * pairsOfSteps; t += 2)
        {
            prop.ClaimChunk = ClaimChunk(t);
            if (saved is not null)
            {
                saved[t] = new float[grid.InteriorPoints];
                saved[t + 1] = new float[grid.InteriorPoints];
            }

            if (fused)
            {
                prop.StepTwice(prev, cur, source, Values(source.Count, t), saved?[t], saved?[t + 1]);
            }
            else
            {
                if (saved is not null)
                {
                    grid.Gather(cur, saved[t]);
                }

                prop.Step(prev, cur);
                source.Inject(prev, Values(source.Count, t));
                if (saved is not null)
                {
                    grid.Gather(prev, saved[t + 1]);
                }

                prop.Step(cur, prev);
            }

            source.Inject(cur, Values(source.Count, t + 1));
        }

        return [.. prev, .. cur];
    }

    private static float[] Adjoint(AcousticCoefficients coefficients, WorkerPool pool, SimdWidth width, bool pairs, PointOperator receivers, bool interior, bool fused, int blockY)
    {
        var grid = coefficients.Grid;
        var prop = Propagator(coefficients, pool, width, pairs, blockY);
        var rng = new Random(22);
        var w2 = new float[grid.Length];
        var w1 = new float[grid.Length];
        var gradient = new float[grid.Length];
        KernelTestModel.Randomize(grid, w2, rng);
        KernelTestModel.Randomize(grid, w1, rng);
        var forward = new float[4][];
        for (int t = 0; t < forward.Length; t++)
        {
            forward[t] = new float[grid.Length];
            KernelTestModel.Randomize(grid, forward[t], rng);
        }

        var forwardInterior = forward.Select(f =>
        {
            var i = new float[grid.InteriorPoints];
            grid.Gather(f, i);
            return i;
        }).ToArray();
        for (int t = 0; t < forward.Length; t += 2)
        {
            prop.ClaimChunk = ClaimChunk(t);
            if (fused && interior)
            {
                prop.AdjointStepTwiceWithInteriorForward(w2, w1, forwardInterior[t], forwardInterior[t + 1], gradient, receivers, Values(receivers.Count, t));
            }
            else if (fused)
            {
                prop.AdjointStepTwice(w2, w1, forward[t], forward[t + 1], gradient, receivers, Values(receivers.Count, t));
            }
            else
            {
                prop.AdjointStep(w2, w1, forward[t], gradient);
                receivers.Inject(w2, Values(receivers.Count, t));
                prop.AdjointStep(w1, w2, forward[t + 1], gradient);
            }

            receivers.Inject(w1, Values(receivers.Count, t + 1));
        }

        return [.. w2, .. w1, .. gradient];
    }
}
