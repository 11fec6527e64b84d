using System.Runtime.CompilerServices;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Compression;

/// <summary>
/// A Fletcher-style payload checksum over 32-bit lanes (sum and sum of sums, wrapping), SIMD-wide so that it
/// costs little next to memcpy. Any single changed byte changes the plain sum; reordered blocks change the
/// running sum. Not cryptographic: it guards against storage faults and truncation, not attackers.
/// </summary>
internal static class Checksum
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static uint Compute(ReadOnlySpan<byte> data)
    {
        var words = MemoryMarshal.Cast<byte, uint>(data);
        var a = Vector512<uint>.Zero;
        var b = Vector512<uint>.Zero;

        // Always 16 lanes (Vector512 falls back to two Vector256 or scalar in the runtime), so the value
        // does not depend on the machine that wrote the stream.
        var v = MemoryMarshal.Cast<uint, Vector512<uint>>(words);
        foreach (ref readonly var x in v)
        {
            a += x;
            b += a;
        }

        var i = v.Length * 16;

        ulong s1 = 0, s2 = 0;
        for (var lane = 0; lane < 16; lane++)
        {
            s1 += a[lane] * (ulong)(lane + 1);
            s2 += b[lane] * (ulong)(lane + 7);
        }

        for (; i < words.Length; i++)
        {
            s1 += words[i];
            s2 += s1;
        }

        for (var t = words.Length * 4; t < data.Length; t++)
        {
            s1 += data[t] + 1u;
            s2 += s1;
        }

        var h = (s1 * 0x9E3779B97F4A7C15UL) ^ BinaryPrimitives.ReverseEndianness(s2 * 0xC2B2AE3D27D4EB4FUL) ^ (ulong)data.Length;
        h ^= h >> 29;
        h *= 0xBF58476D1CE4E5B9UL;
        return (uint)(h ^ (h >> 32));
    }
}
