using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Compression;

/// <summary>
/// Moves one transformed block's bands between the work buffer (<see cref="BlockLayout"/>: rows of the last
/// blocked axis contiguous, the other blocked axes at RowStride and PlaneStride) and a segment's coefficient
/// runs: band b of block s lives at runStart[b] + s · (band volume), its rows in order. Quantizing is q = round(c · mul[b])
/// (half to even, clamped below 2^30); dequantizing c = (float)q · deq[b]; the same operations in every path.
/// </summary>
internal static class BandQuantizer
{
    private const float Limit = 1073741760f; // the largest float below 2^30: every |q| has at most 30 bits

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Quantize(ReadOnlySpan<float> x, in BlockLayout layout, ReadOnlySpan<float> mul, ReadOnlySpan<int> runStart, int s, Span<int> q)
    {
        var lanes = Lanes();
        var plan = layout.Plan!;
        int ps = layout.PlaneStride, rs = layout.RowStride;
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
            var h = b.Size;
            var rows = volume / h;
            for (var r = 0; r < rows; r++)
            {
                QuantizeRow(ref Unsafe.Add(ref rx, RowOffset(plan.Rank, b, r, ps, rs)), ref Unsafe.Add(ref rq, r * h), h, mul[band], lanes);
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Dequantize(ReadOnlySpan<int> q, in BlockLayout layout, ReadOnlySpan<float> deq, ReadOnlySpan<int> runStart, int s, Span<float> x)
    {
        var lanes = Lanes();
        var plan = layout.Plan!;
        int ps = layout.PlaneStride, rs = layout.RowStride;
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
            var h = b.Size;
            var rows = volume / h;
            for (var r = 0; r < rows; r++)
            {
                DequantizeRow(ref Unsafe.Add(ref rq, r * h), ref Unsafe.Add(ref rx, RowOffset(plan.Rank, b, r, ps, rs)), h, deq[band], lanes);
            }
        }
    }

    /// <summary>Offset in the work buffer of row r of band b (rows ordered with the last axis fastest).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int RowOffset(int rank, in BandPlan.Band b, int r, int planeStride, int rowStride) => rank switch
    {
        1 => b.O2,
        2 => ((b.O1 + r) * rowStride) + b.O2,
        _ => ((b.O0 + (r / b.Size)) * planeStride) + ((b.O1 + (r % b.Size)) * rowStride) + b.O2,
    };

    private static int Lanes() => Simd.Use512 ? 16 : Simd.Use256 ? 8 : 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void QuantizeRow(ref float x, ref int q, int n, float mul, int lanes)
    {
        var c = 0;
        if (lanes == 16)
        {
            var m = Vector512.Create(mul);
            var lo = Vector512.Create(-Limit);
            var hi = Vector512.Create(Limit);
            for (; c + 16 <= n; c += 16)
            {
                var t = Vector512.Round(Vector512.LoadUnsafe(ref x, (nuint)c) * m);
                Vector512.ConvertToInt32(Vector512.Min(Vector512.Max(t, lo), hi)).StoreUnsafe(ref q, (nuint)c);
            }
        }

        if (lanes >= 8)
        {
            var m = Vector256.Create(mul);
            var lo = Vector256.Create(-Limit);
            var hi = Vector256.Create(Limit);
            for (; c + 8 <= n; c += 8)
            {
                var t = Vector256.Round(Vector256.LoadUnsafe(ref x, (nuint)c) * m);
                Vector256.ConvertToInt32(Vector256.Min(Vector256.Max(t, lo), hi)).StoreUnsafe(ref q, (nuint)c);
            }

            var m4 = Vector128.Create(mul);
            var lo4 = Vector128.Create(-Limit);
            var hi4 = Vector128.Create(Limit);
            for (; c + 4 <= n; c += 4)
            {
                var t = Vector128.Round(Vector128.LoadUnsafe(ref x, (nuint)c) * m4);
                Vector128.ConvertToInt32(Vector128.Min(Vector128.Max(t, lo4), hi4)).StoreUnsafe(ref q, (nuint)c);
            }
        }

        for (; c < n; c++)
        {
            var t = MathF.Round(Unsafe.Add(ref x, c) * mul, MidpointRounding.ToEven);
            Unsafe.Add(ref q, c) = (int)Math.Min(Math.Max(t, -Limit), Limit);
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void DequantizeRow(ref int q, ref float x, int n, float deq, int lanes)
    {
        var c = 0;
        if (lanes == 16)
        {
            var d = Vector512.Create(deq);
            for (; c + 16 <= n; c += 16)
            {
                (Vector512.ConvertToSingle(Vector512.LoadUnsafe(ref q, (nuint)c)) * d).StoreUnsafe(ref x, (nuint)c);
            }
        }

        if (lanes >= 8)
        {
            var d = Vector256.Create(deq);
            for (; c + 8 <= n; c += 8)
            {
                (Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref q, (nuint)c)) * d).StoreUnsafe(ref x, (nuint)c);
            }

            var d4 = Vector128.Create(deq);
            for (; c + 4 <= n; c += 4)
            {
                (Vector128.ConvertToSingle(Vector128.LoadUnsafe(ref q, (nuint)c)) * d4).StoreUnsafe(ref x, (nuint)c);
            }
        }

        for (; c < n; c++)
        {
            Unsafe.Add(ref x, c) = Unsafe.Add(ref q, c) * deq;
        }
    }
}
