using System.Diagnostics;
using PyRevolveNet.Execution;
using PyRevolveNet.Kernels;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Seismic;

/// <summary>
/// Devito's <c>AcousticWaveSolver</c> over the C# kernels: forward modelling (receiver data, optionally every
/// wavefield), the adjoint (receiver data injected backwards) and the gradient of 0.5 ||d_pred - d_obs||^2 with
/// respect to the squared slowness m, with the forward wavefield stored or recomputed from checkpoints by the
/// Revolver engine. No callback per time step: the operators are C#.
/// </summary>
public sealed class AcousticSolver : IDisposable
{
    private readonly SolverKernels _kernels;

    public AcousticSolver(AcquisitionGeometry geometry)
    {
        ArgumentNullException.ThrowIfNull(geometry);
        Geometry = geometry;
        _kernels = new SolverKernels(geometry, geometry.Model.Velocity);
    }

    public AcquisitionGeometry Geometry { get; }

    public SeismicModel Model => Geometry.Model;

    public int Nt => Geometry.Nt;

    /// <summary>Floats of receiver data (nt x nrec).</summary>
    public long ReceiverDataLength => (long)Nt * Geometry.ReceiverCount;

    /// <summary>
    /// Forward modelling: rec(t) = P u(t) for t = 0..nt-1 into <paramref name="receivers"/> (nt x nrec);
    /// u(t) into <paramref name="wavefield"/> when given. <paramref name="velocity"/>: another velocity on the
    /// computational grid (Devito's <c>forward(vp=...)</c>), empty for the model's.
    /// </summary>
    public void Forward(Span<float> receivers, IWavefield? wavefield = null, ReadOnlySpan<float> velocity = default)
    {
        CheckLength(receivers.Length, ReceiverDataLength, "rec");
        using var owned = velocity.IsEmpty ? null : Kernels(velocity);
        var k = owned ?? _kernels;
        using var prev = new FieldBuffer(k.Grid);
        using var cur = new FieldBuffer(k.Grid);
        ForwardLoop(k, prev, cur, receivers, wavefield);
    }

    /// <summary>
    /// Adjoint modelling: the receiver data <paramref name="receivers"/> (nt x nrec) injected backwards; the
    /// adjoint source record (nt x nsrc) into <paramref name="sourceRecord"/>; the adjoint field w(0) into
    /// <paramref name="finalField"/> (C-order interior) when not empty.
    /// </summary>
    public void Adjoint(ReadOnlySpan<float> receivers, Span<float> sourceRecord, Span<float> finalField = default, ReadOnlySpan<float> velocity = default)
    {
        CheckLength(receivers.Length, ReceiverDataLength, "rec");
        CheckLength(sourceRecord.Length, (long)Nt * Geometry.SourceCount, "srca");
        if (!finalField.IsEmpty)
        {
            CheckLength(finalField.Length, Model.Grid.InteriorPoints, "v");
        }

        using var owned = velocity.IsEmpty ? null : Kernels(velocity);
        var k = owned ?? _kernels;
        using var b1 = new FieldBuffer(k.Grid);
        using var b2 = new FieldBuffer(k.Grid);
        FieldBuffer next = b1, next2 = b2;
        int nrec = Geometry.ReceiverCount, nsrc = Geometry.SourceCount;
        for (int t = Nt - 1; t >= 0;)
        {
            k.AdjointSource.Sample(next.Span, sourceRecord.Slice(t * nsrc, nsrc));
            if (t >= 1)
            {
                // w(t) and w(t-1) in one sweep (the adjoint step is the forward kernel); w(t) stays in next2,
                // so the buffers keep their roles.
                k.Propagator.StepTwice(next2.Span, next.Span, k.AdjointReceivers, receivers.Slice(t * nrec, nrec));
                k.AdjointReceivers.Inject(next.Span, receivers.Slice((t - 1) * nrec, nrec));
                k.AdjointSource.Sample(next2.Span, sourceRecord.Slice((t - 1) * nsrc, nsrc));
                t -= 2;
                continue;
            }

            k.Propagator.AdjointStep(next2.Span, next.Span);
            k.AdjointReceivers.Inject(next2.Span, receivers.Slice(t * nrec, nrec));
            (next, next2) = (next2, next);
            t--;
        }

        if (!finalField.IsEmpty)
        {
            k.Grid.Gather(next.Span, finalField);
        }
    }

