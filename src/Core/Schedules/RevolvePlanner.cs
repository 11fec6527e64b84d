using System.Diagnostics.CodeAnalysis;

namespace PyRevolveNet.Schedules;

/// <summary>
/// Produces the toolbox operation sequence of Revolve lazily: a task popped from the stack appends the
/// operations it starts with and pushes the calls that follow (last first), so the sequence is never
/// materialised and memory stays proportional to the recursion depth. Derived planners add the disk levels.
/// </summary>
internal class RevolvePlanner
{
    /// <param name="maxN">Number of forward steps.</param>
    /// <param name="snapshots">RAM checkpoints (at least 1).</param>
    public RevolvePlanner(long maxN, long snapshots)
    {
        Steps = maxN - 1;

        // Beyond one checkpoint per step more RAM changes neither the DP values nor the choices.
        Snapshots = Math.Min(snapshots, Math.Max(Steps, 1));
        Binomial = new BinomialTable(Snapshots, maxN == long.MaxValue ? maxN : maxN + 1);
    }

    /// <summary>The toolbox's l = max_n - 1.</summary>
    public long Steps { get; }

    /// <summary>RAM checkpoints, capped at what can be used.</summary>
    public long Snapshots { get; }

    public BinomialTable Binomial { get; }

    /// <summary>The call that generates the whole sequence.</summary>
    public virtual PlanTask Root => new(PlanTaskKind.Revolve, Steps, Snapshots, 0);

    /// <summary>Appends the leading operations of <paramref name="task"/> and pushes what follows them.</summary>
    public virtual void Expand(in PlanTask task, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        switch (task.Kind)
        {
            case PlanTaskKind.Revolve:
                ExpandRevolve(task.L, task.M, task.Shift, task.SkipWrite, ops, stack);
                break;
            case PlanTaskKind.Sweep:
                ExpandSweep(task.L, task.Shift, task.Index, ops, stack);
                break;
            case PlanTaskKind.Read:
                ops.Add(PlanOp.Read(task.Shift, task.Storage));
                break;
            default:
                ThrowUnknown(task.Kind);
                break;
        }
    }

    /// <summary>
    /// Revolve(l, c) from step s. The split j is the largest minimiser of j·uf + T[c-1][l-j] + T[c][j-1],
    /// independent of the costs since T[c][x] = (x+1)·ub + F(x, c)·uf.
    /// </summary>
    public void ExpandRevolve(long l, long c, long s, bool skipWrite, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        if (l == 0)
        {
            AdjointStep(s, ops);
            return;
        }

        if (l == 1)
        {
            TwoSteps(s, !skipWrite, StorageType.Ram, ops);
            return;
        }

        if (!skipWrite)
        {
            ops.Add(PlanOp.WriteIcs(s, StorageType.Ram));
        }

        if (c == 1)
        {
            ExpandSweep(l, s, l - 1, ops, stack);
            return;
        }

        var j = RevolveSplit(l, c);
        ops.Add(PlanOp.Forward(s, s + j));
        stack.Push(new PlanTask(PlanTaskKind.Revolve, j - 1, c, s, SkipWrite: true));
        stack.Push(new PlanTask(PlanTaskKind.Read, 0, 0, s, Storage: StorageType.Ram));
        stack.Push(new PlanTask(PlanTaskKind.Revolve, l - j, c - 1, s + j));
    }

    /// <summary>
    /// Largest minimiser over 1 &lt;= j &lt; l of g(j) = j + F(l-j, c-1) + F(j-1, c) (c &gt;= 2, l &gt;= 2).
    /// g is convex with g(j) - g(j-1) = 1 + r_c(j) - r_{c-1}(l-j+2), so the answer is the last j where that
    /// difference is &lt;= 0 (ties go to the largest j, as in the reference). r_c(j) is constant (= k) on the
    /// band beta(c, k-1) &lt; j &lt;= beta(c, k), and there the condition reads j &lt;= l + 1 - beta(c-1, k): scanning
    /// the bands from the top finds the answer in a step or two.
    /// </summary>
    public long RevolveSplit(long l, long c)
    {
        for (var k = Binomial.Repetitions(c, l - 1); k >= 1; k--)
        {
            var hi = Math.Min(Math.Min(Binomial.Beta(c, k), l - 1), l + 1 - Binomial.Beta(c - 1, k));
            if (hi >= Math.Max(Binomial.Beta(c, k - 1) + 1, 2))
            {
                return hi;
            }
        }

        return 1;
    }

    /// <summary>One iteration of the single-checkpoint sweep: recompute from s up to step s+index+1, reverse it.</summary>
    public static void ExpandSweep(long l, long s, long index, List<PlanOp> ops, Stack<PlanTask> stack)
    {
        if (index != l - 1)
        {
            ops.Add(PlanOp.Read(s, StorageType.Ram));
        }

        ops.Add(PlanOp.Forward(s, s + index + 1));
        AdjointStep(s + index + 1, ops);
        if (index > 0)
        {
            stack.Push(new PlanTask(PlanTaskKind.Sweep, l, 0, s, Index: index - 1));
        }
        else
        {
            ops.Add(PlanOp.Read(s, StorageType.Ram));
            AdjointStep(s, ops);
        }
    }

    /// <summary>Tape step s in working memory and reverse it.</summary>
    public static void AdjointStep(long s, List<PlanOp> ops)
    {
        ops.Add(PlanOp.WriteAdjDeps(s + 1));
        ops.Add(PlanOp.Forward(s, s + 1));
        ops.Add(PlanOp.Backward(s + 1));
    }

    /// <summary>The two-step pattern: [write RAM at s], advance, reverse step s+1, read s, reverse step s.</summary>
    public static void TwoSteps(long s, bool writeRam, StorageType readFrom, List<PlanOp> ops)
    {
        if (writeRam)
        {
            ops.Add(PlanOp.WriteIcs(s, StorageType.Ram));
        }

        ops.Add(PlanOp.Forward(s, s + 1));
        AdjointStep(s + 1, ops);
        ops.Add(PlanOp.Read(s, readFrom));
        AdjointStep(s, ops);
    }

    [DoesNotReturn]
    protected static void ThrowUnknown(PlanTaskKind kind) =>
        throw new InvalidOperationException($"planner cannot expand a {kind} task");
}
