namespace PyRevolveNet.Schedules;

/// <summary>Disk-Revolve: RAM binomial checkpointing plus as many DISK checkpoints as pay off.</summary>
internal sealed class DiskRevolvePlanner : RevolvePlanner
{
    private static readonly PlanTableCache<(long, double, double, double, double), DiskRevolveTable> s_cache = new(8, 1L << 22);

    private readonly DiskRevolveTable _table;

    public DiskRevolvePlanner(long maxN, long snapshots, double uf, double ub, double wd, double rd)
        : base(maxN, snapshots)
    {
        // The reference passes wd and rd to the toolbox swapped; only their sum matters, but keep its order.
        var c = Snapshots;
        var steps = Steps;
        _table = s_cache.GetOrAdd((c, uf, ub, wd, rd), steps, () => DiskRevolveTable.Build(steps, c, uf, ub, rd, wd));
    }

    public override PlanTask Root => new(PlanTaskKind.DiskRevolve, Steps, Snapshots, 0);

    public override void Expand(in PlanTask task, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        if (task.Kind != PlanTaskKind.DiskRevolve)
        {
            base.Expand(task, ops, stack);
            return;
        }

        var (l, s) = (task.L, task.Shift);
        if (l <= 1 || !_table.UsesDisk(l))
        {
            ExpandRevolve(l, Snapshots, s, false, ops, stack);
            return;
        }

        var j = _table.Split(l);
        ops.Add(PlanOp.WriteIcs(s, StorageType.Disk));
        ops.Add(PlanOp.Forward(s, s + j));
        stack.Push(new PlanTask(PlanTaskKind.Revolve, j - 1, Snapshots, s));
        stack.Push(new PlanTask(PlanTaskKind.Read, 0, 0, s, Storage: StorageType.Disk));
        stack.Push(new PlanTask(PlanTaskKind.DiskRevolve, l - j, Snapshots, s + j));
    }
}
