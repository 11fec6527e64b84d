using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// <see cref="Cdf97"/> along the contiguous axis with AVX-512 permutes: 32 floats (one line of 32, two of 16 or
/// four of 8) are split into their even and odd samples, one Vector512 each, so every lifting step is a lane
/// shift (a permute that also applies the symmetric extension at each line's ends) plus an add and a multiply.
/// The operations and their order are those of <see cref="Cdf97.Forward"/> and <see cref="Cdf97.Inverse"/>,
/// so the results are bit-identical to the scalar lines.
/// </summary>
internal static class Cdf97Lines
{
    // The lifting weights and scale of Cdf97, one definition for both paths.
    private const float A = Cdf97.A, B = Cdf97.B, C = Cdf97.C, D = Cdf97.D, K = Cdf97.K;

    /// <summary>Whether lines of <paramref name="m"/> samples, <paramref name="nb"/> of them per group axis, take this path.</summary>
    public static bool Supports(int m, int nb) =>
        Avx512F.IsSupported && Simd.Use512 && m is 8 or 16 or 32 && nb % (32 / m) == 0;

    /// <summary>
    /// Transforms the lines of m contiguous samples at x[a·sa + b·sb] (a &lt; na, b &lt; nb), 32 / m
    /// consecutive b at a time. Callers check <see cref="Supports"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> x, int m, int na, int sa, int nb, int sb)
    {
        var p = Patterns.For(m);
        var g = 32 / m;
        ref var r = ref MemoryMarshal.GetReference(x);
        var vA = Vector512.Create(A);
        var vB = Vector512.Create(B);
        var vC = Vector512.Create(C);
        var vD = Vector512.Create(D);
        var vLow = Vector512.Create(1 / K);
        var vHigh = Vector512.Create(K);
        for (var a = 0; a < na; a++)
        {
            for (var b = 0; b < nb; b += g)
            {
                ref var line = ref Unsafe.Add(ref r, (a * sa) + (b * sb));
                Load(ref line, m, sb, out var lo, out var hi);
                var even = Avx512F.PermuteVar16x32x2(lo, p.Even, hi);
                var odd = Avx512F.PermuteVar16x32x2(lo, p.Odd, hi);
                odd += vA * (even + Avx512F.PermuteVar16x32(even, p.Next));
                even += vB * (Avx512F.PermuteVar16x32(odd, p.Previous) + odd);
                odd += vC * (even + Avx512F.PermuteVar16x32(even, p.Next));
                even += vD * (Avx512F.PermuteVar16x32(odd, p.Previous) + odd);
                even *= vLow;
                odd *= vHigh;
                Store(ref line, m, sb, Avx512F.PermuteVar16x32x2(even, p.SplitLo, odd), Avx512F.PermuteVar16x32x2(even, p.SplitHi, odd));
            }
        }
    }

    /// <summary>The inverse of <see cref="Forward"/> on the same lines.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(Span<float> x, int m, int na, int sa, int nb, int sb)
    {
        var p = Patterns.For(m);
        var g = 32 / m;
        ref var r = ref MemoryMarshal.GetReference(x);
        var vA = Vector512.Create(-A);
        var vB = Vector512.Create(-B);
        var vC = Vector512.Create(-C);
        var vD = Vector512.Create(-D);
        var vLow = Vector512.Create(K);
        var vHigh = Vector512.Create(1 / K);
        for (var a = 0; a < na; a++)
        {
            for (var b = 0; b < nb; b += g)
            {
                ref var line = ref Unsafe.Add(ref r, (a * sa) + (b * sb));
                Load(ref line, m, sb, out var lo, out var hi);
                var even = Avx512F.PermuteVar16x32x2(lo, p.LowHalf, hi) * vLow;
                var odd = Avx512F.PermuteVar16x32x2(lo, p.HighHalf, hi) * vHigh;
                even += vD * (Avx512F.PermuteVar16x32(odd, p.Previous) + odd);
                odd += vC * (even + Avx512F.PermuteVar16x32(even, p.Next));
                even += vB * (Avx512F.PermuteVar16x32(odd, p.Previous) + odd);
                odd += vA * (even + Avx512F.PermuteVar16x32(even, p.Next));
                Store(ref line, m, sb, Avx512F.PermuteVar16x32x2(even, p.InterleaveLo, odd), Avx512F.PermuteVar16x32x2(even, p.InterleaveHi, odd));
            }
        }
    }

