using PyRevolveNet.Compression;
using PyRevolveNet.Schedules;
using PyRevolveNet.Seismic;
using Xunit.Abstractions;

namespace PyRevolveNet.Tests.Seismic;

/// <summary>The solver's gradient: checkpointed runs equal the stored-wavefield reference bit for bit; Taylor test.</summary>
public sealed class SolverGradientTests(ITestOutputHelper output)
{
    private static readonly Lazy<(AcousticSolver Solver, float[] Observed, float[] Reference, GradientResult Result)> s_case = new(() =>
    {
        var solver = Solver(out var observed);
        var grad = new float[solver.Model.Grid.InteriorPoints];
        var result = solver.Gradient(observed, grad, GradientOptions.StoreAll);
        return (solver, observed, grad, result);
    });

    public static TheoryData<string> Cases => ["revolve-3", "revolve-10", "revolve-adjust", "revolve-all", "budget-5.5", "hrevolve-2-3", "multistage-2-4", "mixed-6"];

    [Theory]
    [MemberData(nameof(Cases))]
    public void Checkpointed_gradient_equals_the_stored_one_bit_for_bit(string name)
    {
        var (solver, observed, reference, stored) = s_case.Value;
        int nt = solver.Nt;
        long ckp = 2L * solver.Model.Grid.Length * sizeof(float);
        var options = name switch
        {
            "revolve-3" => GradientOptions.Revolve(3),
            "revolve-10" => GradientOptions.Revolve(10),
            "revolve-adjust" => GradientOptions.Revolve(null),
            "revolve-all" => GradientOptions.Revolve(nt),
            "budget-5.5" => GradientOptions.Budget((long)(5.5 * ckp)),
            "hrevolve-2-3" => GradientOptions.FromSchedule(() => new HRevolve(nt, 2, 3)),
            "multistage-2-4" => GradientOptions.FromSchedule(() => new MultistageCheckpointSchedule(nt, 2, 4)),
            "mixed-6" => GradientOptions.FromSchedule(() => new MixedCheckpointSchedule(nt, 6, StorageType.Ram)),
            _ => throw new ArgumentException(name),
        };
        var grad = new float[reference.Length];
        var result = solver.Gradient(observed, grad, options);
        Assert.Equal(BitConverter.DoubleToInt64Bits(stored.Misfit), BitConverter.DoubleToInt64Bits(result.Misfit));
        Assert.True(result.ForwardSteps > nt || name == "revolve-all", $"{name}: {result.ForwardSteps} forward steps");
        for (int i = 0; i < grad.Length; i++)
        {
            if (BitConverter.SingleToInt32Bits(grad[i]) != BitConverter.SingleToInt32Bits(reference[i]))
            {
                Assert.Fail($"{name}: gradient differs at {i}: {grad[i]:R} vs {reference[i]:R}");
            }
        }

        Assert.Contains(reference, g => g != 0);
        if (name is "revolve-3" or "revolve-10" or "budget-5.5")
        {
            // Deferred re-runs: the kernels run Revolve's numforw (+1, the first sweep's last step), not numforw + nt.
            Assert.Equal(ClassicRevolve.NumForw(nt, (int)result.Checkpoints) + 1, result.ForwardSteps);
            Assert.True(result.Revolver.ForwardSteps > result.ForwardSteps);
        }

        if (name == "budget-5.5")
        {
            Assert.Equal(5, result.Checkpoints);
            Assert.True(result.PeakStorageBytes <= (long)(5.5 * ckp));
        }
    }

