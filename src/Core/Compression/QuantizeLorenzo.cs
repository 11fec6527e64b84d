using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// The encoder's front in one pass over the floats: quantization (<see cref="Simd.Quantize"/>'s arithmetic;
/// for bounded also <see cref="BoundedCodec.FindOutliers"/>'s check, an outlier's integer then being 0), Lorenzo
/// prediction and zigzag, written straight as residuals (the same integers as those passes one after the other).
/// The quantized integers that later rows read are kept in two row buffers (2D) or two plane buffers (3D),
/// so x is read once and the residuals written once. At the Vector512 level the differences along the row come
/// from the vector before in a register (<c>valignd</c>); the other levels quantize a row into its buffer first,
/// then take the differences from the buffers.
/// </summary>
internal static class QuantizeLorenzo
{
    /// <summary>Integers of scratch the pass needs for <paramref name="dims"/>.</summary>
    public static int ScratchLength(in Dims dims) => dims.N0 > 1 ? 2 * dims.N1 * dims.N2 : dims.N1 > 1 ? 2 * dims.N2 : 0;

    /// <summary>r = residuals of q = clamp(round((x - offset) · scale), lo, hi) + add.</summary>
    public static void Bitcomp(ReadOnlySpan<float> x, float offset, float scale, float lo, float hi, int add, in Dims dims, Span<int> r, Span<int> scratch) =>
        Run(x, new Grid(offset, scale, lo, hi, add), dims, r, scratch, default);

    /// <summary>
    /// r = residuals of q = clamp(round(x · scale), ±limit), where q = 0 for every value whose (float)q · bin
    /// misses x by more than tolF (NaN included); their indices go to <paramref name="outliers"/> in increasing
    /// order. Returns the outlier count.
    /// </summary>
    public static int Bounded(ReadOnlySpan<float> x, float scale, float limit, float bin, float tolF, in Dims dims, Span<int> r, Span<int> scratch, Span<int> outliers) =>
        Run(x, new Checked(scale, limit, bin, tolF), dims, r, scratch, outliers);

    private interface IQuantizer
    {
        /// <summary>16 integers from x[i..]; outlier indices appended at count.</summary>
        Vector512<int> Q512(Vector512<float> x, int i, Span<int> outliers, ref int count);

        Vector256<int> Q256(Vector256<float> x, int i, Span<int> outliers, ref int count);

        int Q(float x, int i, Span<int> outliers, ref int count);
    }

    private interface INeighbours
    {
        static abstract bool Up { get; }

        static abstract bool Back { get; }
    }

