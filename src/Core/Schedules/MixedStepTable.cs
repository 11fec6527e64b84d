using System.Numerics;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Schedules;

/// <summary>
/// The dynamic programme of mixed checkpointing (Maddison 2024), tabulated for up to <see cref="MaxN"/>
/// steps and <see cref="MaxS"/> units. Row s gives, for n steps, the optimal cost and first advance (ties between split points take the largest
/// advance; storing adjoint dependencies must be strictly cheaper, as in the reference).
/// <para>
/// Same exhaustive O(n²·s) search as the reference (optimal split points are neither monotone in n nor
/// unimodal, so no shortcut is exact), but over flat arrays laid out so that every candidate split is a
/// SIMD lane: one vector min-reduction, then a vector search from the top for the largest split reaching it.
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

    private MixedStepTable(int maxN, int maxS)
    {
        MaxN = maxN;
        MaxS = maxS;
        _cost = new long[maxS + 1][];
        _advance = new int[maxS + 1][];
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

        var needN = (int)n;
        var needS = (int)Math.Max(s, 1);
        lock (s_lock)
        {
            MixedStepTable? near = null;
            foreach (var t in s_tables)
            {
                if (t.MaxN >= needN && t.MaxS >= needS)
                {
                    return t;
                }

                if (2L * t.MaxN >= needN && 2L * t.MaxS >= needS && (near is null || (long)t.MaxN * t.MaxS > (long)near.MaxN * near.MaxS))
                {
                    near = t;
                }
            }

            // A request just beyond a cached table replaces it with one grown geometrically in each short
            // dimension, so callers that walk up through sizes rebuild O(log n) times, not once per size.
            if (near is not null)
            {
                needN = needN > near.MaxN ? Math.Max(needN, near.MaxN + (near.MaxN / 2) + 1) : near.MaxN;
                needS = needS > near.MaxS ? Math.Max(needS, near.MaxS + (near.MaxS / 2) + 1) : near.MaxS;
                needS = Math.Min(needS, Math.Max(needN - 1, 1));
            }

            var table = new MixedStepTable(needN, Math.Max(needS, 1));
            s_tables.RemoveAll(t => t.MaxN <= table.MaxN && t.MaxS <= table.MaxS);
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

        // h(i) = (i + C(i, s)) + C(n - i, s - 1): the first term is a prefix of this row, the second a
        // reversed row below, so both are contiguous in i and the minimum is a vector reduction.
        var below = _cost[s - 1];
        var plus = new long[maxN + 1];
        var reversed = new long[maxN + 1];
        for (var m = 1; m <= maxN; m++)
        {
            plus[m] = m + cost[m];
            reversed[maxN - m] = RowCost(below, m, s - 1);
        }

        for (var n = s + 2; n <= maxN; n++)
        {
            // reversed[maxN - n + i] = C(n - i, s - 1).
            var offset = maxN - n;
            var best = MinSum(plus, reversed, 2, n, offset);
            var adj = 1 + RowCost(below, n - 1, s - 1);

            // Adjoint dependencies only when strictly cheaper; among equal split points the largest wins.
            if (adj < best)
            {
                cost[n] = adj;
                advance[n] = 1;
            }
            else
            {
                cost[n] = best;
                advance[n] = LastIndexOfSum(plus, reversed, 2, n, offset, best);
            }

            plus[n] = n + cost[n];
        }
    }

    /// <summary>min over lo &lt;= i &lt; hi of a[i] + b[offset + i].</summary>
    private static long MinSum(long[] a, long[] b, int lo, int hi, int offset)
    {
        var best = long.MaxValue;
        var i = lo;
        var width = Vector<long>.Count;
        if (Vector.IsHardwareAccelerated && hi - lo >= 2 * width)
        {
            ref var ra = ref MemoryMarshal.GetArrayDataReference(a);
            ref var rb = ref MemoryMarshal.GetArrayDataReference(b);
            var min = new Vector<long>(long.MaxValue);
            for (; i <= hi - width; i += width)
            {
                min = Vector.Min(min, Vector.LoadUnsafe(ref ra, (nuint)i) + Vector.LoadUnsafe(ref rb, (nuint)(offset + i)));
            }

            for (var k = 0; k < width; k++)
            {
                best = Math.Min(best, min[k]);
            }
        }

        for (; i < hi; i++)
        {
            best = Math.Min(best, a[i] + b[offset + i]);
        }

        return best;
    }

    /// <summary>The largest lo &lt;= i &lt; hi with a[i] + b[offset + i] == value (which must exist).</summary>
    private static int LastIndexOfSum(long[] a, long[] b, int lo, int hi, int offset, long value)
    {
        var i = hi;
        var width = Vector<long>.Count;
        if (Vector.IsHardwareAccelerated)
        {
            ref var ra = ref MemoryMarshal.GetArrayDataReference(a);
            ref var rb = ref MemoryMarshal.GetArrayDataReference(b);
            var target = new Vector<long>(value);
            while (i - width >= lo
                && !Vector.EqualsAny(Vector.LoadUnsafe(ref ra, (nuint)(i - width)) + Vector.LoadUnsafe(ref rb, (nuint)(offset + i - width)), target))
            {
                i -= width;
            }
        }

        for (var k = i - 1; k >= lo; k--)
        {
            if (a[k] + b[offset + k] == value)
            {
                return k;
            }
        }

        ScheduleErrors.ThrowState("Failed to determine total number of steps");
        return -1;
    }

    // A row's stored values already follow the clamping C(m, s) = m for m <= s + 1.
    private static long RowCost(long[] row, int m, int s) => m <= s + 1 ? m : row[m];
}
