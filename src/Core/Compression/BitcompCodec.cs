using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Fixed-bit quantization in the manner of NVIDIA Bitcomp: delta = (max - min) / (2^nbits - 1) and
/// x' = min + q·delta, so |x - x'| ≤ delta/2 (plus float rounding, a few ulps of max|x|).
/// <para>zero_exact: zero is made a quantization level so that quiet cells stay exactly 0. The range is
/// widened to include 0, one level is given up (delta = (max - min) / (2^nbits - 2)), and levels sit at
/// (q - z)·delta with z = round(-min/delta): x = 0 gives q = z and decodes to exactly 0, and the shifted
/// grid still covers [min, max] within delta/2.</para>
/// <para>entropy: the integers go through Lorenzo prediction and the Huffman residual coder instead of fixed
/// bit packing (same values, far fewer bytes on smooth fields). Without it the size is fixed: nbits per value.</para>
/// Non-finite input is refused (ArgumentException): a quantization grid cannot hold NaN or infinity.
/// Header: param = nbits, flags bit 0 entropy, bit 1 zero_exact, a = delta, b = offset, aux = level shift.
/// </summary>
public sealed class BitcompCodec : CheckpointCodec
{
    private const byte EntropyFlag = 1;
    private const byte ZeroExactFlag = 2;

    public BitcompCodec(int nbits = 9, bool zeroExact = false, bool entropy = false)
    {
        if (nbits is < 1 or > 24)
        {
            CodecThrow.Argument("nbits", $"nbits must be between 1 and 24, got {nbits}");
        }

        if (zeroExact && nbits < 2)
        {
            CodecThrow.Argument("nbits", "zero_exact needs nbits >= 2 (one level is reserved for zero)");
        }

        Nbits = nbits;
        ZeroExact = zeroExact;
        Entropy = entropy;
    }

    public override CodecId Id => CodecId.Bitcomp;

    public int Nbits { get; }

    public bool ZeroExact { get; }

    public bool Entropy { get; }

    public override string GetConfigJson() => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"id":"bitcomp","nbits":{{Nbits}},"zero_exact":{{(ZeroExact ? "true" : "false")}},"entropy":{{(Entropy ? "true" : "false")}}}""");

    internal override int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header)
    {
        Simd.Range(data, out var min, out var max, out var absBits);
        if (absBits >= 0x7F800000u)
        {
            CodecThrow.NonFinite("bitcomp", FirstNonFinite(data));
        }

        var levels = (1 << Nbits) - 1;
        float delta, offset, lo, hi;
        int add;
        if (ZeroExact)
        {
            var l = Math.Min(min, 0f);
            var h = Math.Max(max, 0f);
            delta = (float)(((double)h - l) / (levels - 1));
            var z = delta > 0 ? (int)Math.Round(-l / (double)delta) : 0;
            offset = 0f;
            lo = -z;
            hi = levels - z;
            add = z;
        }
        else
        {
            delta = (float)(((double)max - min) / levels);
            offset = min;
            lo = 0f;
            hi = levels;
            add = 0;
        }

        // Constant data: one level, exact. A subnormal delta has no float inverse: the range is below
        // ~1e-35, and the raw floats are stored instead (exact, so the bound holds).
        var scale = delta > 0 ? 1f / delta : 0f;
        if (!float.IsFinite(scale))
        {
            return -1;
        }

        header.Param = Nbits;
        header.Flags = (byte)((Entropy ? EntropyFlag : 0) | (ZeroExact ? ZeroExactFlag : 0));
        header.A = delta;
        header.B = offset;
        header.Aux = -add;
        if (!Entropy)
        {
            return BitPacker.QuantizePack(data, Nbits, offset, scale, lo, hi, add, payload);
        }

        var rows = QuantizeLorenzo.ScratchLength(dims);
        var scratch = ArrayPool<int>.Shared.Rent(data.Length + rows);
        try
        {
            // Quantize, Lorenzo and zigzag in one pass, then the residual coder.
            var r = scratch.AsSpan(0, data.Length);
            QuantizeLorenzo.Bitcomp(data, offset, scale, lo, hi, add, dims, r, scratch.AsSpan(data.Length, rows));
            return ResidualCoder.Encode(r, payload);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    internal override void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination)
    {
        var nbits = header.Param;
        if (nbits is < 1 or > 24)
        {
            CodecThrow.Corrupt($"nbits {nbits} out of range");
        }

        var delta = (float)header.A;
        var offset = (float)header.B;
        var shift = header.Aux;
        if ((header.Flags & EntropyFlag) == 0)
        {
            BitPacker.UnpackDequantize(payload, nbits, shift, delta, offset, destination);
            return;
        }

        // The integers are decoded straight into the caller's buffer, then turned into floats in place.
        PredictiveStage.DecodeDequantize(payload, header.Dims, destination, shift, delta, offset);
    }
}
