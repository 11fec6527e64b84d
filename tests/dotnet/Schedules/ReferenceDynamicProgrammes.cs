namespace PyRevolveNet.Tests.Schedules;

/// <summary>
/// Independent, deliberately naive versions of the reference's recursions (spec §5.5, §5.6, §7.3), used to
/// check the fast Core tables and closed forms.
/// </summary>
public static class ReferenceDynamicProgrammes
{
    /// <summary>
    /// Binomial extra steps E(n, s) for 1 ≤ n ≤ maxN, 1 ≤ s ≤ maxS (s clamped to n - 1 as the reference):
    /// E(1, ·) = 0, E(n, 1) = n(n - 1)/2, E(n, s) = min over 1 ≤ i &lt; n of i + E(i, s) + E(n - i, s - 1).
    /// </summary>
    public static long[,] BinomialExtraSteps(int maxN, int maxS)
    {
        var e = new long[maxN + 1, maxS + 1];
        for (var s = 1; s <= maxS; s++)
        {
            for (var n = 1; n <= maxN; n++)
            {
                if (n == 1)
                {
                    e[n, s] = 0;
                }
                else if (Math.Min(s, n - 1) == 1)
                {
                    e[n, s] = (long)n * (n - 1) / 2;
                }
                else if (s > n - 1)
                {
                    e[n, s] = e[n, n - 1];
                }
                else
                {
                    var m = long.MaxValue;
                    for (var i = 1; i < n; i++)
                    {
                        m = Math.Min(m, i + e[i, Math.Min(s, Math.Max(i - 1, 1))] + e[n - i, Math.Min(s - 1, Math.Max(n - i - 1, 1))]);
                    }

                    e[n, s] = m;
                }
            }
        }

        return e;
    }

    /// <summary>
    /// Mixed step table: cost, first advance and whether the first step stores adjoint dependencies, for
    /// 1 ≤ n ≤ maxN, 1 ≤ s ≤ maxS (s clamped to n - 1). Every split point is scanned; ties take the largest
    /// split; adjoint dependencies win only when strictly cheaper.
    /// </summary>
    public static (long[,] Cost, int[,] Advance) Mixed(int maxN, int maxS)
    {
        var cost = new long[maxN + 1, maxS + 1];
        var advance = new int[maxN + 1, maxS + 1];
        long C(int n, int s) => n == 1 ? 1 : cost[n, Math.Min(s, n - 1)];
        for (var s = 1; s <= maxS; s++)
        {
            for (var n = 1; n <= maxN; n++)
            {
                if (n == 1 || n <= s + 1)
                {
                    (cost[n, s], advance[n, s]) = (n, 1);
                }
                else if (s == 1)
                {
                    (cost[n, s], advance[n, s]) = (((long)n * (n + 1) / 2) - 1, n - 1);
                }
                else
                {
                    long best = long.MaxValue;
                    var split = -1;
                    for (var i = 2; i < n; i++)
                    {
                        var m = i + C(i, s) + C(n - i, s - 1);
                        if (m <= best)
                        {
                            (best, split) = (m, i);
                        }
                    }

                    var adj = 1 + C(n - 1, s - 1);
                    (cost[n, s], advance[n, s]) = adj < best ? (adj, 1) : (best, split);
                }
            }
        }

        return (cost, advance);
    }

    /// <summary>optimal_steps_mixed by its own recursion (§7.3), for 1 ≤ n ≤ maxN and 1 ≤ s ≤ maxS.</summary>
    public static long[,] OptimalStepsMixed(int maxN, int maxS)
    {
        var f = new long[maxN + 1, maxS + 1];
        long F(int n, int s) => f[n, Math.Max(Math.Min(s, n - 1), 1)];
        for (var s = 1; s <= maxS; s++)
        {
            for (var n = 1; n <= maxN; n++)
            {
                if (n <= s + 1)
                {
                    f[n, s] = n;
                }
                else if (s == 1)
                {
                    f[n, s] = ((long)n * (n + 1) / 2) - 1;
                }
                else
                {
                    var m = 1 + F(n - 1, s - 1);
                    for (var i = 2; i < n; i++)
                    {
                        m = Math.Min(m, i + F(i, s) + F(n - i, s - 1));
                    }

                    f[n, s] = m;
                }
            }
        }

        return f;
    }
}
