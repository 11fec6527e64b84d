using System.Buffers.Binary;

namespace PyRevolveNet.Compression;

/// <summary>
/// The 64-byte header that starts every stream, so that any blob decodes on its own (little endian):
/// <code>
///  0 u32 magic "PRVC"   4 u8 version  5 u8 codec  6 u8 rank  7 u8 dtype (1 = float32)
///  8 u32 dims[3] (C order, unused trailing = 1)      20 u8 flags  21 u8 mode  22 u16 zero
/// 24 i32 param   28 i32 aux   32 f64 a   40 f64 b    48 u64 payload length
/// 56 u32 payload checksum     60 u32 header checksum (of bytes 0..59)
/// </code>
/// flags/mode/param/aux/a/b are the codec's own (see each codec).
/// </summary>
internal struct CodecHeader
{
    public const int Size = 64;
    public const uint Magic = 0x43565250; // "PRVC"
    public const byte Version = 1;
    public const byte Float32 = 1;

    public CodecId Codec;
    public Dims Dims;
    public byte Flags;
    public byte Mode;
    public int Param;
    public int Aux;
    public double A;
    public double B;
    public long PayloadLength;
    public uint PayloadChecksum;

    public readonly void Write(Span<byte> d)
    {
        d[..Size].Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(d, Magic);
        d[4] = Version;
        d[5] = (byte)Codec;
        d[6] = (byte)Dims.Rank;
        d[7] = Float32;
        for (var axis = 0; axis < Dims.Rank; axis++)
        {
            BinaryPrimitives.WriteInt32LittleEndian(d[(8 + (4 * axis))..], Dims[Dims.MaxRank - Dims.Rank + axis]);
        }

        d[20] = Flags;
        d[21] = Mode;
        BinaryPrimitives.WriteInt32LittleEndian(d[24..], Param);
        BinaryPrimitives.WriteInt32LittleEndian(d[28..], Aux);
        BinaryPrimitives.WriteDoubleLittleEndian(d[32..], A);
        BinaryPrimitives.WriteDoubleLittleEndian(d[40..], B);
        BinaryPrimitives.WriteInt64LittleEndian(d[48..], PayloadLength);
        BinaryPrimitives.WriteUInt32LittleEndian(d[56..], PayloadChecksum);
        BinaryPrimitives.WriteUInt32LittleEndian(d[60..], Checksum.Compute(d[..60]));
    }

    /// <summary>Reads and validates a header (not the payload checksum); InvalidDataException when bad.</summary>
    public static CodecHeader Read(ReadOnlySpan<byte> s)
    {
        if (s.Length < Size)
        {
            CodecThrow.Corrupt($"truncated: {s.Length} bytes, but a stream starts with a {Size}-byte header");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(s) != Magic)
        {
            CodecThrow.Corrupt("not a pyrevolve-net codec stream (bad magic)");
        }

        if (BinaryPrimitives.ReadUInt32LittleEndian(s[60..]) != Checksum.Compute(s[..60]))
        {
            CodecThrow.Corrupt("header checksum mismatch");
        }

        if (s[4] != Version)
        {
            CodecThrow.Corrupt($"unsupported stream version {s[4]} (this build reads version {Version})");
        }

        if (s[7] != Float32)
        {
            CodecThrow.Corrupt($"unsupported dtype code {s[7]}");
        }

        var rank = s[6];
        if (rank is < 1 or > Dims.MaxRank)
        {
            CodecThrow.Corrupt($"rank {rank} out of range");
        }

        Span<int> shape = stackalloc int[rank];
        long count = 1;
        for (var axis = 0; axis < rank; axis++)
        {
            shape[axis] = BinaryPrimitives.ReadInt32LittleEndian(s[(8 + (4 * axis))..]);
            if (shape[axis] < 1)
            {
                CodecThrow.Corrupt($"dimension {shape[axis]} on axis {axis}");
            }

            count *= shape[axis];
        }

        if (count > int.MaxValue / 4)
        {
            CodecThrow.Corrupt($"element count {count} too large");
        }

        var h = new CodecHeader
        {
            Codec = (CodecId)s[5],
            Dims = Dims.From(shape, count),
            Flags = s[20],
            Mode = s[21],
            Param = BinaryPrimitives.ReadInt32LittleEndian(s[24..]),
            Aux = BinaryPrimitives.ReadInt32LittleEndian(s[28..]),
            A = BinaryPrimitives.ReadDoubleLittleEndian(s[32..]),
            B = BinaryPrimitives.ReadDoubleLittleEndian(s[40..]),
            PayloadLength = BinaryPrimitives.ReadInt64LittleEndian(s[48..]),
            PayloadChecksum = BinaryPrimitives.ReadUInt32LittleEndian(s[56..]),
        };
        if (h.PayloadLength < 0 || h.PayloadLength > s.Length - Size)
        {
            CodecThrow.Corrupt($"truncated: the payload needs {h.PayloadLength} bytes, {s.Length - Size} present");
        }

        return h;
    }
}
