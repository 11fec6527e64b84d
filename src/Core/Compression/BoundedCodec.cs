using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Compression;

/// <summary>
/// Error-bounded lossy coding with a hard guarantee |x - x'| ≤ tol, where tol = tolerance, or
/// rel_tolerance · max|x| (finite values). SZ-like with "dual quantization": each value is first snapped to
/// the grid q = round(x / bin), bin = 2·tol, then the integers go through Lorenzo prediction and the Huffman
/// residual coder (exact, so prediction never accumulates error and the whole pipeline is SIMD-friendly).
/// The encoder checks every reconstruction (x' = (float)q · bin, computed exactly as the decoder does) and
/// stores any value that misses the bound (float rounding at tiny tolerances, NaN, infinities, huge values)
/// exactly as an outlier: NaN and infinities therefore round-trip bit for bit.
/// Header: a = bin (float), b = tol, aux = outlier count; outliers follow the residual stream as
/// (u32 index, u32 float bits) pairs.
/// </summary>
public sealed class BoundedCodec : CheckpointCodec
{
    private const float QuantLimit = 1 << 30;

    public BoundedCodec(double? tolerance = null, double? relTolerance = null)
    {
        if (tolerance is null && relTolerance is null)
        {
            relTolerance = 1e-3;
        }

        if (tolerance is not null && relTolerance is not null)
        {
            CodecThrow.Argument("tolerance", "give either tolerance or rel_tolerance, not both");
        }

        if (tolerance is { } t && !(t > 0 && double.IsFinite(t)))
        {
            CodecThrow.Argument("tolerance", $"tolerance must be a finite number > 0, got {t}");
        }

        if (relTolerance is { } r && !(r > 0 && r < 1))
        {
            CodecThrow.Argument("rel_tolerance", $"rel_tolerance must be in (0, 1), got {r}");
        }

        Tolerance = tolerance;
        RelTolerance = relTolerance;
    }

    public override CodecId Id => CodecId.Bounded;

    public double? Tolerance { get; }

    public double? RelTolerance { get; }

    public override string GetConfigJson() => Tolerance is { } t
        ? string.Create(CultureInfo.InvariantCulture, $$"""{"id":"bounded","tolerance":{{t:R}},"rel_tolerance":null}""")
        : string.Create(CultureInfo.InvariantCulture, $$"""{"id":"bounded","tolerance":null,"rel_tolerance":{{RelTolerance!.Value:R}}}""");

    /// <summary>The absolute bound the encoder will guarantee for <paramref name="data"/>.</summary>
    public double ToleranceFor(ReadOnlySpan<float> data)
    {
        if (Tolerance is { } t)
        {
            return t;
        }

        Simd.Range(data, out _, out _, out var absBits);
        if (absBits >= 0x7F800000u)
        {
            absBits = 0;
            foreach (var v in data)
            {
                var b = BitConverter.SingleToUInt32Bits(v) & 0x7FFFFFFFu;
                absBits = b < 0x7F800000u ? Math.Max(absBits, b) : absBits;
            }
        }

        return RelTolerance!.Value * BitConverter.UInt32BitsToSingle(absBits);
    }

