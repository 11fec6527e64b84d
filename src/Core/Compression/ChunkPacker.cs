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

    /// <summary>Most bytes one chunk writes, including the scratch bytes a block store may run past its end.</summary>
    public const int MaxChunkBytes = 5 + (8 * 32) + 32;

    // Per width w: for value k, the 8 source bytes starting at byte (k·w)/8 (vpermb indices), and the shift (k·w) mod 8.
    private static readonly byte[] s_index = BuildIndex();
    private static readonly ulong[] s_shift = BuildShift();
    private static readonly ulong[] s_mask = BuildMask();

    // Packing, widths 8..32: output byte P of a block takes byte m of the (shifted) 64-bit lane of value k; even and
    // odd values never overlap among themselves, so two vpermt2b (index 64 = a zero byte) and an OR place them.
    private static readonly byte[] s_packEven = BuildPack(0);
    private static readonly byte[] s_packOdd = BuildPack(1);

    private static ulong[] BuildMask()
    {
        var t = new ulong[33];
        for (var w = 0; w <= 32; w++)
        {
            t[w] = (1UL << w) - 1;
        }

        return t;
    }

    private static byte[] BuildPack(int parity)
    {
        var t = new byte[33 * 64];
        t.AsSpan().Fill(64);
        for (var w = 8; w <= 32; w++)
        {
            for (var k = parity; k < 8; k += 2)
            {
                var bit = k * w;
                var bytes = ((bit & 7) + w + 7) >> 3;
                for (var m = 0; m < bytes; m++)
                {
                    t[(w * 64) + (bit >> 3) + m] = (byte)((k * 8) + m);
                }
            }
        }

        return t;
    }

    /// <summary>Table entry without a bounds check: every width is validated (at most 32) before it indexes a table.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ref T At<T>(T[] table, int index) => ref Unsafe.Add(ref MemoryMarshal.GetArrayDataReference(table), index);

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
        var vbmi = Simd.Use512 && Avx512Vbmi.IsSupported;
        for (var i = 0; i < z.Length; i += Chunk)
        {
            if (pos > limit)
            {
                return -1;
            }

            pos = PackChunk(ref Unsafe.Add(ref rz, i), ref rd, pos, vbmi);
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackChunk(ref int z, ref byte d, int pos, bool vbmi)
    {
        var widths = vbmi && Avx512CD.IsSupported ? WidthsAvx512(ref z) : WidthsScalar(ref z);
        int big = 0, small = 33;
        for (var k = 0; k < 8; k++)
        {
            var w = (int)(widths >> (8 * k)) & 0xFF;
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
            var w = (int)(widths >> (8 * k)) & 0xFF;
            if (w == 0)
            {
                continue;
            }

            w = Math.Max(w, h);
            nibbles |= (uint)(w - h + 1) << (4 * k);
            ref var b = ref Unsafe.Add(ref z, k * 8);
            if (w <= 8)
            {
                p = PackNarrow(ref b, w, ref d, p);
            }
            else if (vbmi)
            {
                p = PackVbmi(ref b, w, ref d, p);
            }
            else
            {
                p = PackBlock(ref b, w, ref d, p);
            }
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, pos + 1), nibbles);
        return p;
    }

    /// <summary>Bit length of each block's OR, one byte per block.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong WidthsScalar(ref int z)
    {
        ulong widths = 0;
        for (var k = 0; k < 8; k++)
        {
            ref var b = ref Unsafe.Add(ref z, k * 8);
            var o = (uint)(b | Unsafe.Add(ref b, 1) | Unsafe.Add(ref b, 2) | Unsafe.Add(ref b, 3)
                | Unsafe.Add(ref b, 4) | Unsafe.Add(ref b, 5) | Unsafe.Add(ref b, 6) | Unsafe.Add(ref b, 7));
            widths |= (ulong)(32 - BitOperations.LeadingZeroCount(o)) << (8 * k);
        }

        return widths;
    }

    /// <summary><see cref="WidthsScalar"/> by an OR tree of 64-bit lanes (two rounds of vpermt2q), lzcnt, vpmovqb.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong WidthsAvx512(ref int z)
    {
        ref var q = ref Unsafe.As<int, ulong>(ref z);
        var even = Vector512.Create(0UL, 2, 4, 6, 8, 10, 12, 14);
        var odd = Vector512.Create(1UL, 3, 5, 7, 9, 11, 13, 15);
        var z0 = Vector512.LoadUnsafe(ref q);
        var z1 = Vector512.LoadUnsafe(ref q, 8);
        var z2 = Vector512.LoadUnsafe(ref q, 16);
        var z3 = Vector512.LoadUnsafe(ref q, 24);
        var a = Avx512F.PermuteVar8x64x2(z0, even, z1) | Avx512F.PermuteVar8x64x2(z0, odd, z1);
        var b = Avx512F.PermuteVar8x64x2(z2, even, z3) | Avx512F.PermuteVar8x64x2(z2, odd, z3);
        var r = Avx512F.PermuteVar8x64x2(a, even, b) | Avx512F.PermuteVar8x64x2(a, odd, b);
        r = (r | Vector512.ShiftRightLogical(r, 32)) & Vector512.Create(0xFFFFFFFFUL);
        var w = Vector512.Create(64UL) - Avx512CD.LeadingZeroCount(r);
        return Avx512F.ConvertToVector128Byte(w).AsUInt64().ToScalar();
    }

    /// <summary>Widths up to 8: the whole block is one 64-bit word (independent shifts, one store).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackNarrow(ref int z, int w, ref byte d, int p)
    {
        var a = (ulong)(uint)z | ((ulong)(uint)Unsafe.Add(ref z, 1) << w);
        var b = (ulong)(uint)Unsafe.Add(ref z, 2) | ((ulong)(uint)Unsafe.Add(ref z, 3) << w);
        var c = (ulong)(uint)Unsafe.Add(ref z, 4) | ((ulong)(uint)Unsafe.Add(ref z, 5) << w);
        var e = (ulong)(uint)Unsafe.Add(ref z, 6) | ((ulong)(uint)Unsafe.Add(ref z, 7) << w);
        var w2 = 2 * w;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref d, p), (a | (b << w2)) | ((c | (e << w2)) << (2 * w2)));
        return p + w;
    }

    /// <summary>Widths 8..32 with AVX-512 VBMI: each value shifted within its 64-bit lane, bytes placed by permutes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int PackVbmi(ref int z, int w, ref byte d, int p)
    {
        var lanes = Avx512F.ConvertToVector512UInt64(Vector256.LoadUnsafe(ref Unsafe.As<int, uint>(ref z)));
        var bytes = Avx512F.ShiftLeftLogicalVariable(lanes, Vector512.LoadUnsafe(ref At(s_shift, w * 8))).AsByte();
        var even = Avx512Vbmi.PermuteVar64x8x2(bytes, Vector512.LoadUnsafe(ref At(s_packEven, w * 64)), Vector512<byte>.Zero);
        var odd = Avx512Vbmi.PermuteVar64x8x2(bytes, Vector512.LoadUnsafe(ref At(s_packOdd, w * 64)), Vector512<byte>.Zero);
        (even | odd).GetLower().StoreUnsafe(ref Unsafe.Add(ref d, p));
        return p + w;
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
    /// Unpacks dst.Length / 64 chunks starting at <paramref name="pos"/> into <paramref name="dst"/> (a multiple
    /// of 64 long); returns the position after them. Every width and length is checked (InvalidDataException).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Unpack(ReadOnlySpan<byte> src, int pos, Span<int> dst)
    {
        if ((dst.Length & (Chunk - 1)) != 0)
        {
            throw new ArgumentException("whole chunks of 64 values", nameof(dst));
        }

        ref var rs = ref MemoryMarshal.GetReference(src);
        ref var rd = ref MemoryMarshal.GetReference(dst);
        var vbmi = Simd.Use512 && Avx512Vbmi.IsSupported;
        for (var c = 0; c < dst.Length; c += Chunk)
        {
            // Far from the end every read of a chunk (at most 261 bytes, 64-byte loads) is in bounds.
            pos = vbmi && pos >= 0 && src.Length - pos >= MaxChunkBytes + 64
                ? UnpackChunkVbmi(ref rs, pos, ref Unsafe.Add(ref rd, c))
                : UnpackChunkChecked(src, pos, dst.Slice(c, Chunk), vbmi);
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int UnpackChunkVbmi(ref byte rs, int pos, ref int o)
    {
        int h = Unsafe.Add(ref rs, pos);
        if (h == 0)
        {
            Vector512<int>.Zero.StoreUnsafe(ref o);
            Vector512<int>.Zero.StoreUnsafe(ref o, 16);
            Vector512<int>.Zero.StoreUnsafe(ref o, 32);
            Vector512<int>.Zero.StoreUnsafe(ref o, 48);
            return pos + 1;
        }

        if (h > 32)
        {
            CodecThrow.Corrupt($"block width base {h} > 32");
        }

        var nibbles = Unsafe.ReadUnaligned<uint>(ref Unsafe.Add(ref rs, pos + 1));
        var p = pos + 5;
        for (var k = 0; k < 8; k++)
        {
            // Width 0 goes through the same instructions (its mask is 0): no branch on zero blocks.
            var dk = (int)(nibbles >> (4 * k)) & 15;
            var w = dk == 0 ? 0 : h + dk - 1;
            if (w > 32)
            {
                CodecThrow.Corrupt($"block width {w} > 32");
            }

            var bytes = Vector512.LoadUnsafe(ref Unsafe.Add(ref rs, p));
            var g = Avx512F.ShiftRightLogicalVariable(
                Avx512Vbmi.PermuteVar64x8(bytes, Vector512.LoadUnsafe(ref At(s_index, w * 64))).AsUInt64(),
                Vector512.LoadUnsafe(ref At(s_shift, w * 8)));
            Avx512F.ConvertToVector256UInt32(g & Vector512.Create(At(s_mask, w))).AsInt32().StoreUnsafe(ref o, (nuint)(k * 8));
            p += w;
        }

        return p;
    }

    /// <summary>One chunk with every read checked against the source (near its end, or without VBMI).</summary>
    private static int UnpackChunkChecked(ReadOnlySpan<byte> src, int pos, Span<int> dst, bool vbmi)
    {
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
                var g = Avx512F.ShiftRightLogicalVariable(
                    Avx512Vbmi.PermuteVar64x8(bytes, Vector512.LoadUnsafe(ref At(s_index, w * 64))).AsUInt64(),
                    Vector512.LoadUnsafe(ref At(s_shift, w * 8)));
                Avx512F.ConvertToVector256UInt32(g & Vector512.Create(At(s_mask, w))).AsInt32().StoreUnsafe(ref o);
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
