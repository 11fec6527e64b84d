using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// Fixed-width bit packing of unsigned (zigzagged) residuals, 8 values per block, 8 blocks per chunk:
/// <code>
/// chunk = u8 h                       h = 0: the 64 values are all zero, nothing follows
///       | u8 h, u32 nibbles, bits    h = 1..32: block k has nibble d = (nibbles >> 4k) &amp; 15;
///                                    width w = 0 (all zero, no bytes) when d = 0, else h + d - 1 (at most 32)
/// </code>
/// A block of width w is its 8 values in w bytes, least significant bit first (8 values · w bits = w whole
/// bytes, so every block starts on a byte and the decoder finds it by adding widths). A chunk's widths
/// span at most 15 (the encoder widens narrower blocks to h); an all-zero block inside a chunk is free.
/// The last chunk is padded with zeros. Decoding unpacks a block with one AVX-512 VBMI byte permute, a
/// variable shift and a mask (scalar otherwise, same values).
/// </summary>
internal static class ChunkPacker
{
    public const int Chunk = 64;

    /// <summary>Most bytes one chunk writes, including the 4 scratch bytes a block store may run past its end.</summary>
    public const int MaxChunkBytes = 5 + (8 * 32) + 4;

    // Per width w: for value k, the 8 source bytes starting at byte (k·w)/8 (vpermb indices), and the shift (k·w) mod 8.
    private static readonly byte[] s_index = BuildIndex();
    private static readonly ulong[] s_shift = BuildShift();

    private static byte[] BuildIndex()
    {
        var t = new byte[33 * 64];
        for (var w = 0; w <= 32; w++)
        {
            for (var k = 0; k < 8; k++)
            {
                for (var b = 0; b < 8; b++)
                {
                    t[(w * 64) + (k * 8) + b] = (byte)((k * w / 8) + b);
                }
            }
        }

        return t;
    }

    private static ulong[] BuildShift()
    {
        var t = new ulong[33 * 8];
        for (var w = 0; w <= 32; w++)
        {
            for (var k = 0; k < 8; k++)
            {
                t[(w * 8) + k] = (ulong)(k * w % 8);
            }
        }

        return t;
    }

