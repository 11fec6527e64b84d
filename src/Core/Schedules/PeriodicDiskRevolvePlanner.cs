using System.Numerics;

namespace PyRevolveNet.Schedules;

/// <summary>
/// Periodic Disk-Revolve (Aupy &amp; Herrmann 2017): a DISK checkpoint every <see cref="Period"/> steps, Revolve
/// inside each period.
/// </summary>
internal sealed class PeriodicDiskRevolvePlanner : RevolvePlanner
{
    private const double TwoPow62 = 4611686018427387904.0;

    private readonly long _lastPeriodStart;

    public PeriodicDiskRevolvePlanner(long maxN, long snapshots, double uf, double wd, double rd)
        : base(maxN, snapshots)
    {
        Period = ComputePeriod(snapshots, uf, wd, rd);

        // The forward loop writes at 0, mx, 2mx, ... while more than one period is left.
        _lastPeriodStart = Steps > Period ? (Steps - 1) / Period * Period : 0;
    }

    /// <summary>The period mx, saturated at <see cref="long.MaxValue"/> when it exceeds 2^62.</summary>
    public long Period { get; }

    public override PlanTask Root => _lastPeriodStart == 0
        ? new PlanTask(PlanTaskKind.Revolve, Steps, Snapshots, 0)
        : new PlanTask(PlanTaskKind.PeriodForward, 0, 0, 0);

    public override void Expand(in PlanTask task, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        switch (task.Kind)
        {
            case PlanTaskKind.PeriodForward:
                var p = task.Shift;
                ops.Add(PlanOp.WriteIcs(p, StorageType.Disk));
                ops.Add(PlanOp.Forward(p, p + Period));
                if (p + Period < _lastPeriodStart)
                {
                    stack.Push(new PlanTask(PlanTaskKind.PeriodForward, 0, 0, p + Period));
                }
                else
                {
                    stack.Push(new PlanTask(PlanTaskKind.PeriodBackward, 0, 0, _lastPeriodStart));
                    stack.Push(new PlanTask(PlanTaskKind.Revolve, Steps - _lastPeriodStart, Snapshots, _lastPeriodStart));
                }

                break;
            case PlanTaskKind.PeriodBackward:
                var q = task.Shift - Period;
                ops.Add(PlanOp.Read(q, StorageType.Disk));
                if (q > 0)
                {
                    stack.Push(new PlanTask(PlanTaskKind.PeriodBackward, 0, 0, q));
                }

                stack.Push(new PlanTask(PlanTaskKind.Revolve, Period - 1, Snapshots, q));
                break;
            default:
                base.Expand(task, ops, stack);
                break;
        }
    }

    /// <summary>
    /// The reference's period: mx = beta(c, t) with t the smallest integer such that
    /// beta(c + 1, t) &gt; (wd + rd) / uf, where beta(x, y) = (x+y)!/(x! y!) as a float. Found by doubling and
    /// bisection (beta grows with t) rather than a linear loop, so absurd cost ratios cannot hang it.
    /// </summary>
    public static long ComputePeriod(long snapshots, double uf, double wd, double rd)
    {
        // Above 2^62 slots the period saturates whatever the exact count, so clamping keeps x + y in range.
        snapshots = Math.Min(snapshots, 1L << 62);
        var ratio = (wd + rd) / uf;
        long t = 0;
        if (BetaAsDouble(snapshots + 1, 0) <= ratio)
        {
            long lo = 0, hi = 1;
            while (BetaAsDouble(snapshots + 1, hi) <= ratio)
            {
                if (BetaAsDouble(snapshots, hi) >= TwoPow62)
                {
                    return long.MaxValue;
                }

                lo = hi;
                hi *= 2;
            }

            while (hi - lo > 1)
            {
                var mid = lo + ((hi - lo) / 2);
                if (BetaAsDouble(snapshots + 1, mid) <= ratio)
                {
                    lo = mid;
                }
                else
                {
                    hi = mid;
                }
            }

            t = hi;
        }

        var mx = BetaAsDouble(snapshots, t);
        return mx >= TwoPow62 ? long.MaxValue : (long)mx;
    }

    /// <summary>C(x + y, y) rounded to a double (infinity once far beyond the double range).</summary>
    private static double BetaAsDouble(long x, long y)
    {
        var k = Math.Min(x, y);
        var top = (BigInteger)Math.Max(x, y);
        var cap = BigInteger.One << 1100;
        var value = BigInteger.One;

        // Partial products C(top + i, i) increase with i, so the cap bounds the loop to about 1100 rounds.
        for (long i = 1; i <= k; i++)
        {
            value = value * (top + i) / i;
            if (value > cap)
            {
                return double.PositiveInfinity;
            }
        }

        return (double)value;
    }
}
