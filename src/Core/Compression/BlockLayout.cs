using System.Runtime.CompilerServices;
using System.Buffers;

namespace PyRevolveNet.Compression;

/// <summary>
/// How <see cref="CvxCompressCodec"/> tiles an array: blocks of E0 × E1 × E2 (block size on axes longer
/// than 1), coefficients stored block after block, and the per-block forward and inverse transforms.
/// </summary>
internal readonly struct BlockLayout
{
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
        if ((long)BlockCount * BlockVolume > int.MaxValue / 2)
        {
            CodecThrow.Argument("shape", "the padded array is too large for one stream");
        }
    }

    /// <summary>Per-block scratch: two lines and one m × m slab of rows (m ≤ 64).</summary>
    private const int ScratchSize = (2 * 64) + (64 * 64);

    public int BlockCount => _b0 * _b1 * _b2;

    public int BlockVolume => _e0 * _e1 * _e2;

    private int WorkVolume => _e0 * _planeStride;

    public long TotalCoefficients => (long)BlockCount * BlockVolume;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void ForwardBlock(ReadOnlySpan<float> data, int b, float inv, Span<int> q)
    {
        var buffer = ArrayPool<float>.Shared.Rent(WorkVolume + ScratchSize);
        try
        {
            var x = buffer.AsSpan(0, WorkVolume);
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

            Transform(x, buffer.AsSpan(WorkVolume, ScratchSize), forward: true);
            var plane = _e1 * _e2;
            var outq = q.Slice(b * BlockVolume, BlockVolume);
            for (var i = 0; i < _e0; i++)
            {
                Simd.Quantize(x.Slice(i * _planeStride, plane), 0f, inv, -(1 << 30), 1 << 30, 0, outq.Slice(i * plane, plane));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public void InverseBlock(ReadOnlySpan<int> q, int b, float step, Span<float> data)
    {
        var buffer = ArrayPool<float>.Shared.Rent(WorkVolume + ScratchSize);
        try
        {
            var x = buffer.AsSpan(0, WorkVolume);
            var plane = _e1 * _e2;
            var inq = q.Slice(b * BlockVolume, BlockVolume);
            for (var i = 0; i < _e0; i++)
            {
                Simd.Dequantize(inq.Slice(i * plane, plane), 0, step, 0f, x.Slice(i * _planeStride, plane));
            }

            Transform(x, buffer.AsSpan(WorkVolume, ScratchSize), forward: false);
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
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
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
    /// every axis of extent > 1, then halves m, down to 4 samples a side.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private void Transform(Span<float> x, Span<float> scratch, bool forward)
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
