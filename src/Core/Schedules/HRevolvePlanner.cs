namespace PyRevolveNet.Schedules;

/// <summary>
/// H-Revolve with two levels, RAM (level 0, free) and DISK (level 1). Follows hrevolve_recurse and
/// hrevolve_aux; task Level is K, M the free slots on that level.
/// </summary>
internal sealed class HRevolvePlanner : RevolvePlanner
{
    private static readonly PlanTableCache<(long, long, double, double, double, double), HRevolveTable> s_cache = new(8, 1L << 22);

    private readonly long _disk;
    private readonly double _uf;
    private readonly double _tableUf;
    private readonly double _tableUb;
    private readonly double _wd;
    private readonly double _rd;
    private readonly HRevolveTable? _table;

    /// <param name="referenceCostSwap">Build the DP table with uf and ub exchanged, as the reference does.</param>
    public HRevolvePlanner(long maxN, long ram, long disk, double uf, double ub, double wd, double rd, bool referenceCostSwap)
        : base(maxN, ram)
    {
        _disk = Math.Min(disk, Math.Max(Steps, 1));
        _uf = uf;
        (_tableUf, _tableUb) = referenceCostSwap ? (ub, uf) : (uf, ub);
        _wd = wd;
        _rd = rd;
        if (Steps >= 1)
        {
            var (steps, c0, c1, tuf, tub) = (Steps, Snapshots, _disk, _tableUf, _tableUb);
            var binomial = Binomial;
            _table = s_cache.GetOrAdd((c0, c1, tuf, tub, wd, rd), steps, () => HRevolveTable.Build(steps, c0, c1, tuf, tub, wd, rd, binomial));
        }
    }

    public override PlanTask Root => new(PlanTaskKind.HRevolve, Steps, _disk, 0, Level: 1);

    public override void Expand(in PlanTask task, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        switch (task.Kind)
        {
            case PlanTaskKind.HRevolve:
                ExpandHRevolve(task.L, task.Level, task.M, task.Shift, ops, stack);
                break;
            case PlanTaskKind.HRevolveAux:
                ExpandAux(task.L, task.Level, task.M, task.Shift, ops, stack);
                break;
            default:
                base.Expand(task, ops, stack);
                break;
        }
    }

    private static StorageType LevelStorage(int level) => level == 0 ? StorageType.Ram : StorageType.Disk;

    /// <summary>hrevolve_recurse(l, K, m) from step s.</summary>
    private void ExpandHRevolve(long l, int level, long m, long s, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        if (l == 0)
        {
            AdjointStep(s, ops);
            return;
        }

        if (l == 1)
        {
            TwoSteps(s, true, StorageType.Ram, ops);
            return;
        }

        if (level == 0)
        {
            ops.Add(PlanOp.WriteIcs(s, StorageType.Ram));
            ExpandAux(l, 0, m, s, ops, stack);
            return;
        }

        var table = _table!;
        if (_wd + table.OptP(m, l) < table.RamOnly(l))
        {
            ops.Add(PlanOp.WriteIcs(s, StorageType.Disk));
            ExpandAux(l, 1, m, s, ops, stack);
        }
        else
        {
            ExpandHRevolve(l, 0, Snapshots, s, ops, stack);
        }
    }

    /// <summary>hrevolve_aux(l, K, m) from step s: the checkpoint at s is already on level K.</summary>
    private void ExpandAux(long l, int level, long m, long s, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        if (l == 0)
        {
            AdjointStep(s, ops);
            return;
        }

        if (l == 1)
        {
            // Re-reading step s is cheaper from RAM when a RAM write and read cost less than a level-K read.
            var viaRam = 0.0 + 0.0 < (level == 0 ? 0.0 : _rd);
            TwoSteps(s, viaRam, viaRam ? StorageType.Ram : LevelStorage(level), ops);
            return;
        }

        if (level == 0 && m == 1)
        {
            ExpandSweep(l, s, l - 1, ops, stack);
            return;
        }

        long j;
        if (level == 0)
        {
            (var best, j) = RamSplit(l, m);
            if (!(best < RamCost(l, 1)))
            {
                ExpandSweep(l, s, l - 1, ops, stack);
                return;
            }
        }
        else
        {
            (var best, j) = DiskSplit(l, m);
            if (!(best < _table!.RamOnly(l)))
            {
                ExpandHRevolve(l, 0, Snapshots, s, ops, stack);
                return;
            }
        }

        ops.Add(PlanOp.Forward(s, s + j));
        stack.Push(new PlanTask(PlanTaskKind.HRevolveAux, j - 1, m, s, Level: level));
        stack.Push(new PlanTask(PlanTaskKind.Read, 0, 0, s, Storage: LevelStorage(level)));
        stack.Push(new PlanTask(PlanTaskKind.HRevolve, l - j, m - 1, s + j, Level: level));
    }

    private double RamCost(long x, long m) => HRevolveTable.RamCost(x, m, _tableUf, _tableUb, Binomial);

    /// <summary>min and largest argmin over j of j·uf + opt[0][l-j][m-1] + r0 + optp[0][j-1][m].</summary>
    private (double Best, long J) RamSplit(long l, long m)
    {
        var best = double.PositiveInfinity;
        long bestJ = 0;
        for (long j = 1; j < l; j++)
        {
            var v = (j * _uf) + RamCost(l - j, m - 1) + 0.0 + RamCost(j - 1, m);
            if (v <= best)
            {
                best = v;
                bestJ = j;
            }
        }

        return (best, bestJ);
    }

    /// <summary>min and largest argmin over j of j·uf + opt[1][l-j][m-1] + rd + optp[1][j-1][m].</summary>
    private (double Best, long J) DiskSplit(long l, long m)
    {
        var table = _table!;
        var best = double.PositiveInfinity;
        long bestJ = 0;
        for (long j = 1; j < l; j++)
        {
            var v = (j * _uf) + table.Opt(m - 1, l - j) + _rd + table.OptP(m, j - 1);
            if (v <= best)
            {
                best = v;
                bestJ = j;
            }
        }

        return (best, bestJ);
    }
}
