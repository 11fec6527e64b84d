namespace PyRevolveNet.Compression;

/// <summary>
/// The subbands of one wavelet block (side <see cref="Side"/>, <see cref="Rank"/> blocked axes) in coding order:
/// the final low band (4 a side) first, then the detail bands from the coarsest level to the finest. Each band
/// is a box of Size^Rank coefficients at Origin in the block buffer; its class (0 = finest level, Levels = the
/// low band) picks the entropy tables and its gain the quantization weight. Immutable, cached per (rank, side).
/// </summary>
internal sealed class BandPlan
{
    private static readonly BandPlan?[] Cache = new BandPlan?[4 * 8];

    private BandPlan(int rank, int side)
    {
        Rank = rank;
        Side = side;
        Volume = rank switch { 1 => side, 2 => side * side, _ => side * side * side };
        Levels = 0;
        for (var m = side; m >= 8; m /= 2)
        {
            Levels++;
        }

        var gains = BandGains.For(side);
        var count = 1 + (Levels * ((1 << rank) - 1));
        Bands = new Band[count];
        Bands[0] = new Band(0, 0, 0, 4, Levels, Pow(gains.Low[Levels - 1], rank));
        var b = 1;
        for (var level = Levels - 1; level >= 0; level--)
        {
            var h = side >> (level + 1);
            for (var o = 1; o < 1 << rank; o++)
            {
                // Orientation bit a (from the last blocked axis) set: high-pass along that axis, origin h.
                var highs = int.PopCount(o);
                var gain = Pow(gains.High[level], highs) * Pow(gains.Low[level], rank - highs);
                int o0 = 0, o1 = 0, o2 = 0;
                switch (rank)
                {
                    case 1:
                        o2 = h;
                        break;
                    case 2:
                        o1 = (o & 2) != 0 ? h : 0;
                        o2 = (o & 1) != 0 ? h : 0;
                        break;
                    default:
                        o0 = (o & 4) != 0 ? h : 0;
                        o1 = (o & 2) != 0 ? h : 0;
                        o2 = (o & 1) != 0 ? h : 0;
                        break;
                }

                Bands[b++] = new Band(o0, o1, o2, h, level, gain);
            }
        }
    }

    public int Rank { get; }

    public int Side { get; }

    /// <summary>Coefficients per block: Side^Rank.</summary>
    public int Volume { get; }

    /// <summary>Transform levels (side, side/2, ... 8); classes are 0..Levels.</summary>
    public int Levels { get; }

    public int Classes => Levels + 1;

    public Band[] Bands { get; }

    public static BandPlan For(int rank, int side)
    {
        var key = (rank * 8) + int.Log2(side);
        return Cache[key] ??= new BandPlan(rank, side);
    }

    /// <summary>Coefficients of one band in one block.</summary>
    public int BandVolume(int band)
    {
        var h = Bands[band].Size;
        return Rank switch { 1 => h, 2 => h * h, _ => h * h * h };
    }

    private static double Pow(double x, int n)
    {
        var p = 1.0;
        for (var i = 0; i < n; i++)
        {
            p *= x;
        }

        return p;
    }

    /// <summary>
    /// One subband: origin (per axis, leading axes 0 when unblocked), side, class, and the root mean square
    /// synthesis gain of its coefficients (how much a unit error in one of them moves the reconstruction).
    /// </summary>
    internal readonly record struct Band(int O0, int O1, int O2, int Size, int Class, double Gain);
}
