using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// The CDF 9/7 biorthogonal wavelet (JPEG 2000's lossy filter) by lifting, on even-length lines with
/// symmetric extension; the forward transform leaves the low band in the first half of the line.
/// </summary>
internal static class Cdf97
{
    private const float A = -1.586134342f;
    private const float B = -0.05298011854f;
    private const float C = 0.8829110762f;
    private const float D = 0.4435068522f;
    private const float K = 1.149604398f;

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

            Unsafe.Add(ref r, n - 1) += 2 * w * Unsafe.Add(ref r, n - 2);
        }
        else
        {
            r += 2 * w * Unsafe.Add(ref r, 1);
            for (var i = 2; i < n - 1; i += 2)
            {
                Unsafe.Add(ref r, i) += w * (Unsafe.Add(ref r, i - 1) + Unsafe.Add(ref r, i + 1));
            }
        }
    }
}
