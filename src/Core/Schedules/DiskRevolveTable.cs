namespace PyRevolveNet.Schedules;

/// <summary>
/// Disk-Revolve's opt_inf DP (Aupy, Herrmann, Hovland &amp; Robert 2016) with the choice it implies at every
/// size: I[l] = min(T[c][l], min_j(wd + j·uf + I[l-j] + rd + T[c][j-1])). T comes from the closed form.
/// </summary>
internal sealed class DiskRevolveTable : IPlanTable
{
    private readonly long[] _split;
    private readonly bool[] _useDisk;

    private DiskRevolveTable(long steps, long[] split, bool[] useDisk)
    {
        Steps = steps;
        _split = split;
        _useDisk = useDisk;
    }

    public long Steps { get; }

    public long Words => _split.Length + (_useDisk.Length / 8);

    /// <summary>Whether Disk-Revolve(l) starts with a disk checkpoint (l &gt;= 2).</summary>
    public bool UsesDisk(long l) => _useDisk[l];

    /// <summary>The forward advance after that disk checkpoint (largest minimiser).</summary>
    public long Split(long l) => _split[l];

    /// <summary>
    /// Builds the table for sizes 0..<paramref name="steps"/>. <paramref name="first"/> and
    /// <paramref name="second"/> are the two disk costs in the order the reference adds them.
    /// </summary>
    public static DiskRevolveTable Build(long steps, long snapshots, double uf, double ub, double first, double second)
    {
        var size = checked((int)(steps + 1));
        var binomial = new BinomialTable(snapshots, steps + 2);
        var t = new double[size];
        for (var x = 0; x < size; x++)
        {
            t[x] = ((x + 1) * ub) + (uf * binomial.Extra(x, snapshots));
        }

        var inf = new double[size];
        var split = new long[size];
        var useDisk = new bool[size];
        inf[0] = ub;
        if (size > 1)
        {
            inf[1] = uf + (2 * ub);
        }

        for (var l = 2; l < size; l++)
        {
            var best = double.PositiveInfinity;
            var bestJ = 0;
            for (var j = 1; j < l; j++)
            {
                var v = first + (j * uf) + inf[l - j] + second + t[j - 1];
                if (v <= best)
                {
                    best = v;
                    bestJ = j;
                }
            }

            split[l] = bestJ;
            useDisk[l] = best < t[l];
            inf[l] = Math.Min(t[l], best);
        }

        return new DiskRevolveTable(steps, split, useDisk);
    }
}
