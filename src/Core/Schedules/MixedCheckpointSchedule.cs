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

        // The stack of stored units, ascending steps: the step, the end of the advance that wrote it, and
        // whether it holds adjoint dependencies (else forward restart data).
        var steps = new long[Math.Max(units, 1)];
        var ends = new long[steps.Length];
        var adj = new bool[steps.Length];
        var depth = 0;
        while (true)
        {
            var target = maxN - RField;
            while (NField < target)
            {
                var n0 = NField;

                // Restarting from a kept checkpoint: its unit counts as free, since the step rule will
                // choose to store exactly that checkpoint again.
                var reuse = depth > 0 && steps[depth - 1] == n0;
                var (type, advance) = table.Step(target - n0, units - depth + (reuse ? 1 : 0));
                var n1 = n0 + advance;
                if (reuse && (type != MixedStepType.WriteIcs || adj[depth - 1] || ends[depth - 1] < n1))
                {
                    ScheduleErrors.ThrowState();
                }

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
                    case MixedStepType.WriteAdjDeps:
                        Push(n0, n1, true);
                        NField = n1;
                        yield return CheckpointAction.Forward(n0, n1, false, true, storage);
                        break;
                    default:
                        NField = n1;
                        if (reuse)
                        {
                            yield return CheckpointAction.Forward(n0, n1, false, false, StorageType.Work);
                        }
                        else
                        {
                            Push(n0, n1, false);
                            yield return CheckpointAction.Forward(n0, n1, true, false, storage);
                        }

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

            // Keep the unit only if the step rule from it, with its unit free, would store it again.
            var next = table.Step(maxN - RField - cp, units - depth + 1).Type;
            var delete = next != (isAdj ? MixedStepType.WriteAdjDeps : MixedStepType.WriteIcs);
            if (delete)
            {
                depth--;
            }

            // Loaded adjoint dependencies are used at once; the forward cannot restart from them.
            if (isAdj && (!delete || cp + 1 != maxN - RField))
            {
                ScheduleErrors.ThrowState();
            }

            NField = isAdj ? cp + 1 : cp;
            yield return delete
                ? CheckpointAction.Move(cp, storage, StorageType.Work)
                : CheckpointAction.Copy(cp, storage, StorageType.Work);
        }

        _exhausted = true;
        yield return CheckpointAction.EndReverse();

        void Push(long n, long end, bool isAdjDeps)
        {
            if (depth >= steps.Length)
            {
                ScheduleErrors.ThrowState();
            }

            steps[depth] = n;
            ends[depth] = end;
            adj[depth++] = isAdjDeps;
        }
    }
}
