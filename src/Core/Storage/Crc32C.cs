using System.Runtime.InteropServices;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Storage;

/// <summary>
/// CRC-32C (Castagnoli), the checksum of disk checkpoints: SSE4.2 crc32 instructions 8 bytes at a time where
/// available, a table-driven software fallback elsewhere (same results).
/// </summary>
public static class Crc32C
{
    private const uint Polynomial = 0x82F63B78; // reflected 0x1EDC6F41
    private static readonly uint[] s_table = BuildTable();

    /// <summary>Checksum of <paramref name="data"/>.</summary>
    public static uint Compute(ReadOnlySpan<byte> data) => ~Append(~0u, data);

    /// <summary>Checksum of a native range of any length.</summary>
    public static uint Compute(MemoryRegion region)
    {
        var crc = ~0u;
        for (long offset = 0; offset < region.Length; offset += RegionCopy.Chunk)
        {
            var n = Math.Min(RegionCopy.Chunk, region.Length - offset);
            crc = Append(crc, RegionCopy.AsSpan(region.Address + (nint)offset, n));
        }

        return ~crc;
    }

    /// <summary>Continues a running (un-inverted) CRC.</summary>
    public static uint Append(uint crc, ReadOnlySpan<byte> data) =>
        Sse42.X64.IsSupported ? AppendHardware(crc, data) : AppendSoftware(crc, data);

    /// <summary>The portable path (tested against the hardware one).</summary>
    public static uint AppendSoftware(uint crc, ReadOnlySpan<byte> data)
    {
        var table = s_table;
        foreach (var b in data)
        {
            crc = table[(byte)(crc ^ b)] ^ (crc >> 8);
        }

        return crc;
    }

    private static uint AppendHardware(uint crc, ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, ulong>(data);
        ulong c = crc;
        foreach (var w in words)
        {
            c = Sse42.X64.Crc32(c, w);
        }

        crc = (uint)c;
        foreach (var b in data[(words.Length * sizeof(ulong))..])
        {
            crc = Sse42.Crc32(crc, b);
        }

        return crc;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[256];
        for (uint i = 0; i < 256; i++)
        {
            var c = i;
            for (var k = 0; k < 8; k++)
            {
                c = (c & 1) != 0 ? (c >> 1) ^ Polynomial : c >> 1;
            }

            table[i] = c;
        }

        return table;
    }
}
