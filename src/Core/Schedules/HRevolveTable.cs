using System.Numerics;
using System.Runtime.CompilerServices;

namespace PyRevolveNet.Schedules;

/// <summary>
/// H-Revolve's DP (Herrmann &amp; Pallez 2020) for two levels, RAM (write/read free) and DISK (wd, rd).
/// Level 0 is binomial checkpointing, so only its column at the RAM capacity is stored (from the closed
/// form); level 1 is the O(l²·c) DP over flat arrays: <c>opt[m][x]</c> (cost of x+1 steps with m disk slots)
/// and <c>optp[m][x]</c> (same with the checkpoint at step 0 already on disk).
/// </summary>
internal sealed class HRevolveTable : IPlanTable
{
    private readonly int _stride;
    private readonly double[] _ramFull;
    private readonly double[] _opt;
    private readonly double[] _optp;

    private HRevolveTable(long steps, double[] ramFull, double[] opt, double[] optp)
    {
        Steps = steps;
        _stride = ramFull.Length;
        _ramFull = ramFull;
        _opt = opt;
        _optp = optp;
    }

    public long Steps { get; }

    public long Words => _ramFull.Length + _opt.Length + _optp.Length;

    /// <summary>opt[0][x][c0]: the best cost of x+1 steps using RAM only.</summary>
    public double RamOnly(long x) => _ramFull[x];

    /// <summary>opt[1][x][m].</summary>
    public double Opt(long m, long x) => _opt[(m * _stride) + x];

    /// <summary>optp[1][x][m].</summary>
    public double OptP(long m, long x) => _optp[(m * _stride) + x];

    /// <summary>
    /// Builds the tables for sizes 0..<paramref name="steps"/>, with RAM capacity <paramref name="ram"/> and disk
    /// capacity <paramref name="disk"/> (both already capped), step costs <paramref name="uf"/>/<paramref name="ub"/>
    /// as the table is to use them.
    /// </summary>
    // Runs once per schedule: compile it optimised straight away instead of tiering up mid-loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static HRevolveTable Build(long steps, long ram, long disk, double uf, double ub, double wd, double rd, BinomialTable binomial)
    {
        var stride = checked((int)(steps + 1));
        var ramFull = new double[stride];
        for (var x = 0; x < stride; x++)
        {
            ramFull[x] = RamCost(x, ram, uf, ub, binomial);
        }

        var columns = checked((int)(disk + 1));
        var opt = new double[checked(columns * stride)];
        var optp = new double[opt.Length];
        opt.AsSpan().Fill(double.PositiveInfinity);
        optp.AsSpan().Fill(double.PositiveInfinity);
        for (var m = 0; m < columns; m++)
        {
            var col = m * stride;
            opt[col] = ub;
            optp[col] = ub;
            if (stride > 1)
            {
                optp[col + 1] = uf + (2 * ub) + 0.0;
                opt[col + 1] = 0.0 + optp[col + 1];
            }
        }

        for (var x = 2; x < stride; x++)
        {
            opt[x] = ramFull[x];
        }

        // prev[x - j] runs backwards in j; a reversed copy makes both operands contiguous for SIMD.
        var reversed = new double[stride];
        for (var m = 1; m < columns; m++)
        {
            var prev = opt.AsSpan((m - 1) * stride, stride);
            var curP = optp.AsSpan(m * stride, stride);
            var cur = opt.AsSpan(m * stride, stride);
            for (var k = 0; k < stride; k++)
            {
                reversed[k] = prev[stride - 1 - k];
            }

            for (var x = 1; x < stride; x++)
            {
                // Candidates j = 1..x-1: j·uf + prev[x-j] + rd + curP[j-1], with prev[x-j] = reversed[stride-x-1+j].
                var best = Math.Min(ramFull[x], MinCandidate(reversed.AsSpan(stride - x, x - 1), curP[..(x - 1)], uf, rd));
                curP[x] = best;
                cur[x] = Math.Min(ramFull[x], wd + best);
            }
        }

        return new HRevolveTable(steps, ramFull, opt, optp);
    }

    /// <summary>
    /// min over i of ((i+1)·uf + a[i]) + rd + b[i], each term summed in the reference's order (so the
    /// values, and hence the minimum, are the reference's).
    /// </summary>
    // Runs once per schedule: compile it optimised straight away instead of tiering up mid-loop.
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static double MinCandidate(ReadOnlySpan<double> a, ReadOnlySpan<double> b, double uf, double rd)
    {
        var best = double.PositiveInfinity;
        var i = 0;
        if (Vector.IsHardwareAccelerated && a.Length >= 2 * Vector<double>.Count)
        {
            var width = Vector<double>.Count;
            var j = Vector<double>.Indices + Vector<double>.One;
            var step = new Vector<double>(width);
            var ufv = new Vector<double>(uf);
            var rdv = new Vector<double>(rd);
            var bestv = new Vector<double>(double.PositiveInfinity);
            for (; i <= a.Length - width; i += width)
            {
                var v = (j * ufv) + new Vector<double>(a[i..]) + rdv + new Vector<double>(b[i..]);
                bestv = Vector.Min(bestv, v);
                j += step;
            }

            for (var k = 0; k < width; k++)
            {
                best = Math.Min(best, bestv[k]);
            }
        }

        for (; i < a.Length; i++)
        {
            best = Math.Min(best, ((i + 1) * uf) + a[i] + rd + b[i]);
        }

        return best;
    }

    /// <summary>
    /// opt[0][x][m] = optp[0][x][m] of the level-0 DP, which is Revolve's T: (x+1)·ub + F(x, m)·uf; the
    /// m = 1 column is written as the reference writes it. m = 0 can only reverse a single step.
    /// </summary>
    public static double RamCost(long x, long m, double uf, double ub, BinomialTable binomial)
    {
        if (x == 0)
        {
            return ub;
        }

        if (m == 0)
        {
            return double.PositiveInfinity;
        }

        if (x == 1)
        {
            return uf + (2 * ub) + 0.0;
        }

        if (m == 1)
        {
            return ((x + 1) * ub) + ((double)(x * (x + 1)) / 2 * uf) + (x * 0.0);
        }

        return ((x + 1) * ub) + (uf * binomial.Extra(x, m));
    }
}
