using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Entropy coder for non-negative integers that are mostly small (zigzagged prediction residuals): one
/// Huffman symbol per token, then raw extra bits. Tokens: values 0..31 directly; larger values by bit length
/// (the bits below the leading one follow raw); runs of 4 or more zeros by the run's bit length (so quiet
/// regions cost a few bits per run, not one bit per value). Falls back to raw 32-bit words when that is
/// smaller. Layout: mode byte (0 raw, 1 Huffman); Huffman: 44 bytes of 4-bit code lengths, u32 bit-stream
/// length L, L bytes, 16 zero bytes (so the decoder always reads whole 64-bit words without a bounds branch).
/// </summary>
internal static class ResidualCoder
{
    private const int Direct = 32;
    private const int ClassBase = Direct;          // values of bit length 6..32
    private const int RunBase = ClassBase + 27;    // zero runs of bit length 3..31
    private const int MinRun = 4;
    public const int Alphabet = RunBase + 29;
    private const int LengthBytes = (Alphabet + 1) / 2;
    private const int Padding = 16;
    private const int HuffmanOverhead = 1 + LengthBytes + 4 + Padding;

    /// <summary>The most bytes <see cref="Encode"/> writes for <paramref name="count"/> values.</summary>
    public static long MaxEncodedSize(long count) => 1 + (4 * count);

    public static int Encode(ReadOnlySpan<int> values, Span<byte> dst)
    {
        Span<long> freq = stackalloc long[Alphabet];
        freq.Clear();
        var extra = Count(values, freq);
        Span<byte> lengths = stackalloc byte[Alphabet];
        Huffman.BuildLengths(freq, lengths);
        var bits = extra;
        for (var s = 0; s < Alphabet; s++)
        {
            bits += freq[s] * lengths[s];
        }

        var streamBytes = (bits + 7) >> 3;
        if (HuffmanOverhead + streamBytes >= MaxEncodedSize(values.Length))
        {
            dst[0] = 0;
            MemoryMarshal.AsBytes(values).CopyTo(dst[1..]);
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(MemoryMarshal.Cast<byte, int>(dst.Slice(1, values.Length * 4)), MemoryMarshal.Cast<byte, int>(dst.Slice(1, values.Length * 4)));
            }

            return 1 + (values.Length * 4);
        }

        dst[0] = 1;
        for (var s = 0; s < Alphabet; s += 2)
        {
            dst[1 + (s / 2)] = (byte)(lengths[s] | (s + 1 < Alphabet ? lengths[s + 1] << 4 : 0));
        }

        BinaryPrimitives.WriteUInt32LittleEndian(dst[(1 + LengthBytes)..], (uint)streamBytes);
        var start = 1 + LengthBytes + 4;
        var region = dst.Slice(start, (int)streamBytes + Padding);
        Span<uint> codes = stackalloc uint[Alphabet];
        Huffman.Codes(lengths, codes);
        var written = Emit(values, lengths, codes, region);
        if (written != streamBytes)
        {
            throw new InvalidOperationException($"residual coder wrote {written} bytes, expected {streamBytes}");
        }

