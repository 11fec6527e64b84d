using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// The CDF 9/7 biorthogonal wavelet (JPEG 2000's lossy filter) by lifting, on even-length lines with
/// symmetric extension; the forward transform leaves the low band in the first half of the line.
/// </summary>
internal static class Cdf97
{
    internal const float A = -1.586134342f;
    internal const float B = -0.05298011854f;
    internal const float C = 0.8829110762f;
    internal const float D = 0.4435068522f;
    internal const float K = 1.149604398f;

    /// <summary>In place on x (even length ≥ 2), using tmp (same length) for the de-interleave.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<float> x, Span<float> tmp)
    {
        var n = x.Length;
        Lift(x, A, odd: true);
        Lift(x, B, odd: false);
        Lift(x, C, odd: true);
        Lift(x, D, odd: false);
        var h = n / 2;
        for (var i = 0; i < h; i++)
        {
            tmp[i] = x[2 * i] * (1 / K);
            tmp[h + i] = x[(2 * i) + 1] * K;
        }

        tmp[..n].CopyTo(x);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(Span<float> x, Span<float> tmp)
    {
        var n = x.Length;
        var h = n / 2;
        for (var i = 0; i < h; i++)
        {
            tmp[2 * i] = x[i] * K;
            tmp[(2 * i) + 1] = x[h + i] * (1 / K);
        }

        tmp[..n].CopyTo(x);
        Lift(x, -D, odd: false);
        Lift(x, -C, odd: true);
        Lift(x, -B, odd: false);
        Lift(x, -A, odd: true);
    }

    /// <summary>
    /// The same transform on <paramref name="count"/> lines at once: sample i of every line is the row of
    /// <paramref name="width"/> contiguous floats at offset + i·stride, so each lifting step is a SIMD
    /// operation over whole rows (used for the axes that are not contiguous). tmp holds count·width floats.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardRows(Span<float> x, int offset, int stride, int count, int width, Span<float> tmp)
    {
        LiftRows(x, offset, stride, count, width, A, odd: true);
        LiftRows(x, offset, stride, count, width, B, odd: false);
        LiftRows(x, offset, stride, count, width, C, odd: true);
        LiftRows(x, offset, stride, count, width, D, odd: false);
        var h = count / 2;
        for (var i = 0; i < h; i++)
        {
            Simd.Scale(x.Slice(offset + (2 * i * stride), width), 1 / K, tmp.Slice(i * width, width));
            Simd.Scale(x.Slice(offset + (((2 * i) + 1) * stride), width), K, tmp.Slice((h + i) * width, width));
        }

        for (var i = 0; i < count; i++)
        {
            tmp.Slice(i * width, width).CopyTo(x.Slice(offset + (i * stride), width));
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void InverseRows(Span<float> x, int offset, int stride, int count, int width, Span<float> tmp)
    {
        var h = count / 2;
        for (var i = 0; i < h; i++)
        {
            Simd.Scale(x.Slice(offset + (i * stride), width), K, tmp.Slice(2 * i * width, width));
            Simd.Scale(x.Slice(offset + ((h + i) * stride), width), 1 / K, tmp.Slice(((2 * i) + 1) * width, width));
        }

        for (var i = 0; i < count; i++)
        {
            tmp.Slice(i * width, width).CopyTo(x.Slice(offset + (i * stride), width));
        }

        LiftRows(x, offset, stride, count, width, -D, odd: false);
        LiftRows(x, offset, stride, count, width, -C, odd: true);
        LiftRows(x, offset, stride, count, width, -B, odd: false);
        LiftRows(x, offset, stride, count, width, -A, odd: true);
    }

    private static void LiftRows(Span<float> x, int offset, int stride, int n, int width, float w, bool odd)
    {
        Span<float> Row(Span<float> v, int i) => v.Slice(offset + (i * stride), width);
        if (odd)
        {
            for (var i = 1; i < n - 1; i += 2)
            {
                Simd.AddScaledSum(Row(x, i), Row(x, i - 1), Row(x, i + 1), w);
            }

            Simd.AddScaledSum(Row(x, n - 1), Row(x, n - 2), Row(x, n - 2), w);
        }
        else
        {
            Simd.AddScaledSum(Row(x, 0), Row(x, 1), Row(x, 1), w);
            for (var i = 2; i < n - 1; i += 2)
            {
                Simd.AddScaledSum(Row(x, i), Row(x, i - 1), Row(x, i + 1), w);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Lift(Span<float> x, float w, bool odd)
    {
        // Unchecked element access: the loops stay within [0, n) by construction (n even, n >= 2).
        var n = x.Length;
        ref var r = ref MemoryMarshal.GetReference(x);
        if (odd)
        {
            for (var i = 1; i < n - 1; i += 2)
            {
                Unsafe.Add(ref r, i) += w * (Unsafe.Add(ref r, i - 1) + Unsafe.Add(ref r, i + 1));
            }

            Unsafe.Add(ref r, n - 1) += w * (Unsafe.Add(ref r, n - 2) + Unsafe.Add(ref r, n - 2));
        }
        else
        {
            r += w * (Unsafe.Add(ref r, 1) + Unsafe.Add(ref r, 1));
            for (var i = 2; i < n - 1; i += 2)
            {
                Unsafe.Add(ref r, i) += w * (Unsafe.Add(ref r, i - 1) + Unsafe.Add(ref r, i + 1));
            }
        }
    }
}
