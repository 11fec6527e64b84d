using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

/// <summary>
/// The adjoint dot-product test on the whole linear map F: source wavelet q -> receiver traces
/// (forward steps with damping, variable velocity, source injection, receiver sampling), and its transpose run
/// with AdjointStep, adjoint receiver injection and adjoint source sampling: &lt;F q, r&gt; = &lt;q, F^T r&gt;.
/// Both sides are computed in float32 and summed in double. The difference is measured against
/// |F q| |r| (the Cauchy-Schwarz scale of the products: the inner product itself can be small through
/// cancellation): bound 1e-6, measured 2e-9..3e-8, i.e. below float32 epsilon (6e-8) after hundreds of steps;
/// plus the plain relative difference below 1e-4 (measured 8e-8..2e-6 with FMA, up to 1.8e-5 without FMA).
/// </summary>
public class AdjointTests
{
    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 4)]
    [InlineData(2, 8)]
    [InlineData(2, 12)]
    [InlineData(2, 16)]
    [InlineData(3, 4)]
    [InlineData(3, 8)]
    [InlineData(3, 16)]
    public void Forward_and_adjoint_pass_the_dot_product_test(int rank, int spaceOrder)
    {
        var grid = rank == 2 ? KernelTestModel.Grid(2, spaceOrder, 41, 47) : KernelTestModel.Grid(3, spaceOrder, 19, 21, 23);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 6, seed: 5);
        int nt = rank == 2 ? 150 : 60;
        var src = coefficients.SourceInjection(KernelTestModel.Coordinates(grid, 1, 0.5, 1));
        var recCoords = KernelTestModel.Coordinates(grid, 9, 0.3, 2);
        var rec = coefficients.ReceiverSampling(recCoords);
        var recAdj = coefficients.AdjointReceiverInjection(recCoords);
        var srcAdj = coefficients.AdjointSourceSampling(KernelTestModel.Coordinates(grid, 1, 0.5, 1));
        var prop = new AcousticPropagator(coefficients);

        var rng = new Random(7);
        var q = new float[nt];
        Ricker.Fill(q, coefficients.Dt, 1.0 / (20 * coefficients.Dt));
        for (int n = 0; n < nt; n++)
        {
            q[n] += (float)(0.1 * (rng.NextDouble() - 0.5));
        }

        var r = new float[nt * rec.Count];
        for (int i = 0; i < r.Length; i++)
        {
            r[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        // Forward: rec[n] = P u(n); u(n+1) = step(u(n), u(n-1)) + S q(n).
        var traces = new float[nt * rec.Count];
        var prev = new float[grid.Length];
        var cur = new float[grid.Length];
        for (int n = 0; n < nt; n++)
        {
            rec.Sample(cur, traces.AsSpan(n * rec.Count, rec.Count));
            prop.Step(prev, cur);
            src.Inject(prev, q.AsSpan(n, 1));
            (prev, cur) = (cur, prev);
        }

        // Adjoint (w = a lambda): qhat[n] = S^T w(n+1)/a; w(n) = step(w(n+1), w(n+2)) + a P^T r(n).
        var qhat = new float[nt];
        var next2 = new float[grid.Length];
        var next1 = new float[grid.Length];
        for (int n = nt - 1; n >= 0; n--)
        {
            srcAdj.Sample(next1, qhat.AsSpan(n, 1));
            prop.AdjointStep(next2, next1);
            recAdj.Inject(next2, r.AsSpan(n * rec.Count, rec.Count));
            (next2, next1) = (next1, next2);
        }

        double lhs = Dot(traces, r), rhs = Dot(q, qhat);
        Assert.True(Math.Abs(lhs) > 1e-6, $"degenerate test: <Fq, r> = {lhs}");
        double rel = Math.Abs(lhs - rhs) / Math.Max(Math.Abs(lhs), Math.Abs(rhs));
        double scaled = Math.Abs(lhs - rhs) / Math.Sqrt(Dot(traces, traces) * Dot(r, r));
        Assert.True(scaled < 1e-6 && rel < 1e-4, $"<Fq,r> = {lhs:R}, <q,F'r> = {rhs:R}, relative difference {rel:E2}, scaled {scaled:E2}");
    }

    [Fact]
    public void Point_injection_and_sampling_are_transposes()
    {
        foreach (int rank in new[] { 2, 3 })
        {
            var grid = rank == 2 ? KernelTestModel.Grid(2, 4, 30, 31) : KernelTestModel.Grid(3, 4, 12, 13, 14);
            using var coefficients = KernelTestModel.Coefficients(grid, layer: 4, seed: 2);
            var coords = KernelTestModel.Coordinates(grid, 5, 0.2, 3);
            var rng = new Random(rank);
            var field = new float[grid.Length];
            KernelTestModel.Randomize(grid, field, rng);
            var values = Enumerable.Range(0, 5).Select(_ => (float)rng.NextDouble()).ToArray();
            foreach (var op in new[] { coefficients.ReceiverSampling(coords), coefficients.SourceInjection(coords), coefficients.AdjointReceiverInjection(coords) })
            {
                var sampled = new float[5];
                op.Sample(field, sampled);
                var injected = new float[grid.Length];
                op.Inject(injected, values);
                double lhs = Dot(sampled, values), rhs = Dot(field, injected);
                Assert.True(Math.Abs(lhs - rhs) <= 1e-6 * Math.Abs(lhs), $"{lhs} vs {rhs}");
            }
        }
    }

    [Fact]
    public void Interpolation_is_exact_for_linear_fields()
    {
        var grid = KernelTestModel.Grid(3, 8, 10, 11, 12);
        var field = new float[grid.Length];
        for (int x = 0; x < 10; x++)
        {
            for (int y = 0; y < 11; y++)
            {
                for (int z = 0; z < 12; z++)
                {
                    field[grid.Index(x, y, z)] = (float)((x * grid.Spacing[0]) + (2 * y * grid.Spacing[1]) - (z * grid.Spacing[2]));
                }
            }
        }

        double[] coords = [12.5, 33.3, 40.1, 90.0, 110.0 - 1e-9, 0.0];
        var op = new PointOperator(grid, coords);
        var values = new float[2];
        op.Sample(field, values);
        Assert.Equal(12.5 + 66.6 - 40.1, values[0], 3);
        Assert.Equal(90.0 + 220.0, values[1], 3);
        Assert.Throws<ArgumentOutOfRangeException>(() => new PointOperator(grid, [-1.0, 0, 0]));
    }

    [Fact]
    public void Fused_imaging_condition_matches_its_definition()
    {
        var grid = KernelTestModel.Grid(2, 4, 20, 40);
        using var coefficients = KernelTestModel.Coefficients(grid, layer: 3, seed: 9);
        var prop = new AcousticPropagator(coefficients);
        var rng = new Random(4);
        var a = new float[grid.Length];
        var b = new float[grid.Length];
        var u = new float[grid.Length];
        var g = new float[grid.Length];
        KernelTestModel.Randomize(grid, a, rng);
        KernelTestModel.Randomize(grid, b, rng);
        KernelTestModel.Randomize(grid, u, rng);
        KernelTestModel.Randomize(grid, g, rng);
        float[] old = [.. a], g0 = [.. g];
        prop.AdjointStep(a, b, u, g);
        double dt2 = coefficients.Dt * coefficients.Dt;
        for (int x = 0; x < 20; x++)
        {
            for (int y = 0; y < 40; y++)
            {
                int i = grid.Index(x, y);
                double expected = g0[i] - (u[i] * ((double)a[i] - (2.0 * b[i]) + old[i]) / dt2);
                Assert.True(Math.Abs(g[i] - expected) <= 1e-4 * (1 + Math.Abs(expected)), $"{g[i]} vs {expected}");
            }
        }
    }

    private static double Dot(ReadOnlySpan<float> x, ReadOnlySpan<float> y)
    {
        double s = 0;
        for (int i = 0; i < x.Length; i++)
        {
            s += (double)x[i] * y[i];
        }

        return s;
    }
}
