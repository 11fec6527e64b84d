using System.Buffers;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Exact coding of every bit pattern (NaN payloads, infinities, -0, subnormals included): float bits are
/// mapped to a monotone integer order (nearby floats of either sign become nearby integers), Lorenzo
/// prediction runs on those integers with wrapping arithmetic (exactly invertible, and the decoder is
/// prefix sums rather than a float predictor chained value to value), then the Huffman residual coder
/// codes the bit length of each residual and the remaining bits raw, much as fpzip does.
/// </summary>
public sealed class LosslessCodec : CheckpointCodec
{
    public override CodecId Id => CodecId.Lossless;

    public override string GetConfigJson() => """{"id":"lossless"}""";

    internal override int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header)
    {
        var scratch = ArrayPool<int>.Shared.Rent(data.Length);
        try
        {
            var q = scratch.AsSpan(0, data.Length);
            Simd.ToOrdered(data, q);
            var used = PredictiveStage.Encode(q, dims, payload);
            return used >= data.Length * 4 ? -1 : used;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(scratch);
        }
    }

    internal override void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination)
    {
        var q = MemoryMarshal.Cast<float, int>(destination);
        var used = PredictiveStage.Decode(payload, header.Dims, q);
        if (used != payload.Length)
        {
            CodecThrow.Corrupt($"{payload.Length - used} unexpected bytes after the residual stream");
        }

        Simd.FromOrdered(q);
    }
}