    /// <summary>
    /// Packs whole chunks of <paramref name="z"/> (its length a multiple of 64) at <paramref name="pos"/>;
    /// returns the new position, or -1 once the position passes <paramref name="limit"/>
    /// (the caller keeps <see cref="MaxChunkBytes"/> bytes of room beyond the limit).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Pack(ReadOnlySpan<int> z, Span<byte> dst, int pos, int limit)
    {
        if (limit + MaxChunkBytes > dst.Length || (z.Length & (Chunk - 1)) != 0)
        {
            throw new ArgumentException("the destination has no room for a chunk beyond the limit");
        }

        ref var rz = ref MemoryMarshal.GetReference(z);
        ref var rd = ref MemoryMarshal.GetReference(dst);
        for (var i = 0; i < z.Length; i += Chunk)
        {
            if (pos > limit)
            {
                return -1;
            }

            pos = PackChunk(ref Unsafe.Add(ref rz, i), ref rd, pos);
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackChunk(ref int z, ref byte d, int pos)
    {
        // Bit lengths of the blocks' ORs, 6 bits each in one word (no stack array on the hot path).
        ulong widths = 0;
        int big = 0, small = 33;
        for (var k = 0; k < 8; k++)
        {
            ref var b = ref Unsafe.Add(ref z, k * 8);
            var o = (uint)(b | Unsafe.Add(ref b, 1) | Unsafe.Add(ref b, 2) | Unsafe.Add(ref b, 3)
                | Unsafe.Add(ref b, 4) | Unsafe.Add(ref b, 5) | Unsafe.Add(ref b, 6) | Unsafe.Add(ref b, 7));
            var w = 32 - BitOperations.LeadingZeroCount(o);
            widths |= (ulong)w << (6 * k);
            big = Math.Max(big, w);
            small = w == 0 ? small : Math.Min(small, w);
        }

        if (big == 0)
        {
            Unsafe.Add(ref d, pos) = 0;
            return pos + 1;
        }

        var h = Math.Max(small, big - 14);
        Unsafe.Add(ref d, pos) = (byte)h;
        uint nibbles = 0;
        var p = pos + 5;
        for (var k = 0; k < 8; k++)
        {
            var w = (int)(widths >> (6 * k)) & 63;
            if (w == 0)
            {
                continue;
            }

            w = Math.Max(w, h);
            nibbles |= (uint)(w - h + 1) << (4 * k);
            p = PackBlock(ref Unsafe.Add(ref z, k * 8), w, ref d, p);
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, pos + 1), nibbles);
        return p;
    }

    /// <summary>8 values of w bits into w bytes at p; may write 4 bytes past them (the next block overwrites).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackBlock(ref int z, int w, ref byte d, int p)
    {
        ulong acc = 0;
        var nb = 0;
        for (var k = 0; k < 8; k++)
        {
            acc |= (ulong)(uint)Unsafe.Add(ref z, k) << nb;
            nb += w;

            // Branch-free flush of the low 32 bits once 32 are full (nb <= 63 here).
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, p), (uint)acc);
            var f = nb >> 5;
            p += f << 2;
            acc >>= f << 5;
            nb -= f << 5;
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, p), (uint)acc);
        return p + (nb >> 3);
    }

    /// <summary>
    /// Unpacks one chunk at <paramref name="pos"/> into the 64 ints at <paramref name="dst"/>; returns the
    /// position after it. Every width and length is checked against the source (InvalidDataException).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Unpack(ReadOnlySpan<byte> src, int pos, Span<int> dst)
    {
        if (dst.Length < Chunk)
        {
            throw new ArgumentException("a chunk needs 64 values of room", nameof(dst));
        }

        if ((uint)pos >= (uint)src.Length)
        {
            CodecThrow.Corrupt("truncated block stream");
        }

        ref var rs = ref MemoryMarshal.GetReference(src);
        ref var rd = ref MemoryMarshal.GetReference(dst);
        int h = Unsafe.Add(ref rs, pos);
        if (h == 0)
        {
            dst[..Chunk].Clear();
            return pos + 1;
        }

        if (h > 32 || src.Length - pos < 5)
        {
            CodecThrow.Corrupt(h > 32 ? $"block width base {h} > 32" : "truncated block header");
        }

        var nibbles = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref rs, pos + 1));
        var total = 0;
        var maxD = 0;
        for (var k = 0; k < 8; k++)
        {
            var dk = (int)(nibbles >> (4 * k)) & 15;
            maxD = Math.Max(maxD, dk);
            total += dk == 0 ? 0 : h + dk - 1;
        }

        if (h + maxD - 1 > 32)
        {
            CodecThrow.Corrupt($"block width {h + maxD - 1} > 32");
        }

        var p = pos + 5;
        if (src.Length - p < total)
        {
            CodecThrow.Corrupt("truncated block bits");
        }

        var vbmi = Simd.Use512 && Avx512Vbmi.IsSupported;
        for (var k = 0; k < 8; k++)
        {
            var dk = (int)(nibbles >> (4 * k)) & 15;
            ref var o = ref Unsafe.Add(ref rd, k * 8);
            if (dk == 0)
            {
                Unsafe.InitBlockUnaligned(ref Unsafe.As<int, byte>(ref o), 0, 32);
                continue;
            }

            var w = h + dk - 1;
            if (vbmi && src.Length - p >= 64)
            {
                var bytes = Vector512.LoadUnsafe(ref Unsafe.Add(ref rs, p));
                var idx = Vector512.LoadUnsafe(ref s_index[w * 64]);
                var sh = Vector512.LoadUnsafe(ref s_shift[w * 8]);
                var g = Avx512F.ShiftRightLogicalVariable(Avx512Vbmi.PermuteVar64x8(bytes, idx).AsUInt64(), sh);
                var v = g & Vector512.Create((1UL << w) - 1);
                Avx512F.ConvertToVector256UInt32(v).AsInt32().StoreUnsafe(ref o);
            }
            else if (src.Length - p >= 40)
            {
                UnpackScalar(ref Unsafe.Add(ref rs, p), w, ref o);
            }
            else
            {
                UnpackNearEnd(src.Slice(p, w), w, ref o);
            }

            p += w;
        }

        return p;
    }

    /// <summary>Near the end of the source: copy the block's bytes so that the 8-byte reads stay inside a buffer.</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void UnpackNearEnd(ReadOnlySpan<byte> block, int w, ref int o)
    {
        Span<byte> tail = stackalloc byte[48];
        tail.Clear();
        block.CopyTo(tail);
        UnpackScalar(ref MemoryMarshal.GetReference(tail), w, ref o);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void UnpackScalar(ref byte s, int w, ref int o)
    {
        var mask = (1UL << w) - 1;
        for (var k = 0; k < 8; k++)
        {
            var bit = k * w;
            Unsafe.Add(ref o, k) = (int)((Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, bit >> 3)) >> (bit & 7)) & mask);
        }
    }
}