    /// <summary>Bitcomp's grid: <see cref="Simd.Quantize"/> exactly.</summary>
    private readonly struct Grid(float offset, float scale, float lo, float hi, int add) : IQuantizer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> Q512(Vector512<float> x, int i, Span<int> outliers, ref int count)
        {
            var t = Vector512.Round((x - Vector512.Create(offset)) * Vector512.Create(scale));
            t = Vector512.Min(Vector512.Max(t, Vector512.Create(lo)), Vector512.Create(hi));
            return Vector512.ConvertToInt32(t) + Vector512.Create(add);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Q256(Vector256<float> x, int i, Span<int> outliers, ref int count)
        {
            var t = Vector256.Round((x - Vector256.Create(offset)) * Vector256.Create(scale));
            t = Vector256.Min(Vector256.Max(t, Vector256.Create(lo)), Vector256.Create(hi));
            return Vector256.ConvertToInt32(t) + Vector256.Create(add);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Q(float x, int i, Span<int> outliers, ref int count)
        {
            var t = MathF.Round((x - offset) * scale, MidpointRounding.ToEven);
            t = Math.Min(Math.Max(t, lo), hi);
            return (int)t + add;
        }
    }

    /// <summary>Bounded's grid and its check: <see cref="Simd.Quantize"/> and <see cref="BoundedCodec.FindOutliers"/> exactly.</summary>
    private readonly struct Checked(float scale, float limit, float bin, float tolF) : IQuantizer
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector512<int> Q512(Vector512<float> x, int i, Span<int> outliers, ref int count)
        {
            var t = Vector512.Round((x - Vector512<float>.Zero) * Vector512.Create(scale));
            t = Vector512.Min(Vector512.Max(t, Vector512.Create(-limit)), Vector512.Create(limit));
            var q = Vector512.ConvertToInt32(t);
            var ok = Vector512.LessThanOrEqual(Vector512.Abs(x - (Vector512.ConvertToSingle(q) * Vector512.Create(bin))), Vector512.Create(tolF));
            var bad = ~ok.ExtractMostSignificantBits() & 0xFFFFul;
            if (bad != 0)
            {
                for (var m = bad; m != 0; m &= m - 1)
                {
                    outliers[count++] = i + BitOperations.TrailingZeroCount(m);
                }

                q &= ok.AsInt32();
            }

            return q;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public Vector256<int> Q256(Vector256<float> x, int i, Span<int> outliers, ref int count)
        {
            var t = Vector256.Round((x - Vector256<float>.Zero) * Vector256.Create(scale));
            t = Vector256.Min(Vector256.Max(t, Vector256.Create(-limit)), Vector256.Create(limit));
            var q = Vector256.ConvertToInt32(t);
            var ok = Vector256.LessThanOrEqual(Vector256.Abs(x - (Vector256.ConvertToSingle(q) * Vector256.Create(bin))), Vector256.Create(tolF));
            var bad = ~ok.ExtractMostSignificantBits() & 0xFFu;
            if (bad != 0)
            {
                for (var m = bad; m != 0; m &= m - 1)
                {
                    outliers[count++] = i + BitOperations.TrailingZeroCount(m);
                }

                q &= ok.AsInt32();
            }

            return q;
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public int Q(float x, int i, Span<int> outliers, ref int count)
        {
            var t = MathF.Round((x - 0f) * scale, MidpointRounding.ToEven);
            var q = (int)Math.Min(Math.Max(t, -limit), limit);
            if (!(MathF.Abs(x - ((float)q * bin)) <= tolF))
            {
                outliers[count++] = i;
                q = 0;
            }

            return q;
        }
    }

    private readonly struct First : INeighbours
    {
        public static bool Up => false;

        public static bool Back => false;
    }

    private readonly struct UpOnly : INeighbours
    {
        public static bool Up => true;

        public static bool Back => false;
    }

    private readonly struct BackOnly : INeighbours
    {
        public static bool Up => false;

        public static bool Back => true;
    }

    private readonly struct Both : INeighbours
    {
        public static bool Up => true;

        public static bool Back => true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Run<TQ>(ReadOnlySpan<float> x, TQ quant, in Dims dims, Span<int> r, Span<int> scratch, Span<int> outliers)
        where TQ : struct, IQuantizer
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, plane = n1 * n2;
        var count = 0;
        if (n0 == 1 && n1 == 1)
        {
            // One row, nothing reads it later: quantized and differenced in r itself.
            Row<TQ, First>(x, quant, 0, default, default, default, default, r, true, outliers, ref count);
            return count;
        }

        // The quantized rows (2D) or planes (3D) that later ones read, alternating in two halves of scratch.
        var unit = n0 > 1 ? plane : n2;
        for (var k = 0; k < n0; k++)
        {
            var cur = n0 > 1 ? scratch.Slice((k & 1) * plane, plane) : default;
            var prev = n0 > 1 ? scratch.Slice(((k + 1) & 1) * plane, plane) : default;
            for (var i = 0; i < n1; i++)
            {
                var at = (k * plane) + (i * n2);
                var xs = x.Slice(at, n2);
                var rs = r.Slice(at, n2);
                var q = n0 > 1 ? cur.Slice(i * n2, n2) : scratch.Slice((i & 1) * unit, n2);
                var up = i == 0 ? default : n0 > 1 ? cur.Slice((i - 1) * n2, n2) : scratch.Slice(((i + 1) & 1) * unit, n2);
                if (k == 0)
                {
                    if (i == 0)
                    {
                        Row<TQ, First>(xs, quant, at, q, default, default, default, rs, false, outliers, ref count);
                    }
                    else
                    {
                        Row<TQ, UpOnly>(xs, quant, at, q, up, default, default, rs, false, outliers, ref count);
                    }
                }
                else if (i == 0)
                {
                    Row<TQ, BackOnly>(xs, quant, at, q, default, prev[..n2], default, rs, false, outliers, ref count);
                }
                else
                {
                    Row<TQ, Both>(xs, quant, at, q, up, prev.Slice(i * n2, n2), prev.Slice((i - 1) * n2, n2), rs, false, outliers, ref count);
                }
            }
        }

        return count;
    }

    /// <summary>
    /// One row: quantize x into q (into r itself when <paramref name="alone"/>: no buffer, nothing reads it
    /// later), then r[j] = zigzag(d(q) - d(up) - d(back) + d(backUp)) at j, d(v)[j] = v[j] - v[j-1] (v[-1] = 0).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TQ, TN>(
        ReadOnlySpan<float> x, TQ quant, int at, Span<int> q, ReadOnlySpan<int> up, ReadOnlySpan<int> back, ReadOnlySpan<int> backUp,
        Span<int> r, bool alone, Span<int> outliers, ref int count)
        where TQ : struct, IQuantizer
        where TN : struct, INeighbours
    {
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rr = ref MemoryMarshal.GetReference(r);
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var ru = ref MemoryMarshal.GetReference(up);
        ref var rb = ref MemoryMarshal.GetReference(back);
        ref var rbu = ref MemoryMarshal.GetReference(backUp);
        var n = x.Length;
        var j = 0;
        if (Simd.Use512 && Avx512F.IsSupported)
        {
            Vector512<int> cp = default, upPrev = default, bp = default, bup = default;
            for (; j <= n - 16; j += 16)
            {
                var c = quant.Q512(Vector512.LoadUnsafe(ref rx, (nuint)j), at + j, outliers, ref count);
                if (!alone)
                {
                    c.StoreUnsafe(ref rq, (nuint)j);
                }

                // Each vector with the lane before it: [previous vector's last lane, lanes 0..14].
                var d = c - Avx512F.AlignRight32(c, cp, 15);
                cp = c;
                if (TN.Up)
                {
                    var u = Vector512.LoadUnsafe(ref ru, (nuint)j);
                    d -= u - Avx512F.AlignRight32(u, upPrev, 15);
                    upPrev = u;
                }

                if (TN.Back)
                {
                    var b = Vector512.LoadUnsafe(ref rb, (nuint)j);
                    d -= b - Avx512F.AlignRight32(b, bp, 15);
                    bp = b;
                }

                if (TN.Up && TN.Back)
                {
                    var bu = Vector512.LoadUnsafe(ref rbu, (nuint)j);
                    d += bu - Avx512F.AlignRight32(bu, bup, 15);
                    bup = bu;
                }

                (Vector512.ShiftLeft(d, 1) ^ Vector512.ShiftRightArithmetic(d, 31)).StoreUnsafe(ref rr, (nuint)j);
            }

            if (j < n)
            {
                // The last few values one at a time, the left neighbour carried (when alone, q is r itself:
                // each value is overwritten by its residual once used).
                Tail<TQ, TN>(x, quant, at, j, ref alone ? ref rr : ref rq, ref ru, ref rb, ref rbu, ref rr, outliers, ref count, j == 0 ? 0 : cp.GetElement(15));
            }

            return;
        }

        // Other levels: the row quantized into its buffer (r when alone) first, then differenced.
        if (alone)
        {
            rq = ref rr;
        }

        if (Simd.Use256)
        {
            for (; j <= n - 8; j += 8)
            {
                quant.Q256(Vector256.LoadUnsafe(ref rx, (nuint)j), at + j, outliers, ref count).StoreUnsafe(ref rq, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref rq, j) = quant.Q(Unsafe.Add(ref rx, j), at + j, outliers, ref count);
        }

        // From the end when alone (r is q), else in any order: neighbours read are never yet overwritten.
        j = n;
        if (Simd.Use256)
        {
            for (; j >= 1 + 8; j -= 8)
            {
                var a = (nuint)(j - 8);
                var d = Vector256.LoadUnsafe(ref rq, a) - Vector256.LoadUnsafe(ref rq, a - 1);
                if (TN.Up)
                {
                    d -= Vector256.LoadUnsafe(ref ru, a) - Vector256.LoadUnsafe(ref ru, a - 1);
                }

                if (TN.Back)
                {
                    d -= Vector256.LoadUnsafe(ref rb, a) - Vector256.LoadUnsafe(ref rb, a - 1);
                }

                if (TN.Up && TN.Back)
                {
                    d += Vector256.LoadUnsafe(ref rbu, a) - Vector256.LoadUnsafe(ref rbu, a - 1);
                }

                (Vector256.ShiftLeft(d, 1) ^ Vector256.ShiftRightArithmetic(d, 31)).StoreUnsafe(ref rr, a);
            }
        }

        for (j--; j >= 0; j--)
        {
            var d = Diff<TN>(ref rq, ref ru, ref rb, ref rbu, j);
            Unsafe.Add(ref rr, j) = (d << 1) ^ (d >> 31);
        }
    }

    /// <summary>The scalar end of a Vector512 row from j on (the previous quantized value is <paramref name="left"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Tail<TQ, TN>(
        ReadOnlySpan<float> x, TQ quant, int at, int j, ref int rq, ref int ru, ref int rb, ref int rbu, ref int rr, Span<int> outliers, ref int count, int left)
        where TQ : struct, IQuantizer
        where TN : struct, INeighbours
    {
        for (; j < x.Length; j++)
        {
            var c = quant.Q(x[j], at + j, outliers, ref count);
            var d = c - left;
            left = c;
            Unsafe.Add(ref rq, j) = c;
            if (TN.Up)
            {
                d -= Unsafe.Add(ref ru, j) - (j > 0 ? Unsafe.Add(ref ru, j - 1) : 0);
            }

            if (TN.Back)
            {
                d -= Unsafe.Add(ref rb, j) - (j > 0 ? Unsafe.Add(ref rb, j - 1) : 0);
            }

            if (TN.Up && TN.Back)
            {
                d += Unsafe.Add(ref rbu, j) - (j > 0 ? Unsafe.Add(ref rbu, j - 1) : 0);
            }

            Unsafe.Add(ref rr, j) = (d << 1) ^ (d >> 31);
        }
    }

    /// <summary>d(q) - d(up) - d(back) + d(backUp) at j (v[-1] = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Diff<TN>(ref int rq, ref int ru, ref int rb, ref int rbu, int j)
        where TN : struct, INeighbours
    {
        var d = Unsafe.Add(ref rq, j) - (j > 0 ? Unsafe.Add(ref rq, j - 1) : 0);
        if (TN.Up)
        {
            d -= Unsafe.Add(ref ru, j) - (j > 0 ? Unsafe.Add(ref ru, j - 1) : 0);
        }

        if (TN.Back)
        {
            d -= Unsafe.Add(ref rb, j) - (j > 0 ? Unsafe.Add(ref rb, j - 1) : 0);
        }

        if (TN.Up && TN.Back)
        {
            d += Unsafe.Add(ref rbu, j) - (j > 0 ? Unsafe.Add(ref rbu, j - 1) : 0);
        }

        return d;
    }
}