    [Fact]
    public void Gradient_passes_the_Taylor_test()
    {
        var (solver, observed, gradient, _) = s_case.Value;
        var grid = solver.Model.Grid;
        var m0 = solver.Model.Velocity.ToArray().Select(v => 1.0 / ((double)v * v)).ToArray();

        // dm: a smooth bump around the anomaly, zero near the layer.
        var dm = new double[m0.Length];
        int fx = grid.Shape[0], fz = grid.Shape[1], nbl = solver.Model.Nbl;
        for (int x = 0; x < fx; x++)
        {
            for (int z = 0; z < fz; z++)
            {
                double d2 = (Math.Pow(x - nbl - 30, 2) + Math.Pow(z - nbl - 28, 2)) / 64.0;
                dm[(x * fz) + z] = 0.05 * Math.Exp(-d2) * m0[(x * fz) + z];
            }
        }

        double J0 = Misfit(solver, observed, m0, dm, 0);
        double gdm = 0;
        for (int i = 0; i < dm.Length; i++)
        {
            gdm += gradient[i] * dm[i];
        }

        var e1 = new List<double>();
        var e2 = new List<double>();
        for (int k = 0; k < 5; k++)
        {
            double h = Math.Pow(0.5, k);
            double J = Misfit(solver, observed, m0, dm, h);
            e1.Add(Math.Abs(J - J0));
            e2.Add(Math.Abs(J - J0 - (h * gdm)));
        }

        var r1 = Enumerable.Range(0, 4).Select(i => Math.Log2(e1[i] / e1[i + 1])).ToArray();
        var r2 = Enumerable.Range(0, 4).Select(i => Math.Log2(e2[i] / e2[i + 1])).ToArray();
        var text = $"orders first {string.Join(", ", r1.Select(r => r.ToString("F2")))}; second {string.Join(", ", r2.Select(r => r.ToString("F2")))}";
        output.WriteLine(text);
        Assert.True(r1.All(r => Math.Abs(r - 1) < 0.1), text);
        Assert.True(r2.All(r => Math.Abs(r - 2) < 0.2), text);
    }

    [Fact]
    public void Forward_and_adjoint_pass_the_dot_product_test()
    {
        var (solver, _, _, _) = s_case.Value;
        AssertDotProductTest(solver, 3);
    }

    /// <summary>&lt;F q, r&gt; = &lt;q, F^T r&gt; for the geometry's wavelet q and a random record r.</summary>
    private void AssertDotProductTest(AcousticSolver solver, int seed)
    {
        var d = new float[solver.ReceiverDataLength];
        solver.Forward(d);
        var rng = new Random(seed);
        var r = d.Select(_ => (float)((2 * rng.NextDouble()) - 1)).ToArray();
        var srca = new float[solver.Nt * solver.Geometry.SourceCount];
        solver.Adjoint(r, srca);
        double lhs = 0, rhs = 0, nd = 0, nr = 0;
        for (int i = 0; i < d.Length; i++)
        {
            lhs += (double)d[i] * r[i];
            nd += (double)d[i] * d[i];
            nr += (double)r[i] * r[i];
        }

        for (int t = 0; t < solver.Nt; t++)
        {
            rhs += solver.Geometry.Wavelet[t] * (double)srca[t];
        }

        output.WriteLine($"dot test, {solver.Model.Grid.Rank}D, nt {solver.Nt}: <Fq,r> = {lhs:R}, <q,F'r> = {rhs:R}");
        Assert.True(Math.Abs(lhs - rhs) / (Math.Sqrt(nd) * Math.Sqrt(nr)) < 1e-6, $"<Fq,r> = {lhs}, <q,F'r> = {rhs}");
        Assert.True(Math.Abs(lhs - rhs) / Math.Abs(lhs) < 1e-4, $"<Fq,r> = {lhs}, <q,F'r> = {rhs}");
    }

    [Fact]
    public void Three_dimensional_gradient_checkpoints_exactly_and_passes_the_dot_product_test()
    {
        int[] shape = [25, 22, 23];
        var v = new float[shape[0] * shape[1] * shape[2]];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = i % shape[2] < 11 ? 1.5f : 2.2f;
        }

        var rec = new double[3 * 12];
        for (int i = 0; i < 12; i++)
        {
            rec[3 * i] = 20.0 * i;
            rec[(3 * i) + 1] = 105.0;
            rec[(3 * i) + 2] = 20.0;
        }

        AcousticSolver Make(float[] vp, double? dt) => new(new AcquisitionGeometry(
            new SeismicModel(vp, shape, [10.0, 10.0, 10.0], [0.0, 0.0, 0.0], 8, 6), rec, [120.0, 105.0, 20.0], 0.0, 250.0, 0.02, dt));
        using var solver = Make(v.Select(x => x * 1.04f).ToArray(), null);
        float[] observed;
        using (var truth = Make(v, solver.Geometry.Dt))
        {
            observed = new float[truth.ReceiverDataLength];
            truth.Forward(observed);
        }