    /// <summary>
    /// <see cref="Cdf97.ForwardRows"/> for widths that are a multiple of 16 on the Vector512 path (8: Vector256): the same
    /// operations in the same order, with the row loops inlined (the rows of a block are only 1-4 vectors wide,
    /// so a call per row cost more than its arithmetic).
    /// </summary>
    public static bool SupportsRows(int width) => (Simd.Use512 && width % 16 == 0) || (Simd.Use256 && width == 8);

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardRows(Span<float> x, int offset, int stride, int count, int width, Span<float> tmp)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), offset);
        if (width == 8)
        {
            Narrow.Forward(ref r, stride, count, ref MemoryMarshal.GetReference(tmp));
            return;
        }

        LiftRows(ref r, stride, count, width, A, odd: true);
        LiftRows(ref r, stride, count, width, B, odd: false);
        LiftRows(ref r, stride, count, width, C, odd: true);
        LiftRows(ref r, stride, count, width, D, odd: false);
        ref var t = ref MemoryMarshal.GetReference(tmp);
        var h = count / 2;
        var vLow = Vector512.Create(1 / K);
        var vHigh = Vector512.Create(K);
        for (var i = 0; i < h; i++)
        {
            ref var even = ref Unsafe.Add(ref r, 2 * i * stride);
            ref var odd = ref Unsafe.Add(ref r, ((2 * i) + 1) * stride);
            ref var lowOut = ref Unsafe.Add(ref t, i * width);
            ref var highOut = ref Unsafe.Add(ref t, (h + i) * width);
            for (var s = 0; s < width; s += 16)
            {
                (Vector512.LoadUnsafe(ref even, (nuint)s) * vLow).StoreUnsafe(ref lowOut, (nuint)s);
                (Vector512.LoadUnsafe(ref odd, (nuint)s) * vHigh).StoreUnsafe(ref highOut, (nuint)s);
            }
        }

        CopyRows(ref t, width, ref r, stride, count, width);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InverseRows(Span<float> x, int offset, int stride, int count, int width, Span<float> tmp)
    {
        ref var r = ref Unsafe.Add(ref MemoryMarshal.GetReference(x), offset);
        if (width == 8)
        {
            Narrow.Inverse(ref r, stride, count, ref MemoryMarshal.GetReference(tmp));
            return;
        }

        ref var t = ref MemoryMarshal.GetReference(tmp);
        var h = count / 2;
        var vLow = Vector512.Create(K);
        var vHigh = Vector512.Create(1 / K);
        for (var i = 0; i < h; i++)
        {
            ref var low = ref Unsafe.Add(ref r, i * stride);
            ref var high = ref Unsafe.Add(ref r, (h + i) * stride);
            ref var evenOut = ref Unsafe.Add(ref t, 2 * i * width);
            ref var oddOut = ref Unsafe.Add(ref t, ((2 * i) + 1) * width);
            for (var s = 0; s < width; s += 16)
            {
                (Vector512.LoadUnsafe(ref low, (nuint)s) * vLow).StoreUnsafe(ref evenOut, (nuint)s);
                (Vector512.LoadUnsafe(ref high, (nuint)s) * vHigh).StoreUnsafe(ref oddOut, (nuint)s);
            }
        }

        CopyRows(ref t, width, ref r, stride, count, width);
        LiftRows(ref r, stride, count, width, -D, odd: false);
        LiftRows(ref r, stride, count, width, -C, odd: true);
        LiftRows(ref r, stride, count, width, -B, odd: false);
        LiftRows(ref r, stride, count, width, -A, odd: true);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void CopyRows(ref float src, int srcStride, ref float dst, int dstStride, int count, int width)
    {
        for (var i = 0; i < count; i++)
        {
            ref var s = ref Unsafe.Add(ref src, i * srcStride);
            ref var d = ref Unsafe.Add(ref dst, i * dstStride);
            for (var c = 0; c < width; c += 16)
            {
                Vector512.LoadUnsafe(ref s, (nuint)c).StoreUnsafe(ref d, (nuint)c);
            }
        }
    }

    /// <summary>Row i += w · (row i-1 + row i+1) for every odd (or even) i, mirrored at the ends, as Cdf97.LiftRows.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void LiftRows(ref float r, int stride, int n, int width, float w, bool odd)
    {
        var vw = Vector512.Create(w);
        for (var i = odd ? 1 : 0; i < n; i += 2)
        {
            var before = i == 0 ? 1 : i - 1;
            var after = i == n - 1 ? n - 2 : i + 1;
            ref var xi = ref Unsafe.Add(ref r, i * stride);
            ref var xa = ref Unsafe.Add(ref r, before * stride);
            ref var xb = ref Unsafe.Add(ref r, after * stride);
            for (var s = 0; s < width; s += 16)
            {
                var sum = Vector512.LoadUnsafe(ref xa, (nuint)s) + Vector512.LoadUnsafe(ref xb, (nuint)s);
                (Vector512.LoadUnsafe(ref xi, (nuint)s) + (vw * sum)).StoreUnsafe(ref xi, (nuint)s);
            }
        }
    }

    /// <summary>The row transforms for rows of 8 floats (the last level of a block), one Vector256 per row.</summary>
    private static class Narrow
    {
        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Forward(ref float r, int stride, int count, ref float t)
        {
            Lift(ref r, stride, count, A, odd: true);
            Lift(ref r, stride, count, B, odd: false);
            Lift(ref r, stride, count, C, odd: true);
            Lift(ref r, stride, count, D, odd: false);
            var h = count / 2;
            var vLow = Vector256.Create(1 / K);
            var vHigh = Vector256.Create(K);
            for (var i = 0; i < h; i++)
            {
                (Vector256.LoadUnsafe(ref r, (nuint)(2 * i * stride)) * vLow).StoreUnsafe(ref t, (nuint)(i * 8));
                (Vector256.LoadUnsafe(ref r, (nuint)(((2 * i) + 1) * stride)) * vHigh).StoreUnsafe(ref t, (nuint)((h + i) * 8));
            }

            for (var i = 0; i < count; i++)
            {
                Vector256.LoadUnsafe(ref t, (nuint)(i * 8)).StoreUnsafe(ref r, (nuint)(i * stride));
            }
        }

        [MethodImpl(MethodImplOptions.AggressiveOptimization)]
        public static void Inverse(ref float r, int stride, int count, ref float t)
        {
            var h = count / 2;
            var vLow = Vector256.Create(K);
            var vHigh = Vector256.Create(1 / K);
            for (var i = 0; i < h; i++)
            {
                (Vector256.LoadUnsafe(ref r, (nuint)(i * stride)) * vLow).StoreUnsafe(ref t, (nuint)(2 * i * 8));
                (Vector256.LoadUnsafe(ref r, (nuint)((h + i) * stride)) * vHigh).StoreUnsafe(ref t, (nuint)(((2 * i) + 1) * 8));
            }

            for (var i = 0; i < count; i++)
            {
                Vector256.LoadUnsafe(ref t, (nuint)(i * 8)).StoreUnsafe(ref r, (nuint)(i * stride));
            }

            Lift(ref r, stride, count, -D, odd: false);
            Lift(ref r, stride, count, -C, odd: true);
            Lift(ref r, stride, count, -B, odd: false);
            Lift(ref r, stride, count, -A, odd: true);
        }

        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        private static void Lift(ref float r, int stride, int n, float w, bool odd)
        {
            var vw = Vector256.Create(w);
            for (var i = odd ? 1 : 0; i < n; i += 2)
            {
                var before = i == 0 ? 1 : i - 1;
                var after = i == n - 1 ? n - 2 : i + 1;
                var sum = Vector256.LoadUnsafe(ref r, (nuint)(before * stride)) + Vector256.LoadUnsafe(ref r, (nuint)(after * stride));
                (Vector256.LoadUnsafe(ref r, (nuint)(i * stride)) + (vw * sum)).StoreUnsafe(ref r, (nuint)(i * stride));
            }
        }
    }

    /// <summary>32 floats of 32 / m lines (line k at line + k·sb) as two vectors: elements 0-15 and 16-31.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Load(ref float line, int m, int sb, out Vector512<float> lo, out Vector512<float> hi)
    {
        switch (m)
        {
            case 32:
                lo = Vector512.LoadUnsafe(ref line);
                hi = Vector512.LoadUnsafe(ref line, 16);
                break;
            case 16:
                lo = Vector512.LoadUnsafe(ref line);
                hi = Vector512.LoadUnsafe(ref line, (nuint)sb);
                break;
            default:
                lo = Vector512.Create(Vector256.LoadUnsafe(ref line), Vector256.LoadUnsafe(ref line, (nuint)sb));
                hi = Vector512.Create(Vector256.LoadUnsafe(ref line, (nuint)(2 * sb)), Vector256.LoadUnsafe(ref line, (nuint)(3 * sb)));
                break;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Store(ref float line, int m, int sb, Vector512<float> lo, Vector512<float> hi)
    {
        switch (m)
        {
            case 32:
                lo.StoreUnsafe(ref line);
                hi.StoreUnsafe(ref line, 16);
                break;
            case 16:
                lo.StoreUnsafe(ref line);
                hi.StoreUnsafe(ref line, (nuint)sb);
                break;
            default:
                lo.GetLower().StoreUnsafe(ref line);
                lo.GetUpper().StoreUnsafe(ref line, (nuint)sb);
                hi.GetLower().StoreUnsafe(ref line, (nuint)(2 * sb));
                hi.GetUpper().StoreUnsafe(ref line, (nuint)(3 * sb));
                break;
        }
    }

    /// <summary>
    /// Permute indices for lines of m samples (h = m / 2 per half) packed 32 / m to a group. In the even and odd
    /// vectors lane j belongs to line j / h, sample j % h; "concatenated" indices 0-31 address (lo, hi) or
    /// (even, odd).
    /// </summary>
    private sealed class Patterns
    {
        private static readonly Patterns P8 = new(8), P16 = new(16), P32 = new(32);

        private Patterns(int m)
        {
            var h = m / 2;
            Span<int> even = stackalloc int[16], odd = stackalloc int[16], next = stackalloc int[16], previous = stackalloc int[16];
            Span<int> lowHalf = stackalloc int[16], highHalf = stackalloc int[16];
            for (var j = 0; j < 16; j++)
            {
                int line = j / h, k = j % h;
                even[j] = (line * m) + (2 * k);
                odd[j] = (line * m) + (2 * k) + 1;
                next[j] = k == h - 1 ? j : j + 1;       // x[n] mirrors to x[n - 2]
                previous[j] = k == 0 ? j : j - 1;       // x[-1] mirrors to x[1]
                lowHalf[j] = (line * m) + k;
                highHalf[j] = (line * m) + h + k;
            }

            Span<int> split = stackalloc int[32], interleave = stackalloc int[32];
            for (var c = 0; c < 32; c++)
            {
                int line = c / m, s = c % m;
                split[c] = s < h ? (line * h) + s : 16 + (line * h) + s - h;
                interleave[c] = ((s & 1) == 0 ? 0 : 16) + (line * h) + (s / 2);
            }

            Even = Vector512.Create((ReadOnlySpan<int>)even);
            Odd = Vector512.Create((ReadOnlySpan<int>)odd);
            Next = Vector512.Create((ReadOnlySpan<int>)next);
            Previous = Vector512.Create((ReadOnlySpan<int>)previous);
            LowHalf = Vector512.Create((ReadOnlySpan<int>)lowHalf);
            HighHalf = Vector512.Create((ReadOnlySpan<int>)highHalf);
            SplitLo = Vector512.Create((ReadOnlySpan<int>)split[..16]);
            SplitHi = Vector512.Create((ReadOnlySpan<int>)split[16..]);
            InterleaveLo = Vector512.Create((ReadOnlySpan<int>)interleave[..16]);
            InterleaveHi = Vector512.Create((ReadOnlySpan<int>)interleave[16..]);
        }

        public Vector512<int> Even { get; }

        public Vector512<int> Odd { get; }

        public Vector512<int> Next { get; }

        public Vector512<int> Previous { get; }

        public Vector512<int> LowHalf { get; }

        public Vector512<int> HighHalf { get; }

        public Vector512<int> SplitLo { get; }

        public Vector512<int> SplitHi { get; }

        public Vector512<int> InterleaveLo { get; }

        public Vector512<int> InterleaveHi { get; }

        public static Patterns For(int m) => m switch
        {
            8 => P8,
            16 => P16,
            _ => P32,
        };
    }
}
