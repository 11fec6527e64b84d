using System.Runtime.CompilerServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// How <see cref="CvxCompressCodec"/> tiles an array: blocks of E0 × E1 × E2 (block size on axes longer than 1;
/// edge blocks padded by replicating the border), the per-block forward and inverse transforms in a work
/// buffer, and the segments: runs of <see cref="SegmentBlocks"/> consecutive blocks that are coded (and
/// decoded) independently, in parallel when threads != 1. All of it follows from the shape and the block size,
/// so the stream is the same for any thread count.
/// </summary>
internal readonly struct BlockLayout
{
    /// <summary>Segments hold about this many coefficients (whole blocks).</summary>
    private const int SegmentTarget = 1 << 16;

    /// <summary>Per-block scratch of the transform: two lines and one m × m slab of rows (m ≤ 64).</summary>
    private const int ScratchSize = (2 * 64) + (64 * 64);

    private readonly Dims _dims;
    private readonly int _e0, _e1, _e2, _b0, _b1, _b2;

    /// <summary>
    /// Floats between two planes of the work buffer: the plane size plus one cache line when there are several
    /// planes, so the 32 samples of an axis-0 line (4 KiB apart otherwise) do not all fall in one L1 set.
    /// </summary>
    private readonly int _planeStride;

    public BlockLayout(in Dims dims, int block)
    {
        _dims = dims;
        _e0 = dims.N0 == 1 ? 1 : block;
        _e1 = dims.N1 == 1 ? 1 : block;
        _e2 = dims.N2 == 1 ? 1 : block;
        _b0 = (dims.N0 + _e0 - 1) / _e0;
        _b1 = (dims.N1 + _e1 - 1) / _e1;
        _b2 = (dims.N2 + _e2 - 1) / _e2;
        _planeStride = (_e1 * _e2) + (_e0 > 1 && _e1 > 1 ? 16 : 0);
        if ((long)BlockCount * BlockVolume > int.MaxValue / 4)
        {
            CodecThrow.Argument("shape", "the padded array is too large for one stream");
        }

        // The blocked axes, slowest first: their work-buffer strides place each band's rows.
        Span<int> strides = stackalloc int[3];
        var rank = 0;
        if (_e0 > 1)
        {
            strides[rank++] = _planeStride;
        }

        if (_e1 > 1)
        {
            strides[rank++] = _e2;
        }

        if (_e2 > 1)
        {
            strides[rank++] = 1;
        }

        Rank = rank;
        Plan = rank == 0 ? null : BandPlan.For(rank, block);
        PlaneStride = rank == 3 ? strides[0] : 0;
        RowStride = rank >= 2 ? strides[rank - 2] : 0;
        SegmentBlocks = Math.Max(1, SegmentTarget / BlockVolume);
        SegmentCount = (BlockCount + SegmentBlocks - 1) / SegmentBlocks;
    }

    /// <summary>Blocked axes (0 for a single value, which is never transformed).</summary>
    public int Rank { get; }

    public BandPlan? Plan { get; }

    /// <summary>Work-buffer stride of the slowest blocked axis when there are three.</summary>
    public int PlaneStride { get; }

    /// <summary>Work-buffer stride of the second-fastest blocked axis (rank ≥ 2).</summary>
    public int RowStride { get; }

    public int BlockCount => _b0 * _b1 * _b2;

    public int BlockVolume => _e0 * _e1 * _e2;

    /// <summary>Floats of the work buffer (planes padded).</summary>
    public int WorkVolume => _e0 * _planeStride;

    /// <summary>Floats of scratch the transform needs beside the work buffer.</summary>
    public static int Scratch => ScratchSize;

    public int SegmentBlocks { get; }

    public int SegmentCount { get; }

    /// <summary>Blocks in segment k (the last one may be short).</summary>
    public int BlocksIn(int segment) => Math.Min(SegmentBlocks, BlockCount - (segment * SegmentBlocks));

    /// <summary>
    /// Units of 16 coefficients per band for a segment of <paramref name="blocks"/> blocks (each band's run is
    /// padded with zeros to whole units); returns the segment's coefficient count.
    /// </summary>
    public int BandUnits(int blocks, Span<int> units)
    {
        var plan = Plan!;
        var total = 0;
        for (var band = 0; band < plan.Bands.Length; band++)
        {
            var u = ((blocks * plan.BandVolume(band)) + CoefficientCoder.UnitSize - 1) / CoefficientCoder.UnitSize;
            units[band] = u;
            total += u * CoefficientCoder.UnitSize;
        }

        return total;
    }

    /// <summary>Copies block b into the work buffer x, replicating the border past the array's edges.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Load(ReadOnlySpan<float> data, int b, Span<float> x)
    {
        var (o0, o1, o2) = Origin(b);
        for (var i = 0; i < _e0; i++)
        {
            var s0 = Math.Min(o0 + i, _dims.N0 - 1);
            for (var j = 0; j < _e1; j++)
            {
                var s1 = Math.Min(o1 + j, _dims.N1 - 1);
                var row = data.Slice((((s0 * _dims.N1) + s1) * _dims.N2) + o2, Math.Min(_e2, _dims.N2 - o2));
                var dst = x.Slice((i * _planeStride) + (j * _e2), _e2);
                row.CopyTo(dst);
                dst[row.Length..].Fill(row[^1]);
            }
        }
    }

    /// <summary>Writes the part of work buffer x that lies inside the array back into data.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Store(ReadOnlySpan<float> x, int b, Span<float> data)
    {
        var (o0, o1, o2) = Origin(b);
        var w = Math.Min(_e2, _dims.N2 - o2);
        for (var i = 0; i < _e0 && o0 + i < _dims.N0; i++)
        {
            for (var j = 0; j < _e1 && o1 + j < _dims.N1; j++)
            {
                x.Slice((i * _planeStride) + (j * _e2), w).CopyTo(data.Slice(((((o0 + i) * _dims.N1) + o1 + j) * _dims.N2) + o2, w));
            }
        }
    }

    private (int O0, int O1, int O2) Origin(int b)
    {
        var k2 = b % _b2;
        var k1 = b / _b2 % _b1;
        var k0 = b / (_b2 * _b1);
        return (k0 * _e0, k1 * _e1, k2 * _e2);
    }

    /// <summary>
    /// Multi-level separable transform (Mallat layout): each level transforms the leading m samples along
    /// every axis of extent > 1, then halves m, down to 4 samples a side. x is the work buffer
    /// (<see cref="WorkVolume"/> floats, planes padded), scratch holds <see cref="Scratch"/> floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void Transform(Span<float> x, Span<float> scratch, bool forward)
    {
        var extent = Math.Max(_e0, Math.Max(_e1, _e2));
        Span<int> sizes = stackalloc int[8];
        var levels = 0;
        for (var m = extent; m >= 8; m /= 2)
        {
            sizes[levels++] = m;
        }

        if (forward)
        {
            for (var l = 0; l < levels; l++)
            {
                Level(x, scratch, sizes[l], forward);
            }
        }
        else
        {
            for (var l = levels - 1; l >= 0; l--)
            {
                Level(x, scratch, sizes[l], forward);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Level(Span<float> x, Span<float> scratch, int m, bool forward)
    {
        var line = scratch[..m];
        var tmp = scratch.Slice(m, m);
        var rows = scratch.Slice(2 * m, m * m);
        int m0 = _e0 == 1 ? 1 : m, m1 = _e1 == 1 ? 1 : m, m2 = _e2 == 1 ? 1 : m;
        int s0 = _planeStride, s1 = _e2;
        if (forward)
        {
            Axis(x, line, tmp, rows, m2, 1, m0, s0, m1, s1, forward);
            Axis(x, line, tmp, rows, m1, s1, m0, s0, m2, 1, forward);
            Axis(x, line, tmp, rows, m0, s0, m1, s1, m2, 1, forward);
        }
        else
        {
            Axis(x, line, tmp, rows, m0, s0, m1, s1, m2, 1, forward);
            Axis(x, line, tmp, rows, m1, s1, m0, s0, m2, 1, forward);
            Axis(x, line, tmp, rows, m2, 1, m0, s0, m1, s1, forward);
        }
    }

    /// <summary>
    /// Transforms every line of length len (stride) over the other two axes (counts and strides). Strided
    /// axes whose other axis b is the contiguous one (sb = 1) are done a row of nb floats at a time (SIMD).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Axis(Span<float> x, Span<float> line, Span<float> tmp, Span<float> rows, int len, int stride, int na, int sa, int nb, int sb, bool forward)
    {
        if (len < 2)
        {
            return;
        }

        if (stride == 1 && Cdf97Lines.Supports(len, nb))
        {
            if (forward)
            {
                Cdf97Lines.Forward(x, len, na, sa, nb, sb);
            }
            else
            {
                Cdf97Lines.Inverse(x, len, na, sa, nb, sb);
            }

            return;
        }

        if (stride > 1 && sb == 1 && nb >= 8)
        {
            var simdRows = Cdf97Lines.SupportsRows(nb);
            for (var a = 0; a < na; a++)
            {
                switch ((forward, simdRows))
                {
                    case (true, true):
                        Cdf97Lines.ForwardRows(x, a * sa, stride, len, nb, rows);
                        break;
                    case (true, false):
                        Cdf97.ForwardRows(x, a * sa, stride, len, nb, rows);
                        break;
                    case (false, true):
                        Cdf97Lines.InverseRows(x, a * sa, stride, len, nb, rows);
                        break;
                    default:
                        Cdf97.InverseRows(x, a * sa, stride, len, nb, rows);
                        break;
                }
            }

            return;
        }

        var l = line[..len];
        var t = tmp[..len];
        for (var a = 0; a < na; a++)
        {
            for (var b = 0; b < nb; b++)
            {
                var o = (a * sa) + (b * sb);
                for (var i = 0; i < len; i++)
                {
                    l[i] = x[o + (i * stride)];
                }

                if (forward)
                {
                    Cdf97.Forward(l, t);
                }
                else
                {
                    Cdf97.Inverse(l, t);
                }

                for (var i = 0; i < len; i++)
                {
                    x[o + (i * stride)] = l[i];
                }
            }
        }
    }
}
