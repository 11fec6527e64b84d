namespace PyRevolveNet.Schedules;

/// <summary>
/// H-Revolve (Herrmann &amp; Pallez 2020) on two levels, RAM (free) and DISK (costs wd, rd), with bounded
/// capacities, as checkpoint_schedules' HRevolve, except that the DP uses uf and ub as given (the reference
/// exchanges them in its table) and max_n = 1 works. Planning is an O(max_n² × snapshots_on_disk) DP,
/// cached across instances; the RAM level uses the closed form of binomial checkpointing.
/// </summary>
public sealed class HRevolve : RevolveCheckpointSchedule
{
    /// <param name="maxN">Number of forward steps.</param>
    /// <param name="snapshotsInRam">RAM checkpoints (at least 1).</param>
    /// <param name="snapshotsOnDisk">DISK checkpoints (0 or more).</param>
    /// <param name="uf">Cost of a forward step.</param>
    /// <param name="ub">Cost of an adjoint step.</param>
    /// <param name="wd">Cost of writing a checkpoint to disk.</param>
    /// <param name="rd">Cost of reading a checkpoint from disk.</param>
    public HRevolve(long maxN, long snapshotsInRam, long snapshotsOnDisk, double uf = 1, double ub = 1, double wd = 2, double rd = 2)
        : this(maxN, snapshotsInRam, snapshotsOnDisk, uf, ub, wd, rd, false, false)
    {
    }

    /// <param name="referenceCostSwap">Reproduce the reference's table built with uf and ub exchanged.</param>
    /// <param name="referenceAlgorithm">Plan with the reference's full O(l²c) DP (tests only).</param>
    internal HRevolve(
        long maxN, long snapshotsInRam, long snapshotsOnDisk, double uf, double ub, double wd, double rd, bool referenceCostSwap, bool referenceAlgorithm = false)
        : base(maxN, snapshotsInRam)
    {
        if (snapshotsOnDisk < 0)
        {
            ScheduleErrors.ThrowInvalid("snapshots_on_disk", "snapshots_on_disk must be non-negative");
        }

        ValidateCosts(uf, ub, wd, rd);
        SnapshotsOnDisk = snapshotsOnDisk;
        ReferenceCostSwap = referenceCostSwap;
        Planner = referenceAlgorithm
            ? new RecordedPlanner(
                maxN, snapshotsInRam, ReferenceRevolveSequences.HRevolve(maxN - 1, snapshotsInRam, snapshotsOnDisk, uf, ub, wd, rd, referenceCostSwap))
            : new HRevolvePlanner(maxN, snapshotsInRam, snapshotsOnDisk, uf, ub, wd, rd, referenceCostSwap);
    }

    /// <summary>Checkpoints the schedule may keep on disk at once.</summary>
    public long SnapshotsOnDisk { get; }

    /// <summary>Whether the DP reproduces the reference's exchange of uf and ub (golden-trace tests).</summary>
    internal bool ReferenceCostSwap { get; }

    private protected override bool UsesDisk => SnapshotsOnDisk > 0;
}
