namespace PyRevolveNet.Schedules;

/// <summary>What one adjoint calculation under a schedule costs, counted by <see cref="ScheduleAnalysis"/>.</summary>
public readonly record struct ScheduleCost
{
    /// <summary>Number of forward steps of the model (max_n).</summary>
    public long Steps { get; init; }

    /// <summary>Forward steps executed up to and including the first adjoint pass, the initial forward included.</summary>
    public long ForwardSteps { get; init; }

    /// <summary>Adjoint steps executed in the first pass.</summary>
    public long ReverseSteps { get; init; }

    /// <summary>ForwardSteps / Steps: 1 means no recomputation.</summary>
    public double RecomputeRatio => Steps == 0 ? 0 : (double)ForwardSteps / Steps;

    /// <summary>Forward steps run a second time or more (ForwardSteps - Steps).</summary>
    public long RecomputedSteps => ForwardSteps - Steps;

    public long PeakRamCheckpoints { get; init; }

    public long PeakDiskCheckpoints { get; init; }

    /// <summary>Most forward data units held in working memory at once: min(1, |ics|) + |adj deps|.</summary>
    public long PeakWorkUnits { get; init; }

    public long RamWrites { get; init; }

    public long DiskWrites { get; init; }

    public long RamReads { get; init; }

    public long DiskReads { get; init; }

    public long Actions { get; init; }

    /// <summary>Weighted cost uf·ForwardSteps + ub·ReverseSteps + wd·DiskWrites + rd·DiskReads.</summary>
    public double Makespan(double uf = 1, double ub = 1, double wd = 2, double rd = 2) =>
        (uf * ForwardSteps) + (ub * ReverseSteps) + (wd * DiskWrites) + (rd * DiskReads);
}
