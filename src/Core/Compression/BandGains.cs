namespace PyRevolveNet.Compression;

/// <summary>
/// Synthesis gains of the 1-D CDF 9/7 pyramid on lines of <c>side</c> samples: for each level, the root mean
/// square L2 norm of the reconstructions of unit coefficients in its high band (<see cref="High"/>) and in its
/// low band (<see cref="Low"/>, the scaling functions of that level). With this lifting's normalization the
/// norms grow by about 1.3 per level (0.77 for the finest high band, 2.4 for the low band after three
/// levels), so a uniform step would spend far too many bits on fine bands and too few on coarse ones; the
/// separable bands' gains are products of these (see <see cref="BandPlan"/>). Plain double arithmetic
/// (no fused operations), so every machine computes the same weights.
/// </summary>
internal sealed class BandGains
{
    private static readonly BandGains?[] Cache = new BandGains?[8];

    private BandGains(int side)
    {
        var levels = 0;
        for (var m = side; m >= 8; m /= 2)
        {
            levels++;
        }

        High = new double[levels];
        Low = new double[levels];
        var x = new double[side];
        for (var level = 0; level < levels; level++)
        {
            var m = side >> level;
            double high = 0, low = 0;
            for (var p = 0; p < m; p++)
            {
                Array.Clear(x);
                x[p] = 1;
                for (var s = m; s <= side; s *= 2)
                {
                    Inverse(x.AsSpan(0, s));
                }

                double e = 0;
                foreach (var v in x)
                {
                    e += v * v;
                }

                if (p < m / 2)
                {
                    low += e;
                }
                else
                {
                    high += e;
                }
            }

            High[level] = Math.Sqrt(high / (m / 2));
            Low[level] = Math.Sqrt(low / (m / 2));
        }
    }

    /// <summary>RMS synthesis norm of level l's high-band coefficients (l = 0 finest).</summary>
    public double[] High { get; }

    /// <summary>RMS synthesis norm of level l's low-band coefficients.</summary>
    public double[] Low { get; }

    public static BandGains For(int side) => Cache[int.Log2(side)] ??= new BandGains(side);

    /// <summary>One inverse level on x (low half then high half), as <see cref="Cdf97.Inverse"/> in double.</summary>
    private static void Inverse(Span<double> x)
    {
        var n = x.Length;
        var h = n / 2;
        Span<double> t = stackalloc double[n];
        for (var i = 0; i < h; i++)
        {
            t[2 * i] = x[i] * Cdf97.K;
            t[(2 * i) + 1] = x[h + i] / Cdf97.K;
        }

        Lift(t, -Cdf97.D, odd: false);
        Lift(t, -Cdf97.C, odd: true);
        Lift(t, -Cdf97.B, odd: false);
        Lift(t, -Cdf97.A, odd: true);
        t.CopyTo(x);
    }

    private static void Lift(Span<double> x, double w, bool odd)
    {
        var n = x.Length;
        for (var i = odd ? 1 : 0; i < n; i += 2)
        {
            var before = i == 0 ? 1 : i - 1;
            var after = i == n - 1 ? n - 2 : i + 1;
            x[i] += w * (x[before] + x[after]);
        }
    }
}