        region[(int)streamBytes..].Clear();
        return start + (int)streamBytes + Padding;
    }

    /// <summary>Decodes exactly dst.Length values; returns the bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> src, Span<int> dst)
    {
        if (src.IsEmpty)
        {
            CodecThrow.Corrupt("the residual stream is empty");
        }

        var n = dst.Length;
        if (src[0] == 0)
        {
            var need = 1 + (4L * n);
            if (src.Length < need)
            {
                CodecThrow.Corrupt($"truncated raw residuals: {need} bytes needed, {src.Length} present");
            }

            src.Slice(1, n * 4).CopyTo(MemoryMarshal.AsBytes(dst));
            if (!BitConverter.IsLittleEndian)
            {
                BinaryPrimitives.ReverseEndianness(dst, dst);
            }

            return (int)need;
        }

        if (src[0] != 1)
        {
            CodecThrow.Corrupt($"unknown residual mode {src[0]}");
        }

        if (src.Length < HuffmanOverhead)
        {
            CodecThrow.Corrupt("truncated residual header");
        }

        Span<byte> lengths = stackalloc byte[Alphabet];
        for (var s = 0; s < Alphabet; s++)
        {
            var b = src[1 + (s / 2)];
            lengths[s] = (byte)((s & 1) == 0 ? b & 15 : b >> 4);
        }

        var streamBytes = BinaryPrimitives.ReadUInt32LittleEndian(src[(1 + LengthBytes)..]);
        var start = 1 + LengthBytes + 4;
        if (streamBytes > (uint)(src.Length - start - Padding))
        {
            CodecThrow.Corrupt($"truncated residual bit stream: {streamBytes} bytes announced, {src.Length - start - Padding} present");
        }

        Span<ushort> table = stackalloc ushort[1 << Huffman.MaxBits];
        Huffman.BuildDecodeTable(lengths, table);
        Read(src.Slice(start, (int)streamBytes + Padding), table, dst);
        return start + (int)streamBytes + Padding;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Count(ReadOnlySpan<int> values, Span<long> freq)
    {
        long extra = 0;
        var n = values.Length;
        for (var i = 0; i < n;)
        {
            var v = (uint)values[i];
            if (v == 0)
            {
                var run = ZeroRun(values, i);
                if (run >= MinRun)
                {
                    var j = 32 - BitOperations.LeadingZeroCount((uint)run);
                    freq[RunBase + j - 3]++;
                    extra += j - 1;
                }
                else
                {
                    freq[0] += run;
                }

                i += run;
                continue;
            }

            if (v < Direct)
            {
                freq[(int)v]++;
            }
            else
            {
                var k = 32 - BitOperations.LeadingZeroCount(v);
                freq[ClassBase + k - 6]++;
                extra += k - 1;
            }

            i++;
        }

        return extra;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int ZeroRun(ReadOnlySpan<int> values, int i)
    {
        var rest = values[i..];
        if (rest.Length < MinRun || rest[1] != 0 || rest[2] != 0 || rest[3] != 0)
        {
            var r = 1;
            while (r < rest.Length && r < MinRun && rest[r] == 0)
            {
                r++;
            }

            return r;
        }

        var end = rest.IndexOfAnyExcept(0);
        return end < 0 ? rest.Length : end;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int Emit(ReadOnlySpan<int> values, ReadOnlySpan<byte> lengths, ReadOnlySpan<uint> codes, Span<byte> region)
    {
        ref var o = ref MemoryMarshal.GetReference(region);
        ulong buf = 0;
        var cnt = 0;
        var pos = 0;
        var n = values.Length;
        for (var i = 0; i < n;)
        {
            var v = (uint)values[i];
            int sym, extraLen;
            uint extraBits;
            if (v < Direct)
            {
                if (v == 0)
                {
                    var run = ZeroRun(values, i);
                    if (run >= MinRun)
                    {
                        var j = 32 - BitOperations.LeadingZeroCount((uint)run);
                        sym = RunBase + j - 3;
                        extraLen = j - 1;
                        extraBits = (uint)run & ((1u << extraLen) - 1);
                        i += run;
                    }
                    else
                    {
                        // Short runs: plain zero symbols.
                        for (var r = 0; r < run; r++)
                        {
                            buf |= (ulong)codes[0] << cnt;
                            cnt += lengths[0];
                            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, pos), buf);
                            var adv = cnt >> 3;
                            pos += adv;
                            buf >>= adv * 8;
                            cnt &= 7;
                        }

                        i += run;
                        continue;
                    }
                }
                else
                {
                    sym = (int)v;
                    extraLen = 0;
                    extraBits = 0;
                    i++;
                }
            }
            else
            {
                var k = 32 - BitOperations.LeadingZeroCount(v);
                sym = ClassBase + k - 6;
                extraLen = k - 1;
                extraBits = v & (uint)((1UL << extraLen) - 1);
                i++;
            }

            buf |= (ulong)codes[sym] << cnt;
            cnt += lengths[sym];
            buf |= (ulong)extraBits << cnt;
            cnt += extraLen;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, pos), buf);
            var a = cnt >> 3;
            pos += a;
            buf >>= a * 8;
            cnt &= 7;
        }

        if (cnt > 0)
        {
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, pos), buf);
            pos++;
        }

        return pos;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Read(ReadOnlySpan<byte> stream, ReadOnlySpan<ushort> table, Span<int> dst)
    {
        ref var s = ref MemoryMarshal.GetReference(stream);
        ref var t = ref MemoryMarshal.GetReference(table);
        ref var d = ref MemoryMarshal.GetReference(dst);
        var limit = stream.Length - 8;
        var n = dst.Length;
        ulong buf = 0;
        var cnt = 0;
        var pos = 0;
        const ulong Mask = (1UL << Huffman.MaxBits) - 1;
        for (var i = 0; i < n;)
        {
            if (pos > limit)
            {
                CodecThrow.Corrupt("the residual bit stream ends early");
            }

            buf |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s, pos)) << cnt;
            pos += (63 - cnt) >> 3;
            cnt |= 56;
            var e = Unsafe.Add(ref t, (int)(buf & Mask));
            var len = e & 15;
            var sym = e >> 4;
            if (len == 0)
            {
                CodecThrow.Corrupt("invalid Huffman code");
            }

            buf >>= len;
            cnt -= len;
            if (sym < Direct)
            {
                Unsafe.Add(ref d, i++) = sym;
            }
            else if (sym < RunBase)
            {
                var extraLen = sym - ClassBase + 5;
                var v = (uint)(buf & ((1UL << extraLen) - 1)) | (1u << extraLen);
                buf >>= extraLen;
                cnt -= extraLen;
                Unsafe.Add(ref d, i++) = (int)v;
            }
            else
            {
                var extraLen = sym - RunBase + 2;
                var run = (long)(buf & ((1UL << extraLen) - 1)) | (1L << extraLen);
                buf >>= extraLen;
                cnt -= extraLen;
                if (run > n - i)
                {
                    CodecThrow.Corrupt("a zero run overruns the array");
                }

                dst.Slice(i, (int)run).Clear();
                i += (int)run;
            }
        }
    }
}
