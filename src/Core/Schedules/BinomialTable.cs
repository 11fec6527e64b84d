namespace PyRevolveNet.Schedules;

/// <summary>
/// Closed forms of binomial (Griewank–Walther) checkpointing used by the revolve family.
/// With beta(c, r) = C(c + r, r), reversing n steps with c RAM checkpoints needs
/// <c>F(n - 1, c) = r*n - beta(c + 1, r - 1)</c> extra forward steps, where r = <see cref="Repetitions"/>(c, n)
/// is the smallest r with beta(c, r) &gt;= n. F grows by exactly r(n) from n - 1 to n steps, which makes the
/// Revolve split objective convex, so the split can be read off these numbers instead of a DP table.
/// </summary>
internal sealed class BinomialTable
{
    // Snapshot counts above this have tiny r (beta grows at least like c^r / r!), computed directly.
    private const long TabulatedC = 4096;

    private readonly long _limit;
    private readonly long[]?[] _beta;

    /// <param name="maxC">Largest snapshot count that will be asked about.</param>
    /// <param name="limit">Largest n that will be asked about.</param>
    public BinomialTable(long maxC, long limit)
    {
        _limit = Math.Max(limit, 2);
        _beta = new long[]?[Math.Clamp(maxC, 1, TabulatedC) + 1];
    }

    /// <summary>Smallest r &gt;= 0 with C(c + r, r) &gt;= n (c &gt;= 1).</summary>
    public long Repetitions(long c, long n)
    {
        if (n <= 1)
        {
            return 0;
        }

        if (c == 1)
        {
            return n - 1;
        }

        if (n <= c + 1)
        {
            return 1;
        }

        if (c > TabulatedC)
        {
            return RepetitionsDirect(c, n);
        }

        var beta = BetaTable(c);
        int lo = 2, hi = beta.Length - 1;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (beta[mid] >= n)
            {
                hi = mid;
            }
            else
            {
                lo = mid + 1;
            }
        }

        return lo;
    }

    /// <summary>beta(c, r) = C(c + r, r) for c &gt;= 1, saturated at <see cref="long.MaxValue"/> beyond the limit.</summary>
    public long Beta(long c, long r)
    {
        if (c == 1)
        {
            return r + 1;
        }

        if (c <= TabulatedC)
        {
            var table = BetaTable(c);
            return r < table.Length ? table[r] : long.MaxValue;
        }

        Int128 value = 1;
        for (long k = 1; k <= r; k++)
        {
            value = value * (c + k) / k;
            if (value >= _limit)
            {
                return k == r ? (long)Int128.Min(value, long.MaxValue) : long.MaxValue;
            }
        }

        return (long)value;
    }

    /// <summary>
    /// Extra forward steps (beyond one taping forward per step) of optimal binomial checkpointing of
    /// x + 1 steps with c &gt;= 1 RAM checkpoints: Revolve's DP value T[c][x] = (x + 1)·ub + F·uf.
    /// </summary>
    public long Extra(long x, long c)
    {
        var n = x + 1;
        var r = Repetitions(c, n);
        if (r == 0)
        {
            return 0;
        }

        if (c == 1)
        {
            return (long)((Int128)n * (n - 1) / 2);
        }

        if (r == 1)
        {
            return n - 1;
        }

        // beta(c + 1, r - 1) = C(c + r, r - 1) = C(c + r, r) * r / (c + 1), exactly.
        var gamma = BetaValue(c, r) * r / (c + 1);
        return (long)(((Int128)r * n) - gamma);
    }

    private Int128 BetaValue(long c, long r)
    {
        if (c <= TabulatedC)
        {
            return BetaTable(c)[r];
        }

        Int128 value = 1;
        for (long k = 1; k <= r; k++)
        {
            value = value * (c + k) / k;
        }

        return value;
    }

    private static long RepetitionsDirect(long c, long n)
    {
        Int128 value = 1;
        long r = 0;
        while (value < n)
        {
            r++;
            value = value * (c + r) / r;
        }

        return r;
    }

    /// <summary>beta(c, r) for r = 0, 1, ... up to the first value &gt;= the limit (c &gt;= 2).</summary>
    private long[] BetaTable(long c)
    {
        var table = _beta[c];
        if (table is null)
        {
            table = BuildBeta(c, _limit);
            _beta[c] = table;
        }

        return table;
    }

    private static long[] BuildBeta(long c, long limit)
    {
        var values = new List<long> { 1 };
        Int128 value = 1;
        for (long r = 1; values[^1] < limit; r++)
        {
            // C(c + r, r) = C(c + r - 1, r - 1) * (c + r) / r; exact, and bounded by limit * (c + r).
            value = value * (c + r) / r;
            values.Add(value >= long.MaxValue ? long.MaxValue : (long)value);
        }

        return [.. values];
    }
}
