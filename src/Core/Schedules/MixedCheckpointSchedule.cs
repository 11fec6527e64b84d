namespace PyRevolveNet.Schedules;

/// <summary>
/// Checkpointing where each unit holds either forward restart data or one step of adjoint dependencies
/// (Maddison 2024), following the optimal dynamic programme. Offline, one adjoint pass.
/// </summary>
public sealed class MixedCheckpointSchedule : CheckpointSchedule
{
    private readonly long _snapshots;
    private readonly StorageType _storage;
    private bool _exhausted;

    /// <exception cref="ScheduleParameterException">
    /// max_n is not positive, snapshots is below min(1, max_n - 1), or storage is not RAM or DISK.
    /// </exception>
    public MixedCheckpointSchedule(long maxN, long snapshots, StorageType storage = StorageType.Disk)
        : base(maxN)
    {
        if (snapshots < Math.Min(1, maxN - 1))
        {
            ScheduleErrors.ThrowInvalid("snapshots", "Invalid number of snapshots: snapshots must be at least 1 when max_n >= 2");
        }

        if (storage is not (StorageType.Ram or StorageType.Disk))
        {
            ScheduleErrors.ThrowInvalid("storage", "Invalid storage: storage must be RAM or DISK");
        }

        _snapshots = Math.Min(snapshots, maxN - 1);
        _storage = storage;
    }

    public override bool IsExhausted => _exhausted;

    public override bool UsesStorageType(StorageType storageType) => storageType == _storage;

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        var maxN = MaxNField!.Value;
        var units = _snapshots;
        var storage = _storage;
        var table = MixedStepTable.Get(maxN, units);

        // The stack of stored units, ascending steps; adj[i] tells adjoint-dependency units from restart ones.
        var steps = new long[Math.Max(units, 1)];
        var adj = new bool[steps.Length];
        var depth = 0;
        while (true)
        {
            var target = maxN - RField;
            while (NField < target)
            {
                var n0 = NField;
                var (type, advance) = depth > 0 && steps[depth - 1] == n0
                    ? table.RestartStep(target - n0, units - depth)
                    : table.Step(target - n0, units - depth);
                var n1 = n0 + advance;
                switch (type)
                {
                    case MixedStepType.ForwardReverse:
                        if (n1 > n0 + 1)
                        {
                            NField = n1 - 1;
                            yield return CheckpointAction.Forward(n0, n1 - 1, false, false, StorageType.Work);
                        }

                        NField = n1;
                        yield return CheckpointAction.Forward(n1 - 1, n1, false, true, StorageType.Work);
                        break;
                    case MixedStepType.Forward:
                        NField = n1;
                        yield return CheckpointAction.Forward(n0, n1, false, false, StorageType.Work);
                        break;
                    case MixedStepType.WriteAdjDeps:
                        NField = n1;
                        yield return CheckpointAction.Forward(n0, n1, false, true, storage);
                        Push(n0, true);
                        break;
                    default:
                        NField = n1;
                        yield return CheckpointAction.Forward(n0, n1, true, false, storage);
                        Push(n0, false);
                        break;
                }
            }

            if (RField == 0)
            {
                yield return CheckpointAction.EndForward();
            }

            RField++;
            yield return CheckpointAction.Reverse(maxN - RField + 1, maxN - RField, true);
            if (RField == maxN)
            {
                break;
            }

            var cp = steps[depth - 1];
            var isAdj = adj[depth - 1];

            // Drop the unit when, once it is freed, the units left can hold every remaining step's adjoint
            // dependencies.
            var delete = cp >= maxN - RField - 1 - (units - depth + 1);
            if (delete)
            {
                depth--;
            }
            else if (isAdj)
            {
                ScheduleErrors.ThrowState();
            }

            // Loaded adjoint dependencies are used at once; the forward cannot restart from them.
            NField = isAdj ? cp + 1 : cp;
            yield return delete
                ? CheckpointAction.Move(cp, storage, StorageType.Work)
                : CheckpointAction.Copy(cp, storage, StorageType.Work);
        }

        _exhausted = true;
        yield return CheckpointAction.EndReverse();

        void Push(long n, bool isAdjDeps)
        {
            if (depth >= steps.Length)
            {
                ScheduleErrors.ThrowState();
            }

            steps[depth] = n;
            adj[depth++] = isAdjDeps;
        }
    }
}
