namespace PyRevolveNet.Schedules;

/// <summary>Replays a complete operation list (built by <see cref="ReferenceRevolveSequences"/> for tests).</summary>
internal sealed class RecordedPlanner(long maxN, long snapshots, List<PlanOp> operations) : RevolvePlanner(maxN, snapshots)
{
    public override PlanTask Root => new(PlanTaskKind.Recorded, 0, 0, 0);

    public override void Expand(in PlanTask task, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        if (task.Kind != PlanTaskKind.Recorded)
        {
            ThrowUnknown(task.Kind);
        }

        ops.AddRange(operations);
    }
}