    internal override int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header)
    {
        var tol = ToleranceFor(data);

        // tolF: the largest float not above tol, so the float comparison below implies the double bound.
        var tolF = (float)tol;
        if (tolF > tol)
        {
            tolF = MathF.BitDecrement(tolF);
        }

        var bin = (float)(2 * tol);
        var scale = 1f / bin;
        if (!(bin > 0) || !float.IsFinite(scale))
        {
            // All zeros (rel mode) or a subnormal bound: any grid works, the check keeps the bound.
            bin = tol > 0 ? 1.1754944E-38f * 2 : 1f;
            scale = 1f / bin;
        }

        var n = data.Length;
        var rows = QuantizeLorenzo.ScratchLength(dims);
        var scratch = ArrayPool<int>.Shared.Rent((2 * n) + rows);
        try
        {
            // Quantize, check every reconstruction (outliers get q = 0), Lorenzo and zigzag: one pass.
            var r = scratch.AsSpan(0, n);
            var outliers = scratch.AsSpan(n, n);
            var count = QuantizeLorenzo.Bounded(data, scale, QuantLimit, bin, tolF, dims, r, scratch.AsSpan(2 * n, rows), outliers);
            header.A = bin;
            header.B = tol;
            header.Aux = count;
            if ((long)count * 8 >= 4L * n)
            {
                return -1;
            }

            var used = ResidualCoder.Encode(r, payload);
            if (used + (8L * count) > payload.Length || used + (8L * count) >= 4L * n)
            {
                return -1;
            }

            var o = payload[used..];
            for (var k = 0; k < count; k++)
            {
                var i = outliers[k];
                BinaryPrimitives.WriteInt32LittleEndian(o[(8 * k)..], i);
                BinaryPrimitives.WriteSingleLittleEndian(o[((8 * k) + 4)..], data[i]);
            }

            return used + (8 * count);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    internal override void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination)
    {
        var bin = (float)header.A;
        var count = header.Aux;
        var used = PredictiveStage.DecodeDequantize(payload, header.Dims, destination, 0, bin, 0f);
        if (count < 0 || payload.Length - used != 8L * count)
        {
            CodecThrow.Corrupt($"outlier table: {count} entries announced, {payload.Length - used} bytes present");
        }

        var o = payload[used..];
        for (var k = 0; k < count; k++)
        {
            var i = BinaryPrimitives.ReadInt32LittleEndian(o[(8 * k)..]);
            if ((uint)i >= (uint)destination.Length)
            {
                CodecThrow.Corrupt($"outlier index {i} out of range");
            }

            destination[i] = BinaryPrimitives.ReadSingleLittleEndian(o[((8 * k) + 4)..]);
        }
    }

    /// <summary>Indices where (float)q·bin misses x by more than tolF (NaN compares as a miss).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int FindOutliers(ReadOnlySpan<float> x, ReadOnlySpan<int> q, float bin, float tolF, Span<int> outliers)
    {
        ref var rx = ref MemoryMarshal.GetReference(x);
        ref var rq = ref MemoryMarshal.GetReference(q);
        var n = x.Length;
        var count = 0;
        var i = 0;
        if (Simd.Use512)
        {
            var b = Vector512.Create(bin);
            var t = Vector512.Create(tolF);
            for (; i <= n - 16; i += 16)
            {
                var r = Vector512.ConvertToSingle(Vector512.LoadUnsafe(ref rq, (nuint)i)) * b;
                var d = Vector512.Abs(Vector512.LoadUnsafe(ref rx, (nuint)i) - r);
                var bad = ~Vector512.LessThanOrEqual(d, t).ExtractMostSignificantBits();
                for (var m = bad & 0xFFFFul; m != 0; m &= m - 1)
                {
                    outliers[count++] = i + System.Numerics.BitOperations.TrailingZeroCount(m);
                }
            }
        }
        else if (Simd.Use256)
        {
            var b = Vector256.Create(bin);
            var t = Vector256.Create(tolF);
            for (; i <= n - 8; i += 8)
            {
                var r = Vector256.ConvertToSingle(Vector256.LoadUnsafe(ref rq, (nuint)i)) * b;
                var d = Vector256.Abs(Vector256.LoadUnsafe(ref rx, (nuint)i) - r);
                var bad = ~Vector256.LessThanOrEqual(d, t).ExtractMostSignificantBits() & 0xFFu;
                for (var m = bad; m != 0; m &= m - 1)
                {
                    outliers[count++] = i + System.Numerics.BitOperations.TrailingZeroCount(m);
                }
            }
        }

        for (; i < n; i++)
        {
            var r = (float)Unsafe.Add(ref rq, i) * bin;
            if (!(MathF.Abs(Unsafe.Add(ref rx, i) - r) <= tolF))
            {
                outliers[count++] = i;
            }
        }

        return count;
    }
}
