namespace PyRevolveNet.Schedules;

/// <summary>
/// Disk-Revolve (Aupy, Herrmann, Hovland &amp; Robert 2016): RAM binomial checkpointing with an unlimited number
/// of DISK checkpoints where they pay off, as checkpoint_schedules' DiskRevolve. Planning is an O(max_n²)
/// DP (cached across instances); the RAM parts use the closed form.
/// </summary>
public sealed class DiskRevolve : RevolveCheckpointSchedule
{
    /// <param name="maxN">Number of forward steps.</param>
    /// <param name="snapshotsInRam">RAM checkpoints (at least 1).</param>
    /// <param name="uf">Cost of a forward step.</param>
    /// <param name="ub">Cost of an adjoint step.</param>
    /// <param name="wd">Cost of writing a checkpoint to disk.</param>
    /// <param name="rd">Cost of reading a checkpoint from disk.</param>
    public DiskRevolve(long maxN, long snapshotsInRam, double uf = 1, double ub = 1, double wd = 2, double rd = 2)
        : this(maxN, snapshotsInRam, uf, ub, wd, rd, false)
    {
    }

    /// <summary>With <paramref name="referenceAlgorithm"/>, plans with the reference's O(l²c) DPs (tests only).</summary>
    internal DiskRevolve(long maxN, long snapshotsInRam, double uf, double ub, double wd, double rd, bool referenceAlgorithm)
        : base(maxN, snapshotsInRam)
    {
        ValidateCosts(uf, ub, wd, rd);
        Planner = referenceAlgorithm
            ? new RecordedPlanner(maxN, snapshotsInRam, ReferenceRevolveSequences.DiskRevolve(maxN - 1, snapshotsInRam, uf, ub, wd, rd))
            : new DiskRevolvePlanner(maxN, snapshotsInRam, uf, ub, wd, rd);
    }

    /// <summary>The number of disk checkpoints is unbounded (chosen by the algorithm).</summary>
    private protected override bool UsesDisk => true;
}
