namespace PyRevolveNet.Schedules;

/// <summary>
/// Binomial checkpointing (Griewank and Walther 2000) with a "MultiStage" RAM/DISK placement of the
/// checkpoint stack (Stumm and Walther 2009). Offline, one adjoint pass.
/// </summary>
public sealed class MultistageCheckpointSchedule : CheckpointSchedule
{
    private readonly StorageType[] _storage;
    private readonly long _ramSlots;
    private readonly long _diskSlots;
    private readonly BinomialTrajectory _trajectory;
    private bool _exhausted;

    /// <exception cref="ScheduleParameterException">
    /// max_n is not positive, a count is negative, no slot is given for two or more steps, or the trajectory is unknown.
    /// </exception>
    public MultistageCheckpointSchedule(long maxN, long snapshotsInRam, long snapshotsOnDisk, BinomialTrajectory trajectory = BinomialTrajectory.Maximum)
        : base(maxN)
    {
        if (snapshotsInRam < 0)
        {
            ScheduleErrors.ThrowInvalid("snapshots_in_ram", "snapshots_in_ram must not be negative");
        }

        if (snapshotsOnDisk < 0)
        {
            ScheduleErrors.ThrowInvalid("snapshots_on_disk", "snapshots_on_disk must not be negative");
        }

        if (trajectory is not (BinomialTrajectory.Maximum or BinomialTrajectory.Revolve))
        {
            ScheduleErrors.ThrowInvalid("trajectory", "Unexpected trajectory: " + trajectory);
        }

        // The reference only notices a missing slot on its first step; we refuse it up front.
        if (maxN >= 2 && snapshotsInRam + snapshotsOnDisk == 0)
        {
            ScheduleErrors.ThrowInvalid("snapshots_on_disk", "Require at least one snapshot (snapshots_in_ram + snapshots_on_disk must be positive when max_n >= 2)");
        }

        var ram = Math.Min(snapshotsInRam, maxN - 1);
        var disk = Math.Min(snapshotsOnDisk, maxN - 1);
        if (ram == 0)
        {
            _storage = Slots(disk, StorageType.Disk);
        }
        else if (disk == 0)
        {
            _storage = Slots(ram, StorageType.Ram);
        }
        else
        {
            _storage = BinomialSchedules.AllocateSnapshots(maxN, ram, disk, trajectory).Storage;
        }

        foreach (var s in _storage)
        {
            if (s == StorageType.Ram)
            {
                _ramSlots++;
            }
            else
            {
                _diskSlots++;
            }
        }

        _trajectory = trajectory;
    }

    public override bool IsExhausted => _exhausted;

    /// <summary>RAM or DISK: whether any slot is placed there. The reference answers None for WORK/NONE; ours false.</summary>
    public override bool UsesStorageType(StorageType storageType) => storageType switch
    {
        StorageType.Disk => _diskSlots > 0,
        StorageType.Ram => _ramSlots > 0,
        _ => false,
    };

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        var maxN = MaxNField!.Value;
        var slots = _storage.Length;
        var stack = new long[Math.Max(slots, 1)];
        var depth = 0;

        // Forward: binomial advances, storing a restart checkpoint at the start of each.
        while (NField < maxN - 1)
        {
            var n0 = NField;
            var n1 = n0 + BinomialSchedules.NAdvance(maxN - n0, slots - depth, _trajectory);
            NField = n1;
            stack[depth] = n0;
            yield return CheckpointAction.Forward(n0, n1, true, false, _storage[depth++]);
        }

        NField = maxN;
        yield return CheckpointAction.Forward(maxN - 1, maxN, false, true, StorageType.Work);
        yield return CheckpointAction.EndForward();
        RField = 1;
        yield return CheckpointAction.Reverse(maxN, maxN - 1, true);

        while (RField < maxN)
        {
            var target = maxN - RField;
            var cp = stack[depth - 1];
            var cpStorage = _storage[depth - 1];
            NField = cp;
            if (cp == target - 1)
            {
                // The checkpoint is at the step to reverse next: it is not needed any more.
                depth--;
                yield return CheckpointAction.Move(cp, cpStorage, StorageType.Work);
            }
            else
            {
                yield return CheckpointAction.Copy(cp, cpStorage, StorageType.Work);

                // The restart checkpoint stays stored, yet its slot counts as free for this first advance:
                // the forward restarts from it and need not store it again.
                var n1 = cp + BinomialSchedules.NAdvance(target - cp, slots - depth + 1, _trajectory);
                NField = n1;
                yield return CheckpointAction.Forward(cp, n1, false, false, StorageType.Work);
                while (NField < target - 1)
                {
                    var n0 = NField;
                    n1 = n0 + BinomialSchedules.NAdvance(target - n0, slots - depth, _trajectory);
                    NField = n1;
                    stack[depth] = n0;
                    yield return CheckpointAction.Forward(n0, n1, true, false, _storage[depth++]);
                }
            }

            NField = target;
            yield return CheckpointAction.Forward(target - 1, target, false, true, StorageType.Work);
            RField++;
            yield return CheckpointAction.Reverse(target, target - 1, true);
        }

        _exhausted = true;
        yield return CheckpointAction.EndReverse();
    }

    private static StorageType[] Slots(long count, StorageType storage)
    {
        var slots = new StorageType[count];
        Array.Fill(slots, storage);
        return slots;
    }
}
