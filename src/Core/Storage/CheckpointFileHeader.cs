using System.Buffers.Binary;
using System.Diagnostics.CodeAnalysis;

namespace PyRevolveNet.Storage;

/// <summary>
/// The 64-byte header in front of every disk checkpoint: magic, version, key, lengths, codec, payload checksum,
/// and a checksum of the header itself, so that a damaged or foreign file is recognised before use.
/// </summary>
internal readonly record struct CheckpointFileHeader(long Key, long PayloadLength, long RawLength, int CodecId, uint PayloadCrc)
{
    public const int Size = 64;
    public const ulong Magic = 0x31_50_4B_43_4E_56_52_50; // "PRVNCKP1" little-endian
    public const int Version = 1;

    public void Write(Span<byte> b)
    {
        b[..Size].Clear();
        BinaryPrimitives.WriteUInt64LittleEndian(b, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(b[8..], Version);
        BinaryPrimitives.WriteInt32LittleEndian(b[12..], CodecId);
        BinaryPrimitives.WriteInt64LittleEndian(b[16..], Key);
        BinaryPrimitives.WriteInt64LittleEndian(b[24..], PayloadLength);
        BinaryPrimitives.WriteInt64LittleEndian(b[32..], RawLength);
        BinaryPrimitives.WriteUInt32LittleEndian(b[40..], PayloadCrc);
        BinaryPrimitives.WriteUInt32LittleEndian(b[60..], Crc32C.Compute(b[..60]));
    }

    /// <summary>Parses and checks a header; throws <see cref="InvalidDataException"/> naming the file.</summary>
    public static CheckpointFileHeader Read(ReadOnlySpan<byte> b, string path, long expectedKey)
    {
        if (b.Length < Size)
        {
            Corrupt(path, $"truncated: {b.Length} bytes, shorter than the {Size}-byte header");
        }

        if (BinaryPrimitives.ReadUInt64LittleEndian(b) != Magic)
        {
            Corrupt(path, "not a pyrevolve-net checkpoint (bad magic)");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(b[60..]) != Crc32C.Compute(b[..60]))
        {
            Corrupt(path, "header checksum mismatch");
        }

        var version = BinaryPrimitives.ReadInt32LittleEndian(b[8..]);
        if (version != Version)
        {
            Corrupt(path, $"unsupported format version {version}");
        }

        var h = new CheckpointFileHeader(
            BinaryPrimitives.ReadInt64LittleEndian(b[16..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[24..]),
            BinaryPrimitives.ReadInt64LittleEndian(b[32..]),
            BinaryPrimitives.ReadInt32LittleEndian(b[12..]),
            BinaryPrimitives.ReadUInt32LittleEndian(b[40..]));
        if (h.Key != expectedKey)
        {
            Corrupt(path, $"holds key {h.Key}, expected {expectedKey}");
        }

        if (h.PayloadLength < 0)
        {
            Corrupt(path, $"negative payload length {h.PayloadLength}");
        }

        return h;
    }

    [DoesNotReturn]
    public static void Corrupt(string path, string what) =>
        throw new InvalidDataException($"corrupt checkpoint file {path}: {what}");
}
