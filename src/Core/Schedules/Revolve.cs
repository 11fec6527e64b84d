namespace PyRevolveNet.Schedules;

/// <summary>
/// Binomial checkpointing in RAM (Griewank &amp; Walther 2000, revolve), as checkpoint_schedules' Revolve.
/// The sequence depends only on max_n and snapshots_in_ram (the costs scale every candidate alike); splits
/// come from the closed form of the DP, so planning is O(max_n log max_n) in all, spread over the iteration.
/// </summary>
public sealed class Revolve : RevolveCheckpointSchedule
{
    /// <param name="maxN">Number of forward steps.</param>
    /// <param name="snapshotsInRam">RAM checkpoints (at least 1).</param>
    /// <param name="uf">Cost of a forward step (validated; does not change the schedule).</param>
    /// <param name="ub">Cost of an adjoint step (validated; does not change the schedule).</param>
    /// <param name="wd">Cost of a disk write (unused; validated).</param>
    /// <param name="rd">Cost of a disk read (unused; validated).</param>
    public Revolve(long maxN, long snapshotsInRam, double uf = 1, double ub = 1, double wd = 2, double rd = 2)
        : this(maxN, snapshotsInRam, uf, ub, wd, rd, false)
    {
    }

    /// <summary>With <paramref name="referenceAlgorithm"/>, plans with the reference's O(l²c) DP (tests only).</summary>
    internal Revolve(long maxN, long snapshotsInRam, double uf, double ub, double wd, double rd, bool referenceAlgorithm)
        : base(maxN, snapshotsInRam)
    {
        ValidateCosts(uf, ub, wd, rd);
        Planner = referenceAlgorithm
            ? new RecordedPlanner(maxN, snapshotsInRam, ReferenceRevolveSequences.Revolve(maxN - 1, snapshotsInRam, uf, ub))
            : new RevolvePlanner(maxN, snapshotsInRam);
    }

    private protected override bool UsesDisk => false;
}
