using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>A plain copy behind the codec frame: the plumbing's worst case (every bit pattern round-trips).</summary>
public sealed class NoopCodec : CheckpointCodec
{
    public override CodecId Id => CodecId.Noop;

    public override string GetConfigJson() => """{"id":"noop"}""";

    internal override int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header)
    {
        MemoryMarshal.AsBytes(data).CopyTo(payload);
        return data.Length * 4;
    }

    internal override void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination)
    {
        if (payload.Length != destination.Length * 4)
        {
            CodecThrow.Corrupt("noop payload has the wrong length");
        }

        payload.CopyTo(MemoryMarshal.AsBytes(destination));
    }
}
