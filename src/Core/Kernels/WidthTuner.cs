namespace PyRevolveNet.Kernels;

/// <summary>
/// Picks the faster vector width for one kind of step from the first steps' own timings. The widest vectors
/// are not always the fastest: measured on an Intel Xeon (Emerald Rapids), the 512-bit stencil is up to 1.5x
/// slower than the 256-bit one on grids far larger than L2 (3D SO8 384^3, 2D SO8 4000^2), yet faster in
/// 2D SO16 and on grids that fit in L2; on AMD Zen 5, 512 bits won everywhere. All widths give bitwise the same fields
/// (<see cref="AcousticRowKernel"/>), so trying them on real steps changes no result.
/// The candidates take turns for <see cref="Rounds"/> rounds; the one with the smallest best time is kept.
/// Not thread-safe: the propagator calls it under its step lock.
/// </summary>
internal sealed class WidthTuner
{
    /// <summary>Timed steps per candidate (the minimum is kept, so one disturbed step cannot decide).</summary>
    public const int Rounds = 3;

    private readonly SimdWidth[] _candidates;
    private readonly double[] _bestSeconds;
    private int _trials;
    private SimdWidth? _chosen;

    /// <param name="widest">the widest width allowed; the next narrower vector width competes with it</param>
    public WidthTuner(SimdWidth widest)
    {
        _candidates = widest == SimdWidth.Vector512 && SimdSupport.IsAccelerated(SimdWidth.Vector256)
            ? [SimdWidth.Vector512, SimdWidth.Vector256]
            : [widest];
        _bestSeconds = new double[_candidates.Length];
        Array.Fill(_bestSeconds, double.PositiveInfinity);
        if (_candidates.Length == 1)
        {
            _chosen = widest;
        }
    }

    /// <summary>The width kept, once every candidate has had its rounds; null while trying.</summary>
    public SimdWidth? Chosen => _chosen;

    /// <summary>Steps this tuner times before it settles (0 when there is nothing to choose).</summary>
    public int TrialSteps => _candidates.Length == 1 ? 0 : _candidates.Length * Rounds;

    /// <summary>The width for the next step.</summary>
    public SimdWidth Next() => _chosen ?? _candidates[_trials % _candidates.Length];

    /// <summary>Records how long the step run with <see cref="Next"/>'s width took.</summary>
    public void Record(double seconds)
    {
        if (_chosen is not null)
        {
            return;
        }

        int c = _trials % _candidates.Length;
        _bestSeconds[c] = Math.Min(_bestSeconds[c], seconds);
        if (++_trials < TrialSteps)
        {
            return;
        }

        int best = 0;
        for (int k = 1; k < _candidates.Length; k++)
        {
            if (_bestSeconds[k] < _bestSeconds[best])
            {
                best = k;
            }
        }

        _chosen = _candidates[best];
    }
}
