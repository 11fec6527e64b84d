namespace PyRevolveNet.Schedules;

/// <summary>
/// Periodic disk checkpoints during the forward, and binomial checkpointing within each period during the
/// adjoint (Pringle et al. 2016). Online, any number of adjoint passes.
/// </summary>
public sealed class TwoLevelCheckpointSchedule : CheckpointSchedule
{
    private readonly long _period;
    private readonly long _binomialSnapshots;
    private readonly StorageType _binomialStorage;
    private readonly BinomialTrajectory _trajectory;

    /// <exception cref="ScheduleParameterException">
    /// period is not positive, binomial_snapshots is negative, binomial_storage is not RAM or DISK, or the trajectory is unknown.
    /// </exception>
    public TwoLevelCheckpointSchedule(long period, long binomialSnapshots, StorageType binomialStorage = StorageType.Disk, BinomialTrajectory binomialTrajectory = BinomialTrajectory.Maximum)
        : base(null)
    {
        if (period < 1)
        {
            ScheduleErrors.ThrowInvalid("period", "period must be positive");
        }

        if (binomialStorage is not (StorageType.Ram or StorageType.Disk))
        {
            ScheduleErrors.ThrowInvalid("binomial_storage", "Invalid storage: binomial_storage must be RAM or DISK");
        }

        // The reference fails on the first step of its adjoint; we refuse it up front (0 is valid).
        if (binomialSnapshots < 0)
        {
            ScheduleErrors.ThrowInvalid("binomial_snapshots", "Require at least one snapshot: binomial_snapshots must not be negative");
        }

        if (binomialTrajectory is not (BinomialTrajectory.Maximum or BinomialTrajectory.Revolve))
        {
            ScheduleErrors.ThrowInvalid("trajectory", "Unexpected trajectory: " + binomialTrajectory);
        }

        _period = period;
        _binomialSnapshots = binomialSnapshots;
        _binomialStorage = binomialStorage;
        _trajectory = binomialTrajectory;
        IsOnline = true;
    }

    public override bool IsExhausted => false;

    public override bool AllowsRepeatedAdjoint => true;

    /// <summary>
    /// The binomial storage, and DISK always: the periodic checkpoints are on disk. (The reference answers
    /// only <c>x == binomial_storage</c>, so it denies DISK use with RAM binomial storage.)
    /// </summary>
    public override bool UsesStorageType(StorageType storageType) => storageType == _binomialStorage || storageType == StorageType.Disk;

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        if (MaxNField is not null)
        {
            ScheduleErrors.ThrowState();
        }

        while (MaxNField is null)
        {
            var n0 = NField;
            NField = NoneCheckpointSchedule.SaturatingAdd(n0, _period);
            yield return CheckpointAction.Forward(n0, NField, true, false, StorageType.Disk);
        }

        yield return CheckpointAction.EndForward();

        var maxN = MaxNField.Value;
        var period = _period;
        var extra = _binomialSnapshots + 1;

        // The periodic checkpoint sits at the bottom of the stack, so at most binomial_snapshots + 1 entries.
        var stack = new long[Math.Min(extra, Math.Min(period, maxN)) + 1];
        while (true)
        {
            while (RField < maxN)
            {
                var blockStart = (maxN - RField - 1) / period * period;
                stack[0] = blockStart;
                var depth = 1;
                while (RField < maxN - blockStart)
                {
                    var target = maxN - RField;
                    var cp = stack[depth - 1];
                    NField = cp;
                    if (cp == target - 1)
                    {
                        depth--;

                        // The periodic disk checkpoint serves every adjoint pass, so it is never moved.
                        yield return cp == blockStart
                            ? CheckpointAction.Copy(cp, StorageType.Disk, StorageType.Work)
                            : CheckpointAction.Move(cp, _binomialStorage, StorageType.Work);
                    }
                    else
                    {
                        yield return CheckpointAction.Copy(cp, cp == blockStart ? StorageType.Disk : _binomialStorage, StorageType.Work);
                        var n1 = cp + BinomialSchedules.NAdvance(target - cp, extra - depth + 1, _trajectory);
                        NField = n1;
                        yield return CheckpointAction.Forward(cp, n1, false, false, StorageType.Work);
                        while (NField < target - 1)
                        {
                            var n0 = NField;
                            n1 = n0 + BinomialSchedules.NAdvance(target - n0, extra - depth, _trajectory);
                            NField = n1;
                            yield return CheckpointAction.Forward(n0, n1, true, false, _binomialStorage);
                            stack[depth++] = n0;
                        }
                    }

                    NField = target;
                    yield return CheckpointAction.Forward(target - 1, target, false, true, StorageType.Work);
                    RField++;
                    yield return CheckpointAction.Reverse(target, target - 1, true);
                }
            }

            RField = 0;
            yield return CheckpointAction.EndReverse();
        }
    }
}
