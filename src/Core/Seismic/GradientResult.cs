using PyRevolveNet.Execution;

namespace PyRevolveNet.Seismic;

/// <summary>What a gradient run cost, and the misfit 0.5 ||d_pred - d_obs||^2 (zero for a given residual).</summary>
public readonly record struct GradientResult
{
    public double Misfit { get; init; }

    /// <summary>Time steps nt (the adjoint runs nt steps).</summary>
    public long Steps { get; init; }

    /// <summary>Forward steps the kernels actually ran (nt when storing everything); the engine's own count, which
    /// includes re-runs of a step before its reverse that the solver defers and skips, is in <see cref="Revolver"/>.</summary>
    public long ForwardSteps { get; init; }

    public long ReverseSteps { get; init; }

    /// <summary>Checkpoint slots the run was given (store-all: nt wavefields).</summary>
    public long Checkpoints { get; init; }

    /// <summary>Bytes of one checkpoint (both time levels, padded fields).</summary>
    public long CheckpointBytes { get; init; }

    /// <summary>Most bytes of checkpoints or stored wavefields held at once.</summary>
    public long PeakStorageBytes { get; init; }

    /// <summary>Raw bytes / stored bytes of what was kept (checkpoints or wavefields); 1 without a codec.</summary>
    public double CompressionRatio { get; init; }

    /// <summary>Forward steps Revolve's theory predicts (the schedule's own count, e.g. numforw + nt).</summary>
    public long PredictedForwardSteps { get; init; }

    public double ForwardSeconds { get; init; }

    public double ReverseSeconds { get; init; }

    public double TotalSeconds { get; init; }

    /// <summary>The engine's summary (default when storing everything).</summary>
    public RunSummary Revolver { get; init; }
}
