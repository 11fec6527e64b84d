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
/// The vector paths use the native min/max and conversion (no NaN fix-ups): they differ from the IEEE ones only
/// for NaN, which bitcomp refuses and bounded stores as an outlier (its integer then being 0 in any case).
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
        Run<NoCheck>(x, new Grid(offset, scale, lo, hi, add, 0, 0), dims, r, scratch, default);

    /// <summary>
    /// r = residuals of q = clamp(round(x · scale), ±limit), where q = 0 for every value whose (float)q · bin
    /// misses x by more than tolF (NaN included); their indices go to <paramref name="outliers"/> in increasing
    /// order. Returns the outlier count.
    /// </summary>
    public static int Bounded(ReadOnlySpan<float> x, float scale, float limit, float bin, float tolF, in Dims dims, Span<int> r, Span<int> scratch, Span<int> outliers) =>
        Run<Check>(x, new Grid(0f, scale, -limit, limit, 0, bin, tolF), dims, r, scratch, outliers);

    /// <summary><see cref="Simd.Quantize"/>'s parameters, and the bound check's (bin, tolF).</summary>
    private readonly record struct Grid(float Offset, float Scale, float Lo, float Hi, int Add, float Bin, float TolF);

    private interface ICheck
    {
        static abstract bool On { get; }
    }

    private readonly struct NoCheck : ICheck
    {
        public static bool On => false;
    }

    private readonly struct Check : ICheck
    {
        public static bool On => true;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Run<TC>(ReadOnlySpan<float> x, in Grid g, in Dims dims, Span<int> r, Span<int> scratch, Span<int> outliers)
        where TC : struct, ICheck
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, plane = n1 * n2;
        var count = 0;

        // The level once per array (a thread-static read per row shows on short rows).
        var level = Simd.Level;
        if (n0 == 1 && n1 == 1)
        {
            // One row, nothing reads it later: quantized and differenced in r itself.
            return Row<TC, LorenzoFirst>(level, x, g, 0, default, default, default, default, r, true, outliers, 0);
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
                        count = Row<TC, LorenzoFirst>(level, xs, g, at, q, default, default, default, rs, false, outliers, count);
                    }
                    else
                    {
                        count = Row<TC, LorenzoUpOnly>(level, xs, g, at, q, up, default, default, rs, false, outliers, count);
                    }
                }
                else if (i == 0)
                {
                    count = Row<TC, LorenzoBackOnly>(level, xs, g, at, q, default, prev[..n2], default, rs, false, outliers, count);
                }
                else
                {
                    count = Row<TC, LorenzoBoth>(level, xs, g, at, q, up, prev.Slice(i * n2, n2), prev.Slice((i - 1) * n2, n2), rs, false, outliers, count);
                }
            }
        }

        return count;
    }

    /// <summary>
    /// One row: quantize x into q (into r itself when <paramref name="alone"/>: no buffer, nothing reads it
    /// later), then r[j] = zigzag(d(q) - d(up) - d(back) + d(backUp)) at j, d(v)[j] = v[j] - v[j-1] (v[-1] = 0).
    /// Returns the outlier count after the row (its outliers appended at <paramref name="count"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Row<TC, TN>(
        SimdLevel level, ReadOnlySpan<float> x, in Grid g, int at, Span<int> q, ReadOnlySpan<int> up, ReadOnlySpan<int> back, ReadOnlySpan<int> backUp,
        Span<int> r, bool alone, Span<int> outliers, int count)
        where TC : struct, ICheck
        where TN : struct, ILorenzoNeighbours
    {
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rr = ref MemoryMarshal.GetReference(r);
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var ru = ref MemoryMarshal.GetReference(up);
        ref var rb = ref MemoryMarshal.GetReference(back);
        ref var rbu = ref MemoryMarshal.GetReference(backUp);
        ref var ro = ref MemoryMarshal.GetReference(outliers);
        var n = x.Length;
        var j = 0;
        if (level >= SimdLevel.Vector512 && Avx512F.IsSupported)
        {
            var o = Vector512.Create(g.Offset);
            var s = Vector512.Create(g.Scale);
            var lo = Vector512.Create(g.Lo);
            var hi = Vector512.Create(g.Hi);
            var add = Vector512.Create(g.Add);
            var bin = Vector512.Create(g.Bin);
            var tol = Vector512.Create(g.TolF);
            Vector512<int> cp = default, upPrev = default, bp = default, bup = default;
            for (; j <= n - 16; j += 16)
            {
                var xv = Vector512.LoadUnsafe(ref rx, (nuint)j);
                var t = Vector512.MinNative(Vector512.MaxNative(Vector512.Round((xv - o) * s), lo), hi);
                var c = Vector512.ConvertToInt32Native(t) + add;
                if (TC.On)
                {
                    var ok = Vector512.LessThanOrEqual(Vector512.Abs(xv - (Vector512.ConvertToSingle(c) * bin)), tol);
                    var bad = ~ok.ExtractMostSignificantBits() & 0xFFFFul;
                    if (bad != 0)
                    {
                        // No call here (it would spill every vector of the loop); room: one entry per value.
                        for (; bad != 0; bad &= bad - 1)
                        {
                            Unsafe.Add(ref ro, count++) = at + j + BitOperations.TrailingZeroCount(bad);
                        }

                        c &= ok.AsInt32();
                    }
                }

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
                count = Tail<TC, TN>(x, g, at, j, ref alone ? ref rr : ref rq, ref ru, ref rb, ref rbu, ref rr, outliers, count, j == 0 ? 0 : cp.GetElement(15));
            }

            return count;
        }

        // Other levels: the row quantized into its buffer (r when alone) first, then differenced.
        if (alone)
        {
            rq = ref rr;
        }

        if (level >= SimdLevel.Vector256)
        {
            var o = Vector256.Create(g.Offset);
            var s = Vector256.Create(g.Scale);
            var lo = Vector256.Create(g.Lo);
            var hi = Vector256.Create(g.Hi);
            var add = Vector256.Create(g.Add);
            var bin = Vector256.Create(g.Bin);
            var tol = Vector256.Create(g.TolF);
            for (; j <= n - 8; j += 8)
            {
                var xv = Vector256.LoadUnsafe(ref rx, (nuint)j);
                var t = Vector256.MinNative(Vector256.MaxNative(Vector256.Round((xv - o) * s), lo), hi);
                var c = Vector256.ConvertToInt32Native(t) + add;
                if (TC.On)
                {
                    var ok = Vector256.LessThanOrEqual(Vector256.Abs(xv - (Vector256.ConvertToSingle(c) * bin)), tol);
                    var bad = ~ok.ExtractMostSignificantBits() & 0xFFul;
                    if (bad != 0)
                    {
                        // No call here (it would spill every vector of the loop); room: one entry per value.
                        for (; bad != 0; bad &= bad - 1)
                        {
                            Unsafe.Add(ref ro, count++) = at + j + BitOperations.TrailingZeroCount(bad);
                        }

                        c &= ok.AsInt32();
                    }
                }

                c.StoreUnsafe(ref rq, (nuint)j);
            }
        }

        for (; j < n; j++)
        {
            Unsafe.Add(ref rq, j) = Quantize<TC>(Unsafe.Add(ref rx, j), g, at + j, outliers, ref count);
        }

        // From the end when alone (r is q), else in any order: neighbours read are never yet overwritten.
        j = n;
        if (level >= SimdLevel.Vector256)
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

        return count;
    }

    /// <summary>One value: <see cref="Simd.Quantize"/>'s scalar arithmetic, then (bounded) the check.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Quantize<TC>(float x, in Grid g, int i, Span<int> outliers, ref int count)
        where TC : struct, ICheck
    {
        var t = MathF.Round((x - g.Offset) * g.Scale, MidpointRounding.ToEven);
        t = Math.Min(Math.Max(t, g.Lo), g.Hi);
        var q = (int)t + g.Add;
        if (TC.On && !(MathF.Abs(x - ((float)q * g.Bin)) <= g.TolF))
        {
            outliers[count++] = i;
            q = 0;
        }

        return q;
    }

    /// <summary>The scalar end of a Vector512 row from j on (the previous quantized value is <paramref name="left"/>).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static int Tail<TC, TN>(
        ReadOnlySpan<float> x, in Grid g, int at, int j, ref int rq, ref int ru, ref int rb, ref int rbu, ref int rr, Span<int> outliers, int count, int left)
        where TC : struct, ICheck
        where TN : struct, ILorenzoNeighbours
    {
        for (; j < x.Length; j++)
        {
            var c = Quantize<TC>(x[j], g, at + j, outliers, ref count);
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

        return count;
    }

    /// <summary>d(q) - d(up) - d(back) + d(backUp) at j (v[-1] = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Diff<TN>(ref int rq, ref int ru, ref int rb, ref int rbu, int j)
        where TN : struct, ILorenzoNeighbours
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
