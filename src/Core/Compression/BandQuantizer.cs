using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Compression;

/// <summary>
/// Moves one transformed block's bands between the work buffer (<see cref="BlockLayout"/>: rows of the last
/// blocked axis contiguous, the other blocked axes at RowStride and PlaneStride) and a segment's coefficient
/// runs: band b of block s lives at runStart[b] + s · (band volume), its rows in order. Quantizing is
/// q = round(c · mul[b]) (half to even, clamped below 2^30); dequantizing c = (float)q · deq[b]; the same
/// operations in every path. Rows are 4 to 32 floats: each band's rows run in one loop with the row kernel
/// chosen once (one Vector512, Vector256 or Vector128 per row).
/// </summary>
internal static class BandQuantizer
{
    private const float Limit = 1073741760f; // the largest float below 2^30: every |q| has at most 30 bits

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(ReadOnlySpan<float> x, in BlockLayout layout, ReadOnlySpan<float> mul, ReadOnlySpan<int> runStart, int s, Span<int> q)
    {
        var lanes = Lanes();
        var plan = layout.Plan!;
        if (x.Length < layout.WorkVolume)
        {
            throw new ArgumentException("work buffer too small", nameof(x));
        }

        ref var rx = ref MemoryMarshal.GetReference(x);
        for (var band = 0; band < plan.Bands.Length; band++)
        {
            var volume = plan.BandVolume(band);
            ref var rq = ref MemoryMarshal.GetReference(q.Slice(runStart[band] + (s * volume), volume));
            var b = plan.Bands[band];
            Rows(plan.Rank, b.Size, layout.PlaneStride, layout.RowStride, out var outer, out var outerStride, out var inner, out var innerStride);
            ref var origin = ref Unsafe.Add(ref rx, Origin(plan.Rank, b, layout.PlaneStride, layout.RowStride));
            QuantizeRows(ref origin, outer, outerStride, inner, innerStride, ref rq, b.Size, mul[band], lanes);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize(ReadOnlySpan<int> q, in BlockLayout layout, ReadOnlySpan<float> deq, ReadOnlySpan<int> runStart, int s, Span<float> x)
    {
        var lanes = Lanes();
        var plan = layout.Plan!;
        if (x.Length < layout.WorkVolume)
        {
            throw new ArgumentException("work buffer too small", nameof(x));
        }

        ref var rx = ref MemoryMarshal.GetReference(x);
        for (var band = 0; band < plan.Bands.Length; band++)
        {
            var volume = plan.BandVolume(band);
            ref var rq = ref MemoryMarshal.GetReference(q.Slice(runStart[band] + (s * volume), volume));
            var b = plan.Bands[band];
            Rows(plan.Rank, b.Size, layout.PlaneStride, layout.RowStride, out var outer, out var outerStride, out var inner, out var innerStride);
            ref var origin = ref Unsafe.Add(ref rx, Origin(plan.Rank, b, layout.PlaneStride, layout.RowStride));
            DequantizeRows(ref rq, ref origin, outer, outerStride, inner, innerStride, b.Size, deq[band], lanes);
        }
    }

    /// <summary>Offset of band b's first row in the work buffer.</summary>
    private static int Origin(int rank, in BandPlan.Band b, int planeStride, int rowStride) => rank switch
    {
        1 => b.O2,
        2 => (b.O1 * rowStride) + b.O2,
        _ => (b.O0 * planeStride) + (b.O1 * rowStride) + b.O2,
    };

    /// <summary>A band's rows as outer × inner rows with their strides (rank 1: one row; 2: h rows).</summary>
    private static void Rows(int rank, int h, int planeStride, int rowStride, out int outer, out int outerStride, out int inner, out int innerStride)
    {
        (outer, outerStride, inner, innerStride) = rank switch
        {
            1 => (1, 0, 1, 0),
            2 => (1, 0, h, rowStride),
            _ => (h, planeStride, h, rowStride),
        };
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuantizeRows(ref float x, int outer, int outerStride, int inner, int innerStride, ref int q, int h, float mul, int lanes)
    {
        var row = 0;
        if (lanes == 16 && h % 16 == 0)
        {
            var m = Vector512.Create(mul);
            var lo = Vector512.Create(-Limit);
            var hi = Vector512.Create(Limit);
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    ref var src = ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride));
                    ref var dst = ref Unsafe.Add(ref q, row * h);
                    for (var k = 0; k < h; k += 16)
                    {
                        var t = Vector512.Round(Vector512.LoadUnsafe(ref src, (nuint)k) * m);
                        Vector512.ConvertToInt32(Vector512.Min(Vector512.Max(t, lo), hi)).StoreUnsafe(ref dst, (nuint)k);
                    }
                }
            }
        }
        else if (lanes >= 8 && h % 8 == 0)
        {
            var m = Vector256.Create(mul);
            var lo = Vector256.Create(-Limit);
            var hi = Vector256.Create(Limit);
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    ref var src = ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride));
                    ref var dst = ref Unsafe.Add(ref q, row * h);
                    for (var k = 0; k < h; k += 8)
                    {
                        var t = Vector256.Round(Vector256.LoadUnsafe(ref src, (nuint)k) * m);
                        Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(t, lo), hi)).StoreUnsafe(ref dst, (nuint)k);
                    }
                }
            }
        }
        else if (lanes >= 8 && h == 4)
        {
            var m = Vector128.Create(mul);
            var lo = Vector128.Create(-Limit);
            var hi = Vector128.Create(Limit);
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    var t = Vector128.Round(Vector128.LoadUnsafe(ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride))) * m);
                    Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(t, lo), hi)).StoreUnsafe(ref Unsafe.Add(ref q, row * h));
                }
            }
        }
        else
        {
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    ref var src = ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride));
                    ref var dst = ref Unsafe.Add(ref q, row * h);
                    for (var k = 0; k < h; k++)
                    {
                        var t = MathF.Round(Unsafe.Add(ref src, k) * mul, MidpointRounding.ToEven);
                        Unsafe.Add(ref dst, k) = (int)Math.Min(Math.Max(t, -Limit), Limit);
                    }
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DequantizeRows(ref int q, ref float x, int outer, int outerStride, int inner, int innerStride, int h, float deq, int lanes)
    {
        var row = 0;
        if (lanes == 16 && h % 16 == 0)
        {
            var d = Vector512.Create(deq);
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    ref var src = ref Unsafe.Add(ref q, row * h);
                    ref var dst = ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride));
                    for (var k = 0; k < h; k += 16)
                    {
                        (Vector512.ConvertToSingle(Vector512.LoadUnsafe(ref src, (nuint)k)) * d).StoreUnsafe(ref dst, (nuint)k);
                    }
                }
            }
        }
        else if (lanes >= 8 && h % 8 == 0)
        {
            var d = Vector256.Create(deq);
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    ref var src = ref Unsafe.Add(ref q, row * h);
                    ref var dst = ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride));
                    for (var k = 0; k < h; k += 8)
                    {
                        (Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref src, (nuint)k)) * d).StoreUnsafe(ref dst, (nuint)k);
                    }
                }
            }
        }
        else if (lanes >= 8 && h == 4)
        {
            var d = Vector128.Create(deq);
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    (Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref Unsafe.Add(ref q, row * h))) * d).StoreUnsafe(ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride)));
                }
            }
        }
        else
        {
            for (var a = 0; a < outer; a++)
            {
                for (var c = 0; c < inner; c++, row++)
                {
                    ref var src = ref Unsafe.Add(ref q, row * h);
                    ref var dst = ref Unsafe.Add(ref x, (a * outerStride) + (c * innerStride));
                    for (var k = 0; k < h; k++)
                    {
                        Unsafe.Add(ref dst, k) = Unsafe.Add(ref src, k) * deq;
                    }
                }
            }
        }
    }

    private static int Lanes() => Simd.Use512 ? 16 : Simd.Use256 ? 8 : 1;
}
