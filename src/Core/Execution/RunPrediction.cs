namespace PyRevolveNet.Execution;

/// <summary>What a revolver will do, from a dry run of the same engine on a fresh schedule.</summary>
public readonly record struct RunPrediction
{
    /// <summary>Number of time steps (n_timesteps).</summary>
    public long Steps { get; init; }

    /// <summary>Forward operator steps in all (forward phase, recomputation, and the one-step re-runs before reverses).</summary>
    public long ForwardSteps { get; init; }

    public long ReverseSteps { get; init; }

    /// <summary>ForwardSteps / Steps.</summary>
    public double RecomputeRatio => Steps == 0 ? 0 : (double)ForwardSteps / Steps;

    /// <summary>Forward steps run more than once (ForwardSteps - Steps).</summary>
    public long RecomputedSteps => ForwardSteps - Steps;

    /// <summary>Forward steps of the schedule itself (sum of advances; ScheduleAnalysis or Revolve's numforw count).</summary>
    public long ScheduleForwardSteps { get; init; }

    public long PeakRamCheckpoints { get; init; }

    public long PeakDiskCheckpoints { get; init; }

    public long PeakWorkCheckpoints { get; init; }

    public long PeakRamBytes { get; init; }

    public long PeakDiskBytes { get; init; }

    public long PeakWorkBytes { get; init; }

    public long Saves { get; init; }

    public long Loads { get; init; }
}
