using System.Buffers;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Exact coding of every bit pattern (NaN payloads, infinities, -0, subnormals included): float bits are
/// mapped to a monotone integer order (nearby floats of either sign become nearby integers), Lorenzo
/// prediction runs on those integers with wrapping arithmetic (exactly invertible, and the decoder is
/// prefix sums rather than a float predictor chained value to value), then zigzag and either
/// <see cref="LosslessMode.Fast"/>: per-8-value bit packing (<see cref="FastLossless"/>), or
/// <see cref="LosslessMode.Compact"/>: the Huffman residual coder, which codes the bit length of each residual
/// and the remaining bits raw, much as fpzip does. The header's mode byte says which; the decoder reads
/// either, whatever mode the codec object was made with.
/// </summary>
public sealed class LosslessCodec : CheckpointCodec
{
    public LosslessCodec()
        : this(LosslessMode.Fast)
    {
    }

    public LosslessCodec(LosslessMode mode)
    {
        if (mode is not (LosslessMode.Fast or LosslessMode.Compact))
        {
            CodecThrow.Argument(nameof(mode), $"unknown lossless mode {(int)mode}");
        }

        Mode = mode;
    }

    public override CodecId Id => CodecId.Lossless;

    public LosslessMode Mode { get; }

    public override string GetConfigJson() => Mode == LosslessMode.Fast
        ? """{"id":"lossless","mode":"fast"}"""
        : """{"id":"lossless","mode":"compact"}""";

    internal override int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header)
    {
        header.Mode = (byte)Mode;
        if (Mode == LosslessMode.Fast)
        {
            return FastLossless.Encode(data, dims, payload);
        }

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
        switch ((LosslessMode)header.Mode)
        {
            case LosslessMode.Fast:
                FastLossless.Decode(payload, header.Dims, destination);
                return;
            case LosslessMode.Compact:
                break;
            default:
                CodecThrow.Corrupt($"unknown lossless mode {header.Mode}");
                break;
        }

        var q = MemoryMarshal.Cast<float, int>(destination);
        var used = PredictiveStage.Decode(payload, header.Dims, q);
        if (used != payload.Length)
        {
            CodecThrow.Corrupt($"{payload.Length - used} unexpected bytes after the residual stream");
        }

        Simd.FromOrdered(q);
    }
}
