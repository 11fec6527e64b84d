namespace PyRevolveNet.Schedules;

/// <summary>
/// Common base of the revolve family (checkpoint_schedules' RevolveCheckpointSchedule): offline, one adjoint.
/// The constructor does the planning (DP tables); the actions are then generated lazily from the planner and
/// translated as the reference does: a Forward writes what the operation before it asked for, a Read becomes
/// a Move on the checkpoint's last use (the step just before the adjoint position) and a Copy otherwise.
/// </summary>
public abstract class RevolveCheckpointSchedule : CheckpointSchedule
{
    private bool _exhausted;

    /// <summary>Validates max_n (base) and snapshots_in_ram.</summary>
    private protected RevolveCheckpointSchedule(long maxN, long snapshotsInRam)
        : base(maxN)
    {
        if (snapshotsInRam < 1)
        {
            ScheduleErrors.ThrowInvalid("snapshots_in_ram", "snapshots_in_ram must be at least 1");
        }

        SnapshotsInRam = snapshotsInRam;
    }

    /// <summary>Checkpoints the schedule may keep in RAM at once.</summary>
    public long SnapshotsInRam { get; }

    public override bool IsExhausted => _exhausted;

    /// <summary>Set by the derived constructor once the parameters are valid.</summary>
    private protected RevolvePlanner Planner { get; set; } = null!;

    /// <summary>Whether DISK checkpoints may be written.</summary>
    private protected abstract bool UsesDisk { get; }

    public override bool UsesStorageType(StorageType storageType) => storageType switch
    {
        StorageType.Ram => true,
        StorageType.Disk => UsesDisk,
        _ => false,
    };

    /// <summary>Checks the cost parameters: step costs finite and positive, disk costs finite and non-negative.</summary>
    private protected static void ValidateCosts(double uf, double ub, double wd, double rd)
    {
        CheckPositive(uf, "uf");
        CheckPositive(ub, "ub");
        CheckNonNegative(wd, "wd");
        CheckNonNegative(rd, "rd");
    }

    private static void CheckPositive(double value, string name)
    {
        if (!(double.IsFinite(value) && value > 0))
        {
            ScheduleErrors.ThrowInvalid(name, $"{name} must be a positive finite number");
        }
    }

    private static void CheckNonNegative(double value, string name)
    {
        if (!(double.IsFinite(value) && value >= 0))
        {
            ScheduleErrors.ThrowInvalid(name, $"{name} must be a non-negative finite number");
        }
    }

    protected override IEnumerable<CheckpointAction> Iterate()
    {
        var maxN = MaxNField!.Value;
        var planner = Planner;
        var ops = new List<PlanOp>(16);
        var stack = new Stack<PlanTask>();
        stack.Push(planner.Root);

        // What the last operation asked the next Forward to store: None, RAM/DISK (ics) or WORK (adj deps).
        var pending = StorageType.None;
        while (stack.Count > 0)
        {
            planner.Expand(stack.Pop(), ops, stack);
            for (var i = 0; i < ops.Count; i++)
            {
                var op = ops[i];
                switch (op.Kind)
                {
                    case PlanOpKind.WriteIcs:
                        pending = op.Storage;
                        break;
                    case PlanOpKind.WriteAdjDeps:
                        pending = StorageType.Work;
                        break;
                    case PlanOpKind.Forward:
                        var forward = pending switch
                        {
                            StorageType.Ram or StorageType.Disk => CheckpointAction.Forward(op.Step, op.End, true, false, pending),
                            StorageType.Work => CheckpointAction.Forward(op.Step, op.End, false, true, StorageType.Work),
                            _ => CheckpointAction.Forward(op.Step, op.End, false, false, StorageType.Work),
                        };
                        pending = StorageType.None;
                        NField = op.End;
                        yield return forward;
                        if (op.End == maxN)
                        {
                            yield return CheckpointAction.EndForward();
                        }

                        break;
                    case PlanOpKind.Backward:
                        pending = StorageType.None;
                        RField++;
                        yield return CheckpointAction.Reverse(op.Step, op.Step - 1, true);
                        break;
                    case PlanOpKind.Read:
                        pending = StorageType.None;
                        NField = op.Step;
                        yield return op.Step == maxN - RField - 1
                            ? CheckpointAction.Move(op.Step, op.Storage, StorageType.Work)
                            : CheckpointAction.Copy(op.Step, op.Storage, StorageType.Work);
                        break;
                }
            }

            ops.Clear();
        }

        _exhausted = true;
        yield return CheckpointAction.EndReverse();
    }
}
