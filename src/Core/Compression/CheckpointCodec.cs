using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Shared frame of every codec: shape checks, the header, the payload checksum, and the stored fallback
/// (flag <see cref="StoredFlag"/>: the payload is the raw floats, used when coding would not make it smaller).
/// </summary>
public abstract class CheckpointCodec : ICheckpointCodec
{
    internal const byte StoredFlag = 0x80;

    /// <summary>Room a codec may use beyond 4 bytes per value (tables, padding, parameters).</summary>
    private const int Slack = 256;

    public abstract CodecId Id { get; }

    public string Name => CodecFactory.NameOf(Id);

    public int MaxEncodedSize(long count)
    {
        if (count < 0 || count > int.MaxValue / 4)
        {
            CodecThrow.Argument(nameof(count), $"element count {count} out of range");
        }

        return CodecHeader.Size + (int)(4 * count) + Slack;
    }

    public int Encode(ReadOnlySpan<float> data, ReadOnlySpan<int> shape, Span<byte> destination)
    {
        var dims = Dims.From(shape, data.Length);
        var need = MaxEncodedSize(data.Length);
        if (destination.Length < need)
        {
            CodecThrow.Argument(nameof(destination), $"the destination holds {destination.Length} bytes; MaxEncodedSize is {need}");
        }

        var header = new CodecHeader { Codec = Id, Dims = dims };
        var payload = destination.Slice(CodecHeader.Size, need - CodecHeader.Size);
        var length = EncodePayload(data, dims, payload, ref header);

        // Coding that does not shrink the data (tiny or noise-like arrays) stores it raw: never larger, and exact.
        if (length < 0 || (length >= data.Length * 4 && Id != CodecId.Noop))
        {
            header.Flags = StoredFlag;
            header.Mode = 0;
            length = data.Length * 4;
            MemoryMarshal.AsBytes(data).CopyTo(payload);
        }

        header.PayloadLength = length;
        header.PayloadChecksum = Checksum.Compute(payload[..length]);
        header.Write(destination);
        return CodecHeader.Size + length;
    }

    public void Decode(ReadOnlySpan<byte> source, Span<float> destination)
    {
        var header = CodecHeader.Read(source);
        if (header.Codec != Id)
        {
            CodecThrow.Corrupt($"the stream was written by codec '{CodecFactory.NameOf(header.Codec)}', not '{Name}'");
        }

        if (destination.Length != header.Dims.Count)
        {
            CodecThrow.Argument(nameof(destination), $"the stream holds {header.Dims.Count} values; the destination has room for {destination.Length}");
        }

        var payload = source.Slice(CodecHeader.Size, (int)header.PayloadLength);
        if (Checksum.Compute(payload) != header.PayloadChecksum)
        {
            CodecThrow.Corrupt("payload checksum mismatch (the data was damaged)");
        }

        if ((header.Flags & StoredFlag) != 0)
        {
            if (payload.Length != destination.Length * 4)
            {
                CodecThrow.Corrupt("stored payload has the wrong length");
            }

            payload.CopyTo(MemoryMarshal.AsBytes(destination));
            return;
        }

        DecodePayload(header, payload, destination);
    }

    public abstract string GetConfigJson();

    /// <summary>Writes the payload and its parameters into the header; returns its length, or -1 to store raw.</summary>
    internal abstract int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header);

    internal abstract void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination);

    /// <summary>Index of the first NaN or infinity (for the error message).</summary>
    internal static int FirstNonFinite(ReadOnlySpan<float> data)
    {
        for (var i = 0; i < data.Length; i++)
        {
            if (!float.IsFinite(data[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
