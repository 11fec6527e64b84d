using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// Fixed-width bit packing of quantized values (bitcomp without entropy stage), fused with quantization on
/// the way in and with dequantization on the way out so that each value is touched once. The packed stream
/// is followed by 8 zero bytes, so the scalar unpacker always reads whole 64-bit words.
/// </summary>
internal static class BitPacker
{
    public const int Padding = 8;

    public static long PackedSize(long count, int nbits) => ((count * nbits) + 7) / 8 + Padding;

    /// <summary>Quantizes (see <see cref="Simd.Quantize"/>) and packs; returns the bytes written.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int QuantizePack(ReadOnlySpan<float> x, int nbits, float offset, float scale, float lo, float hi, int add, Span<byte> dst)
    {
        var size = (int)PackedSize(x.Length, nbits);
        var region = dst[..size];
        region.Clear();
        ref var o = ref MemoryMarshal.GetReference(region);
        Span<int> chunk = stackalloc int[1024];
        ulong buf = 0;
        var cnt = 0;
        var pos = 0;
        for (var start = 0; start < x.Length; start += chunk.Length)
        {
            var part = x.Slice(start, Math.Min(chunk.Length, x.Length - start));
            var q = chunk[..part.Length];
            Simd.Quantize(part, offset, scale, lo, hi, add, q);
            if (cnt == 0 && (pos == start / 8 * nbits))
            {
                // Whole groups of 8 values fill exactly nbits bytes: each group starts its own short
                // dependency chain, so the core overlaps groups instead of waiting on one long chain.
                var groups = q.Length / 8;
                ref var rq = ref MemoryMarshal.GetReference(q);
                for (var g = 0; g < groups; g++)
                {
                    ulong b = 0;
                    var c = 0;
                    var p = pos + (g * nbits);
                    for (var k = 0; k < 8; k++)
                    {
                        b |= (ulong)(uint)Unsafe.Add(ref rq, (g * 8) + k) << c;
                        c += nbits;
                        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, p), b);
                        var a = c >> 3;
                        p += a;
                        b >>= a * 8;
                        c &= 7;
                    }
                }

                pos += groups * nbits;
                q = q[(groups * 8)..];
            }

            foreach (var v in q)
            {
                buf |= (ulong)(uint)v << cnt;
                cnt += nbits;
                Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, pos), buf);
                var adv = cnt >> 3;
                pos += adv;
                buf >>= adv * 8;
                cnt &= 7;
            }
        }

        if (cnt > 0)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, pos), buf);
        }

        region[^Padding..].Clear();
        return size;
    }

    /// <summary>Unpacks and dequantizes: x = (float)(q + add) * scale + offset.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void UnpackDequantize(ReadOnlySpan<byte> src, int nbits, int add, float scale, float offset, Span<float> x)
    {
        var n = x.Length;
        if (src.Length < PackedSize(n, nbits))
        {
            CodecThrow.Corrupt($"truncated bit-packed data: {PackedSize(n, nbits)} bytes needed, {src.Length} present");
        }

        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(x);
        var i = 0;
        if (Simd.Use512 && Avx512Vbmi.IsSupported)
        {
            i = UnpackVbmi(src, nbits, add, scale, offset, x);
        }

        var mask = (1UL << nbits) - 1;
        for (; i < n; i++)
        {
            var bit = (long)i * nbits;
            var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, (nint)(bit >> 3)));
            var q = (int)((w >> (int)(bit & 7)) & mask);
            Unsafe.Add(ref d, i) = ((float)(q + add) * scale) + offset;
        }
    }

    /// <summary>
    /// 16 values per step: 16 values of nbits span exactly 2·nbits bytes, so one 64-byte load covers them;
    /// VPERMB moves each value's 4 bytes into its lane and a per-lane shift aligns it. Returns values done.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int UnpackVbmi(ReadOnlySpan<byte> src, int nbits, int add, float scale, float offset, Span<float> x)
    {
        Span<byte> control = stackalloc byte[64];
        Span<uint> shifts = stackalloc uint[16];
        for (var lane = 0; lane < 16; lane++)
        {
            var bit = lane * nbits;
            for (var b = 0; b < 4; b++)
            {
                control[(lane * 4) + b] = (byte)((bit >> 3) + b);
            }

            shifts[lane] = (uint)(bit & 7);
        }

        var ctrl = Vector512.Create((ReadOnlySpan<byte>)control);
        var sh = Vector512.Create((ReadOnlySpan<uint>)shifts);
        var mask = Vector512.Create((uint)((1UL << nbits) - 1));
        var a = Vector512.Create(add);
        var sc = Vector512.Create(scale);
        var of = Vector512.Create(offset);
        ref var s = ref MemoryMarshal.GetReference(src);
        ref var d = ref MemoryMarshal.GetReference(x);
        var step = 2 * nbits;
        if (src.Length < 64)
        {
            return 0;
        }

        var groups = Math.Min(x.Length / 16, ((src.Length - 64) / step) + 1);

        for (var g = 0; g < groups; g++)
        {
            var raw = Vector512.LoadUnsafe(ref s, (nuint)(g * step));
            var lanes = Avx512Vbmi.PermuteVar64x8(raw, ctrl).AsUInt32();
            var q = Avx512F.ShiftRightLogicalVariable(lanes, sh) & mask;
            var f = Vector512.ConvertToSingle(q.AsInt32() + a);
            ((f * sc) + of).StoreUnsafe(ref d, (nuint)(g * 16));
        }

        return groups * 16;
    }
}
