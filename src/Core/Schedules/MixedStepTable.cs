namespace PyRevolveNet.Schedules;

/// <summary>
/// The dynamic programme of mixed checkpointing (Maddison 2024), tabulated for up to <see cref="MaxN"/>
/// steps and <see cref="MaxS"/> units. Row s of the main table gives, for n steps with no restart
/// checkpoint at the start, the optimal cost and first advance (ties take the largest advance, as the
/// reference). The "restart" rows (a checkpoint is already stored at the start) are built lazily.
/// <para>
/// The reference scans every split point, O(n²·s). Here each row is built in O(n): for fixed s the optimal
/// split point does not decrease with n and the split cost is unimodal in the split point, so the search
/// resumes from the previous optimum and walks forward while the cost does not increase. Both properties
/// are verified against an exhaustive search in the tests (every n ≤ 400 and s, plus larger samples).
/// </para>
/// Tables are shared between schedules: they depend only on (n, s).
/// </summary>
internal sealed class MixedStepTable
{
    private const int MaxCached = 8;
    private static readonly Lock s_lock = new();
    private static readonly List<MixedStepTable> s_tables = [];

    // Row s (1..MaxS) of the main table: cost and first advance for n = 0..MaxN.
    private readonly long[][] _cost;
    private readonly int[][] _advance;

    // Restart rows, s = 1..MaxS-1, built on first use.
    private readonly int[]?[] _restartAdvance;
    private readonly Lock _restartLock = new();

    private MixedStepTable(int maxN, int maxS)
    {
        MaxN = maxN;
        MaxS = maxS;
        _cost = new long[maxS + 1][];
        _advance = new int[maxS + 1][];
        _restartAdvance = new int[]?[maxS + 1];
        for (var s = 1; s <= maxS; s++)
        {
            BuildRow(s);
        }
    }

    public int MaxN { get; }

    public int MaxS { get; }

    /// <summary>A table covering n steps and s units (s already clamped to n - 1), cached.</summary>
    public static MixedStepTable Get(long n, long s)
    {
        if (n > int.MaxValue - 1 || s > n)
        {
            ScheduleErrors.ThrowInvalid("max_n", "max_n is too large for the mixed schedule tables");
        }

        var maxS = (int)Math.Max(s, 1);
        lock (s_lock)
        {
            foreach (var t in s_tables)
            {
                if (t.MaxN >= n && t.MaxS >= maxS)
                {
                    return t;
                }
            }

            var table = new MixedStepTable((int)n, maxS);
            if (s_tables.Count == MaxCached)
            {
                s_tables.RemoveAt(0);
            }

            s_tables.Add(table);
            return table;
        }
    }

    /// <summary>Optimal total forward steps for n steps and s units (n ≤ MaxN, 1 ≤ s after clamping).</summary>
    public long Cost(long n, long s) => n == 1 ? 1 : _cost[Math.Min(s, n - 1)][n];

    /// <summary>Next step with no checkpoint at the start: n remaining steps, s free units.</summary>
    public (MixedStepType Type, long Advance) Step(long n, long s)
    {
        if (n == 1)
        {
            return (MixedStepType.ForwardReverse, 1);
        }

        s = Math.Min(s, n - 1);
        if (s < 1)
        {
            ScheduleErrors.ThrowState("Invalid number of snapshots");
        }

        var advance = _advance[s][n];
        return (advance == 1 ? MixedStepType.WriteAdjDeps : MixedStepType.WriteIcs, advance);
    }

    /// <summary>Next step from a stored restart checkpoint: n remaining steps (n ≥ 2), s free units.</summary>
    public (MixedStepType Type, long Advance) RestartStep(long n, long s)
    {
        s = Math.Min(s, n - 2);
        if (s < 0)
        {
            ScheduleErrors.ThrowState("Invalid number of snapshots");
        }

        return s == 0 ? (MixedStepType.ForwardReverse, n) : (MixedStepType.Forward, RestartRow((int)s)[n]);
    }

    /// <summary>Cost of n steps with s units, the clamping of the reference included; row s must exist.</summary>
    private long C(int n, int s) => n == 1 ? 1 : _cost[Math.Min(s, n - 1)][n];

    private void BuildRow(int s)
    {
        var maxN = MaxN;
        var cost = new long[maxN + 1];
        var advance = new int[maxN + 1];
        _cost[s] = cost;
        _advance[s] = advance;
        for (var n = 1; n <= Math.Min(s + 1, maxN); n++)
        {
            cost[n] = n;
            advance[n] = 1;
        }

        if (s == 1)
        {
            for (long n = 3; n <= maxN; n++)
            {
                cost[n] = (n * (n + 1) / 2) - 1;
                advance[n] = (int)(n - 1);
            }

            return;
        }

        var below = _cost[s - 1];
        var opt = 2;
        for (var n = s + 2; n <= maxN; n++)
        {
            // Split cost h(i) = i + C(i, s) + C(n - i, s - 1) for 2 <= i <= n - 1: resume from the previous
            // optimum and walk forward while it does not increase (ties move on to the larger i).
            var i = Math.Max(opt, 2);
            var best = i + RowCost(cost, i, s) + RowCost(below, n - i, s - 1);
            while (i + 1 <= n - 1)
            {
                var next = i + 1 + RowCost(cost, i + 1, s) + RowCost(below, n - i - 1, s - 1);
                if (next > best)
                {
                    break;
                }

                best = next;
                i++;
            }

            opt = i;
            var adj = 1 + RowCost(below, n - 1, s - 1);
            if (adj <= best)
            {
                cost[n] = adj;
                advance[n] = 1;
            }
            else
            {
                cost[n] = best;
                advance[n] = i;
            }
        }
    }

    // A row's stored values already follow the clamping C(m, s) = m for m <= s + 1.
    private static long RowCost(long[] row, int m, int s) => m <= s + 1 ? m : row[m];

    private int[] RestartRow(int s)
    {
        var row = Volatile.Read(ref _restartAdvance[s]);
        if (row is not null)
        {
            return row;
        }

        lock (_restartLock)
        {
            row = _restartAdvance[s];
            if (row is null)
            {
                row = BuildRestartRow(s);
                Volatile.Write(ref _restartAdvance[s], row);
            }

            return row;
        }
    }

    private int[] BuildRestartRow(int s)
    {
        // Split cost g(i) = i + C(i, s + 1) + C(n - i, s) for 1 <= i <= n - 1, same search as BuildRow.
        var maxN = MaxN;
        var advance = new int[maxN + 1];
        var opt = 1;
        for (var n = s + 2; n <= maxN; n++)
        {
            var i = opt;
            var best = i + C(i, s + 1) + C(n - i, s);
            while (i + 1 <= n - 1)
            {
                var next = i + 1 + C(i + 1, s + 1) + C(n - i - 1, s);
                if (next > best)
                {
                    break;
                }

                best = next;
                i++;
            }

            opt = i;
            advance[n] = i;
        }

        return advance;
    }
}