    /// <summary>
    /// Gradient of 0.5 ||d_pred - d_obs||^2 w.r.t. m (C-order, computational grid) into
    /// <paramref name="gradient"/>. <paramref name="data"/> is d_obs, or with <paramref name="dataIsResidual"/>
    /// the residual itself (Devito's <c>jacobian_adjoint</c>; misfit reported 0). With
    /// <paramref name="wavefield"/> the forward is not run: u(t) is read from it (store-all only).
    /// </summary>
    public GradientResult Gradient(ReadOnlySpan<float> data, Span<float> gradient, GradientOptions options, bool dataIsResidual = false, ReadOnlySpan<float> velocity = default, IWavefield? wavefield = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        CheckLength(data.Length, ReceiverDataLength, dataIsResidual ? "rec_residual" : "d_obs");
        CheckLength(gradient.Length, Model.Grid.InteriorPoints, "grad");
        if (wavefield is not null && (options.Mode != CheckpointingMode.StoreAll || !dataIsResidual))
        {
            throw new ArgumentException("a given wavefield u needs a residual and no checkpointing", nameof(wavefield));
        }

        using var owned = velocity.IsEmpty ? null : Kernels(velocity);
        var k = owned ?? _kernels;
        var storeAll = options.Mode == CheckpointingMode.StoreAll;
        using var compressed = storeAll && wavefield is null && options.Codec is { } codec ? new CompressedWavefield(k.Grid, Nt, codec) : null;
        using var run = new GradientRun(k, Nt, storeAll && compressed is null, wavefield ?? compressed, compressed is not null, options.Codec is not null);
        var residual = new float[ReceiverDataLength];
        var t0 = Stopwatch.GetTimestamp();
        double misfit = 0;
        if (storeAll)
        {
            if (wavefield is null)
            {
                run.Advance(0, Nt);
            }

            var t1 = Stopwatch.GetTimestamp();
            misfit = Residual(run, data, dataIsResidual, residual);
            run.ReverseAll();
            var t2 = Stopwatch.GetTimestamp();
            run.GatherGradient(gradient);
            return new GradientResult
            {
                Misfit = misfit,
                Steps = Nt,
                ForwardSteps = wavefield is null ? Nt : 0,
                ReverseSteps = Nt,
                Checkpoints = Nt,
                CheckpointBytes = run.CheckpointBytes,
                PeakStorageBytes = compressed?.CompressedBytes ?? run.StoredBytes,
                CompressionRatio = compressed is null ? 1 : (double)compressed.RawBytes / compressed.CompressedBytes,
                PredictedForwardSteps = Nt,
                ForwardSeconds = Seconds(t1 - t0),
                ReverseSeconds = Seconds(t2 - t1),
                TotalSeconds = Seconds(t2 - t0),
            };
        }

        using var revolver = CreateRevolver(run, options);
        revolver.ApplyForward();
        var tf = Stopwatch.GetTimestamp();
        misfit = Residual(run, data, dataIsResidual, residual);
        revolver.ApplyReverse();
        var tr = Stopwatch.GetTimestamp();
        run.GatherGradient(gradient);
        var s = revolver.Summary;
        return new GradientResult
        {
            Misfit = misfit,
            Steps = Nt,
            ForwardSteps = run.KernelSteps,
            ReverseSteps = s.ReverseSteps,
            Checkpoints = revolver is ClassicRevolver c ? c.NCheckpoints : s.Predicted.PeakRamCheckpoints + s.Predicted.PeakDiskCheckpoints,
            CheckpointBytes = run.CheckpointBytes,
            PeakStorageBytes = s.Ram.PeakBytes + s.Disk.PeakBytes + s.Work.PeakBytes,
            CompressionRatio = Ratio(s, run.CheckpointBytes),
            PredictedForwardSteps = s.Predicted.ScheduleForwardSteps,
            ForwardSeconds = Seconds(tf - t0),
            ReverseSeconds = Seconds(tr - tf),
            TotalSeconds = Seconds(tr - t0),
            Revolver = s,
        };
    }

    /// <summary>
    /// Checkpoints of both time levels that fit <paramref name="budgetBytes"/> (for the memory-budget mode), at
    /// the planned compressed size when <paramref name="options"/> has a codec.
    /// </summary>
    public int CheckpointsFor(long budgetBytes, GradientOptions? options = null) =>
        StorageBudget.SlotsFor(budgetBytes, 2L * Model.Grid.Length * sizeof(float), CheckpointCodec(options));

    public void Dispose() => _kernels.Dispose();