        var reference = new float[solver.Model.Grid.InteriorPoints];
        var stored = solver.Gradient(observed, reference, GradientOptions.StoreAll);
        Assert.Contains(reference, g => g != 0);
        foreach (var options in new[] { GradientOptions.Revolve(4), GradientOptions.FromSchedule(() => new HRevolve(solver.Nt, 2, 3)) })
        {
            var grad = new float[reference.Length];
            var result = solver.Gradient(observed, grad, options);
            Assert.True(result.ForwardSteps > solver.Nt, $"{options.Mode}: {result.ForwardSteps} forward steps");
            Assert.Equal(BitConverter.DoubleToInt64Bits(stored.Misfit), BitConverter.DoubleToInt64Bits(result.Misfit));
            Assert.True(grad.AsSpan().SequenceEqual(reference), $"{options.Mode}: the 3D gradient differs from the stored-wavefield one");
        }

        AssertDotProductTest(solver, 9);
    }

    [Fact]
    public void Stored_wavefield_from_forward_gives_the_same_gradient()
    {
        var (solver, observed, reference, _) = s_case.Value;
        var d = new float[solver.ReceiverDataLength];
        var u = new InteriorWavefield(solver.Model.Grid, solver.Nt);
        solver.Forward(d, u);
        var residual = d.Zip(observed, (a, b) => a - b).ToArray();
        var grad = new float[reference.Length];
        solver.Gradient(residual, grad, GradientOptions.StoreAll, dataIsResidual: true, wavefield: u);
        Assert.Equal(reference, grad);
    }

    public static TheoryData<string, bool> CompressedCases => new()
    {
        { "lossless", false }, { "lossless", true }, { "noop", true },
        { "bounded", false }, { "bounded", true }, { "bitcomp", true }, { "cvxcompress", true },
    };

    [Theory]
    [MemberData(nameof(CompressedCases))]
    public void Compressed_gradients_are_exact_when_lossless_and_close_when_lossy(string codecName, bool checkpointed)
    {
        var (solver, observed, reference, _) = s_case.Value;
        var codec = codecName switch
        {
            "bounded" => (ICheckpointCodec)new BoundedCodec(relTolerance: 1e-3),
            "bitcomp" => new BitcompCodec(16),
            "cvxcompress" => new CvxCompressCodec(1e-3),
            _ => CodecFactory.Create(CodecFactory.IdOf(codecName), null),
        };
        var options = (checkpointed ? GradientOptions.Revolve(4) : GradientOptions.StoreAll) with { Codec = codec };
        var grad = new float[reference.Length];
        var result = solver.Gradient(observed, grad, options);
        double diff = 0, norm = 0;
        for (int i = 0; i < grad.Length; i++)
        {
            diff += Math.Pow(grad[i] - (double)reference[i], 2);
            norm += Math.Pow(reference[i], 2);
        }

        double rel = Math.Sqrt(diff / norm);
        output.WriteLine($"{codecName} checkpointed={checkpointed}: relative error {rel:E2}, ratio {result.CompressionRatio:F1}");
        if (codecName is "lossless" or "noop")
        {
            Assert.Equal(0, rel);
        }
        else
        {
            // Per-value errors ~1e-3 (bounded, cvxcompress) or ~1.5e-5 (bitcomp 16) of max|u| move the gradient by less.
            Assert.InRange(rel, 1e-9, codecName == "bitcomp" ? 1e-3 : 1e-2);
            Assert.True(result.CompressionRatio > 1.5, $"ratio {result.CompressionRatio}");
        }

        Assert.Equal(checkpointed ? ClassicRevolve.NumForw(solver.Nt, 4) + 1 : solver.Nt, result.ForwardSteps);
    }

    [Fact]
    public void A_compressed_budget_holds_more_checkpoints_and_recomputes_less()
    {
        var (solver, observed, reference, _) = s_case.Value;
        long ckp = 2L * solver.Model.Grid.Length * sizeof(float);
        var plain = solver.Gradient(observed, new float[reference.Length], GradientOptions.Budget(4 * ckp));
        var options = GradientOptions.Budget(4 * ckp) with { Codec = new BoundedCodec(relTolerance: 1e-3), ExpectedRatio = 4 };
        var compressed = solver.Gradient(observed, new float[reference.Length], options);
        output.WriteLine($"plain: {plain.Checkpoints} checkpoints, {plain.ForwardSteps} steps; compressed: {compressed.Checkpoints}, {compressed.ForwardSteps}, ratio {compressed.CompressionRatio:F1}");
        Assert.Equal(4, plain.Checkpoints);
        Assert.True(compressed.Checkpoints >= 14, $"{compressed.Checkpoints} checkpoints");
        Assert.True(compressed.ForwardSteps < plain.ForwardSteps);
        Assert.True(compressed.PeakStorageBytes <= 4 * ckp);
        Assert.Equal(0, compressed.Revolver.Ram.OverBudgetSaves);
    }

    [Fact]
    public void A_compressed_saved_wavefield_decompresses_within_the_codec_bound()
    {
        var (solver, observed, reference, _) = s_case.Value;
        var grid = solver.Model.Grid;
        var exact = new InteriorWavefield(grid, solver.Nt);
        using var compressed = new CompressedWavefield(grid, solver.Nt, new BoundedCodec(tolerance: 1e-4));
        solver.Forward(new float[solver.ReceiverDataLength], exact);
        var rec = new float[solver.ReceiverDataLength];
        solver.Forward(rec, compressed);
        var step = new float[grid.InteriorPoints];
        foreach (var t in new[] { 0, solver.Nt / 2, solver.Nt - 1 })
        {
            compressed.Decompress(t, step);
            Assert.True(exact.At(t).ToArray().Zip(step).Max(p => Math.Abs(p.First - p.Second)) <= 1e-4);
        }

        Assert.True(compressed.RawBytes > 3 * compressed.CompressedBytes);
        var residual = rec.Zip(observed, (a, b) => a - b).ToArray();
        var fromCompressed = new float[reference.Length];
        solver.Gradient(residual, fromCompressed, GradientOptions.StoreAll, dataIsResidual: true, wavefield: compressed);
        var fromExact = new float[reference.Length];
        solver.Gradient(residual, fromExact, GradientOptions.StoreAll, dataIsResidual: true, wavefield: exact);
        double rel = Math.Sqrt(fromCompressed.Zip(fromExact).Sum(p => Math.Pow(p.First - p.Second, 2)) / fromExact.Sum(v => (double)v * v));
        Assert.InRange(rel, 1e-12, 1e-3);
        Assert.Throws<ArgumentOutOfRangeException>(() => compressed.Decompress(solver.Nt, step));
    }

    [Fact]
    public void Bad_input_names_the_parameter()
    {
        var (solver, observed, reference, _) = s_case.Value;
        var e = Assert.Throws<ArgumentException>(() => solver.Gradient(observed.AsSpan(1), new float[reference.Length], GradientOptions.StoreAll));
        Assert.Equal("d_obs", e.ParamName);
        e = Assert.Throws<ArgumentException>(() => solver.Gradient(observed, new float[reference.Length], GradientOptions.Budget(10)));
        Assert.Contains("memory_budget", e.Message, StringComparison.Ordinal);
        var model = SeismicTestModel.Model(SeismicTestModel.Velocity(false));
        e = Assert.Throws<ArgumentException>(() => new AcquisitionGeometry(model, [0.0, 0.0], [9999.0, 20.0], 0, 100, 0.01));
        Assert.Equal("src_positions", e.ParamName);
    }

    private static AcousticSolver Solver(out float[] observed)
    {
        var trueModel = SeismicTestModel.Model(SeismicTestModel.Velocity(true));
        using var truth = new AcousticSolver(SeismicTestModel.Geometry(trueModel));
        observed = new float[truth.ReceiverDataLength];
        truth.Forward(observed);
        var start = SeismicTestModel.Model(SeismicTestModel.Velocity(false));
        return new AcousticSolver(SeismicTestModel.Geometry(start));
    }

    private static double Misfit(AcousticSolver solver, float[] observed, double[] m0, double[] dm, double h)
    {
        var v = new float[m0.Length];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(1.0 / Math.Sqrt(m0[i] + (h * dm[i])));
        }

        var d = new float[observed.Length];
        solver.Forward(d, null, v);
        double j = 0;
        for (int i = 0; i < d.Length; i++)
        {
            float r = d[i] - observed[i];
            j += (double)r * r;
        }

        return 0.5 * j;
    }
}
