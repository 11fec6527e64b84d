namespace PyRevolveNet.Schedules;

/// <summary>
/// Periodic Disk-Revolve (Aupy &amp; Herrmann 2017): a DISK checkpoint every <see cref="Period"/> steps and
/// Revolve within each period, as checkpoint_schedules' PeriodicDiskRevolve (which prints the period;
/// this class exposes it instead).
/// </summary>
public sealed class PeriodicDiskRevolve : RevolveCheckpointSchedule
{
    /// <param name="maxN">Number of forward steps.</param>
    /// <param name="snapshotsInRam">RAM checkpoints (at least 1).</param>
    /// <param name="uf">Cost of a forward step.</param>
    /// <param name="ub">Cost of an adjoint step.</param>
    /// <param name="wd">Cost of writing a checkpoint to disk.</param>
    /// <param name="rd">Cost of reading a checkpoint from disk.</param>
    public PeriodicDiskRevolve(long maxN, long snapshotsInRam, double uf = 1, double ub = 1, double wd = 2, double rd = 2)
        : this(maxN, snapshotsInRam, uf, ub, wd, rd, false)
    {
    }

    /// <summary>With <paramref name="referenceAlgorithm"/>, plans with the reference's DP (tests only).</summary>
    internal PeriodicDiskRevolve(long maxN, long snapshotsInRam, double uf, double ub, double wd, double rd, bool referenceAlgorithm)
        : base(maxN, snapshotsInRam)
    {
        ValidateCosts(uf, ub, wd, rd);
        var planner = new PeriodicDiskRevolvePlanner(maxN, snapshotsInRam, uf, wd, rd);
        Period = planner.Period;
        Planner = referenceAlgorithm
            ? new RecordedPlanner(maxN, snapshotsInRam, ReferenceRevolveSequences.PeriodicDiskRevolve(maxN - 1, snapshotsInRam, uf, ub, wd, rd))
            : planner;
    }

    /// <summary>
    /// Steps between disk checkpoints: beta(c, t) for the smallest t with beta(c + 1, t) &gt; (wd + rd) / uf,
    /// where beta(x, y) = (x+y)!/(x! y!). Saturates at <see cref="long.MaxValue"/> beyond 2^62.
    /// </summary>
    public long Period { get; }

    private protected override bool UsesDisk => true;
}