    internal static void ForwardLoop(SolverKernels k, FieldBuffer prev, FieldBuffer cur, Span<float> receivers, IWavefield? wavefield)
    {
        int nrec = k.Receivers.Count, nt = k.SourceValues.Length / k.Source.Count;
        for (int t = 0; t < nt;)
        {
            k.Receivers.Sample(cur.Span, receivers.Slice(t * nrec, nrec));
            if (t + 1 < nt)
            {
                // Two steps in one sweep: u(t+1) stays in prev (sampled now), u(t+2) in cur.
                k.StepTwice(prev, cur, t, wavefield);
                k.Receivers.Sample(prev.Span, receivers.Slice((t + 1) * nrec, nrec));
                t += 2;
                continue;
            }

            k.Step(prev, cur, t, wavefield);
            (prev, cur) = (cur, prev);
            t++;
        }
    }

    private Revolver CreateRevolver(GradientRun run, GradientOptions options)
    {
        switch (options.Mode)
        {
            case CheckpointingMode.Revolve:
                if (options.Checkpoints is < 1)
                {
                    throw new ArgumentException($"n_checkpoints must be at least 1, got {options.Checkpoints}", nameof(options));
                }

                return new ClassicRevolver(run, run, run, options.Checkpoints is { } n ? Math.Min(n, Nt) : null, Nt, new StorageOptions { Codec = CheckpointCodec(options) });
            case CheckpointingMode.MemoryBudget:
                int fit = CheckpointsFor(options.MemoryBudgetBytes, options);
                if (fit < 1)
                {
                    throw new ArgumentException(
                        $"memory_budget of {options.MemoryBudgetBytes} bytes holds no checkpoint ({run.CheckpointBytes} bytes each)", nameof(options));
                }

                return new ClassicRevolver(run, run, run, Math.Min(fit, Nt), Nt, new StorageOptions { MemoryBudgetBytes = options.MemoryBudgetBytes, Codec = CheckpointCodec(options) });
            case CheckpointingMode.Schedule:
                var factory = options.Schedule ?? throw new ArgumentException("the schedule mode needs a schedule", nameof(options));
                var storage = new StorageOptions { Layout = options.Layout, DiskDirectory = options.DiskDirectory, Codec = CheckpointCodec(options) };
                var revolver = new ScheduleRevolver(run, run, run, factory, storage);
                if (revolver.Steps != Nt)
                {
                    revolver.Dispose();
                    throw new ArgumentException($"the schedule covers {revolver.Steps} steps, the geometry has nt = {Nt}", nameof(options));
                }

                return revolver;
            default:
                throw new ArgumentException($"unknown checkpointing mode {options.Mode}", nameof(options));
        }
    }

    // A checkpoint is the two padded time levels (u(t-1), u(t)); the codec sees each with its padded shape.
    private CompressingCodec? CheckpointCodec(GradientOptions? options) => options?.Codec is { } codec
        ? new CompressingCodec(codec, [Model.Grid.PaddedShape.ToArray(), Model.Grid.PaddedShape.ToArray()], 2, options.ExpectedRatio, secondOrderPair: true)
        : null;

    private static double Ratio(RunSummary s, long checkpointBytes)
    {
        long saves = s.Ram.Saves + s.Disk.Saves + s.Work.Saves;
        long written = s.Ram.BytesWritten + s.Disk.BytesWritten + s.Work.BytesWritten;
        return written > 0 ? (double)saves * checkpointBytes / written : 1;
    }

    // residual = d_pred - d_obs (float), misfit = 0.5 sum residual^2 (double, in order).
    private static double Residual(GradientRun run, ReadOnlySpan<float> data, bool dataIsResidual, float[] residual)
    {
        double misfit = 0;
        if (dataIsResidual)
        {
            data.CopyTo(residual);
        }
        else
        {
            var pred = run.Receivers;
            for (int i = 0; i < residual.Length; i++)
            {
                residual[i] = pred[i] - data[i];
                misfit += (double)residual[i] * residual[i];
            }
        }

        run.SetResidual(residual);
        return 0.5 * misfit;
    }

    private static void CheckLength(long actual, long expected, string name)
    {
        if (actual != expected)
        {
            throw new ArgumentException($"{name} has {actual} values, expected {expected}", name);
        }
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;

    private SolverKernels Kernels(ReadOnlySpan<float> velocity)
    {
        CheckLength(velocity.Length, Model.Grid.InteriorPoints, "vp");
        return new SolverKernels(Geometry, velocity);
    }
}
