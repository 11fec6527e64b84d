using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// Entropy coder for non-negative integers that are mostly small (zigzagged prediction residuals): one
/// Huffman symbol per token, then raw extra bits. Tokens: values 0..31 directly; larger values by bit length
/// (the bits below the leading one follow raw); runs of 16 or more zeros by the run's bit length (so quiet
/// regions cost a few bits per run, not one bit per value). Falls back to raw 32-bit words when that is
/// smaller. Layout: mode byte (0 raw, 1 Huffman); Huffman: 44 bytes of 4-bit code lengths, then the values
/// split in 4 equal segments, each its own bit stream (so the decoder runs 4 independent chains at once):
/// 4 × u32 stream lengths L_k, then each stream's L_k bytes followed by 16 zero bytes (so the decoder always
/// reads whole 64-bit words without a bounds branch).
/// </summary>
internal static partial class ResidualCoder
{
    private const int Direct = 32;
    private const int ClassBase = Direct;          // values of bit length 6..32
    private const int RunBase = ClassBase + 27;    // zero runs of bit length 3..31
    public const int Alphabet = RunBase + 29;
    private const int LengthBytes = (Alphabet + 1) / 2;
    private const int Padding = 16;
    private const int Streams = 4;
    private const int HuffmanOverhead = 1 + LengthBytes + (Streams * (4 + Padding));

    /// <summary>The most bytes <see cref="Encode"/> writes for <paramref name="count"/> values.</summary>
    public static long MaxEncodedSize(long count) => 1 + (4 * count);

    /// <summary>Arrays at least this long take their code from a sample of the values (see <see cref="EncodeSampled"/>).</summary>
    internal const int SampleMin = 1 << 16;

    /// <summary>Sampled chunks: one run of <see cref="SampleChunk"/> values in every <see cref="SampleStride"/>.</summary>
    private const int SampleChunk = 256;

    private const int SampleStride = 8;

    public static int Encode(ReadOnlySpan<int> values, Span<byte> dst)
    {
        // The emitters write through refs: a destination shorter than the worst case would be overrun, not
        // refused (cvxcompress once handed it more padded coefficients than its payload could hold).
        if (dst.Length < MaxEncodedSize(values.Length))
        {
            CodecThrow.Argument(nameof(dst), $"the residual coder needs {MaxEncodedSize(values.Length)} bytes for {values.Length} values, got {dst.Length}");
        }

        return values.Length >= SampleMin && EncodeSampled(values, dst, out var written) ? written : EncodeExact(values, dst);
    }

    /// <summary>The code from the histogram of every value: stream sizes are known before emission.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static int EncodeExact(ReadOnlySpan<int> values, Span<byte> dst)
    {
        Span<long> freq = stackalloc long[Alphabet];
        Span<long> segmentFreq = stackalloc long[Streams * Alphabet];
        Span<long> extra = stackalloc long[Streams];
        freq.Clear();
        segmentFreq.Clear();
        var n = values.Length;
        for (var k = 0; k < Streams; k++)
        {
            var f = segmentFreq.Slice(k * Alphabet, Alphabet);
            extra[k] = Count(Segment(values, k), f);
            for (var s = 0; s < Alphabet; s++)
            {
                freq[s] += f[s];
            }
        }

        Span<byte> lengths = stackalloc byte[Alphabet];
        Huffman.BuildLengths(freq, lengths);
        Span<long> bytes = stackalloc long[Streams];
        var total = (long)HuffmanOverhead;
        for (var k = 0; k < Streams; k++)
        {
            var bits = extra[k];
            for (var s = 0; s < Alphabet; s++)
            {
                bits += segmentFreq[(k * Alphabet) + s] * lengths[s];
            }

            bytes[k] = (bits + 7) >> 3;
            total += bytes[k];
        }

        if (total >= MaxEncodedSize(n))
        {
            return StoreRaw(values, dst);
        }

        WriteLengths(lengths, dst);
        Span<ulong> table = stackalloc ulong[EmitTableSize];
        BuildEmitTable(lengths, table);
        var offset = 1 + LengthBytes + (4 * Streams);
        Span<int> starts = stackalloc int[Streams];
        Span<int> limits = stackalloc int[Streams];
        for (var k = 0; k < Streams; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(dst[(1 + LengthBytes + (4 * k))..], (uint)bytes[k]);
            starts[k] = offset;
            limits[k] = int.MaxValue;
            offset += (int)bytes[k] + Padding;
        }

        Span<int> written = stackalloc int[Streams];
        EmitFour(values, table, dst, starts, limits, written);
        for (var k = 0; k < Streams; k++)
        {
            if (written[k] != bytes[k])
            {
                throw new InvalidOperationException($"residual coder wrote {written[k]} bytes, expected {bytes[k]}");
            }

            dst.Slice(starts[k] + written[k], Padding).Clear();
        }

        return offset;
    }

    /// <summary>
    /// The code from the histogram of one chunk in <see cref="SampleStride"/> (the histogram pass costs as
    /// much as a third of the encoder; a sample of a wavefield has nearly the full histogram). Every symbol
    /// gets a code, so any input can be written; the streams go into regions sized from the estimate with a
    /// margin, each writer checks its region once per block, and the streams are moved together afterwards.
    /// Returns false (nothing usable written) when a stream would overflow its region or the result would not
    /// beat raw words: the caller then takes the exact path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    internal static bool EncodeSampled(ReadOnlySpan<int> values, Span<byte> dst, out int written)
    {
        written = 0;
        Span<long> freq = stackalloc long[Alphabet];
        Span<long> segmentFreq = stackalloc long[Streams * Alphabet];
        Span<long> extra = stackalloc long[Streams];
        segmentFreq.Clear();
        var n = values.Length;
        for (var k = 0; k < Streams; k++)
        {
            var seg = Segment(values, k);
            var f = segmentFreq.Slice(k * Alphabet, Alphabet);
            var chunks = seg.Length / SampleChunk;
            extra[k] = 0;

            // One chunk per group of SampleStride, at a varying place in the group: a fixed place would see
            // the same columns of every row when rows are a power of two long.
            for (var j = 0; j < chunks / SampleStride; j++)
            {
                var c = (j * SampleStride) + (((j * 5) + 3) % SampleStride);
                extra[k] += Count(seg.Slice(c * SampleChunk, SampleChunk), f);
            }
        }

        for (var s = 0; s < Alphabet; s++)
        {
            long f = 0;
            for (var k = 0; k < Streams; k++)
            {
                f += segmentFreq[(k * Alphabet) + s];
            }

            freq[s] = f;
        }

        Span<byte> lengths = stackalloc byte[Alphabet];
        Huffman.BuildLengths(freq, lengths);
        MakeRoomForUnseen(freq, lengths, MaxClass(values), Segment(values, Streams - 1).Length);
        var offset = 1 + LengthBytes + (4 * Streams);
        Span<int> starts = stackalloc int[Streams];
        Span<int> limits = stackalloc int[Streams];
        long end = offset;
        for (var k = 0; k < Streams; k++)
        {
            var bits = extra[k];
            for (var s = 0; s < Alphabet; s++)
            {
                bits += segmentFreq[(k * Alphabet) + s] * lengths[s];
            }

            // Estimate, plus a quarter, plus room for a block's worst case and the padding.
            var est = ((bits * SampleStride) + 7) >> 3;
            var region = est + (est >> 2) + 1024;
            starts[k] = (int)end;
            limits[k] = (int)(region - EmitSlack);
            end += region;
        }

        if (end > Math.Min(dst.Length, MaxEncodedSize(n)))
        {
            return false;
        }

        Span<ulong> table = stackalloc ulong[EmitTableSize];
        BuildEmitTable(lengths, table);
        Span<int> sizes = stackalloc int[Streams];
        if (!EmitFour(values, table, dst, starts, limits, sizes))
        {
            return false;
        }

        // Streams move down into place (a region never starts before its stream's final position); the
        // padding cleared behind each one lies below the next region.
        var p = offset;
        for (var k = 0; k < Streams; k++)
        {
            if (starts[k] != p)
            {
                dst.Slice(starts[k], sizes[k]).CopyTo(dst[p..]);
            }

            BinaryPrimitives.WriteUInt32LittleEndian(dst[(1 + LengthBytes + (4 * k))..], (uint)sizes[k]);
            p += sizes[k];
            dst.Slice(p, Padding).Clear();
            p += Padding;
        }

        if (p >= MaxEncodedSize(n))
        {
            return false;
        }

        WriteLengths(lengths, dst);
        written = p;
        return true;
    }

    /// <summary>
    /// Gives the value symbols the sample did not see (direct values, bit-length classes up to
    /// <paramref name="maxClass"/>, the largest present) a code of the longest length, making room in the code
    /// space by lengthening the rarest seen codes (a weight of 1 per unseen symbol in the Huffman build instead
    /// flattens the whole code through the length limit: 6 % of ratio on dense fields). Run symbols up to the
    /// longest possible run get codes too (zero runs often sit where the sample did not look: 0.3 % of ratio
    /// against a fallback to the exact path); a run without a code would stop the writer in <see cref="EmitRun"/>.
    /// </summary>
    private static void MakeRoomForUnseen(ReadOnlySpan<long> freq, Span<byte> lengths, int maxClass, int longestSegment)
    {
        long kraft = 0;
        var unseen = 0;
        var maxRun = RunBase + (32 - BitOperations.LeadingZeroCount((uint)longestSegment)) - 3;
        for (var s = 0; s < Alphabet; s++)
        {
            unseen += lengths[s] == 0 && Needed(s) ? 1 : 0;
        }

        foreach (var l in lengths)
        {
            kraft += l == 0 ? 0 : 1L << (Huffman.MaxBits - l);
        }

        while ((1L << Huffman.MaxBits) - kraft < unseen)
        {
            var pick = -1;
            for (var s = 0; s < lengths.Length; s++)
            {
                if (lengths[s] is > 0 and < Huffman.MaxBits && (pick < 0 || freq[s] < freq[pick]))
                {
                    pick = s;
                }
            }

            // pick >= 0: with every seen code at the longest length the space left is 2^MaxBits - seen >= unseen.
            kraft -= 1L << (Huffman.MaxBits - 1 - lengths[pick]);
            lengths[pick]++;
        }

        for (var s = 0; s < Alphabet; s++)
        {
            lengths[s] = lengths[s] == 0 && Needed(s) ? (byte)Huffman.MaxBits : lengths[s];
        }

        bool Needed(int s) => s < Direct || s <= maxClass || (s >= RunBase && s <= maxRun);
    }

    /// <summary>The symbol of the largest value's bit-length class (below <see cref="ClassBase"/> if all are direct).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int MaxClass(ReadOnlySpan<int> values)
    {
        var v = MemoryMarshal.Cast<int, uint>(values);
        ref var r = ref MemoryMarshal.GetReference(v);
        var n = v.Length;
        var i = 0;
        uint max = 0;
        if (Simd.Use512)
        {
            var m = Vector512<uint>.Zero;
            for (; i <= n - 16; i += 16)
            {
                m = Vector512.Max(m, Vector512.LoadUnsafe(ref r, (nuint)i));
            }

            for (var k = 0; k < Vector512<uint>.Count; k++)
            {
                max = Math.Max(max, m.GetElement(k));
            }
        }
        else if (Simd.Use256)
        {
            var m = Vector256<uint>.Zero;
            for (; i <= n - 8; i += 8)
            {
                m = Vector256.Max(m, Vector256.LoadUnsafe(ref r, (nuint)i));
            }

            for (var k = 0; k < Vector256<uint>.Count; k++)
            {
                max = Math.Max(max, m.GetElement(k));
            }
        }

        for (; i < n; i++)
        {
            max = Math.Max(max, Unsafe.Add(ref r, i));
        }

        return 32 - BitOperations.LeadingZeroCount(max) + (ClassBase - 6);
    }

    /// <summary>Bytes a writer may pass its limit by (a block of tokens, an 8-byte store) plus the padding.</summary>
    private const int EmitSlack = 128 + Padding;

    private static int StoreRaw(ReadOnlySpan<int> values, Span<byte> dst)
    {
        dst[0] = 0;
        MemoryMarshal.AsBytes(values).CopyTo(dst[1..]);
        return 1 + (values.Length * 4);
    }

    private static void WriteLengths(ReadOnlySpan<byte> lengths, Span<byte> dst)
    {
        dst[0] = 1;
        for (var s = 0; s < Alphabet; s += 2)
        {
            dst[1 + (s / 2)] = (byte)(lengths[s] | (s + 1 < Alphabet ? lengths[s + 1] << 4 : 0));
        }
    }

    /// <summary>
    /// code | length &lt;&lt; 16 | extra length &lt;&lt; 24 | (length + extra length) &lt;&lt; 32 per symbol: one
    /// load per token (run symbols carry no extra length here: RunToken adds the run bits).
    /// </summary>
    private static void BuildEmitTable(ReadOnlySpan<byte> lengths, Span<ulong> table)
    {
        Span<uint> codes = stackalloc uint[Alphabet];
        Huffman.Codes(lengths, codes);
        for (var s = 0; s < Alphabet; s++)
        {
            ulong extraLen = s is >= ClassBase and < RunBase ? (ulong)(s - ClassBase + 5) : 0;
            table[s] = codes[s] | ((ulong)lengths[s] << 16) | (extraLen << 24) | ((lengths[s] + extraLen) << 32);
        }
    }

    /// <summary>One entry per symbol.</summary>
    private const int EmitTableSize = Alphabet;

    /// <summary>Decodes exactly dst.Length values; returns the bytes consumed.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
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

        Span<int> starts = stackalloc int[Streams + 1];
        long offset = 1 + LengthBytes + (4 * Streams);
        for (var k = 0; k < Streams; k++)
        {
            starts[k] = (int)offset;
            offset += BinaryPrimitives.ReadUInt32LittleEndian(src[(1 + LengthBytes + (4 * k))..]) + (long)Padding;
            if (offset > src.Length)
            {
                CodecThrow.Corrupt($"truncated residual bit stream {k}: it ends at byte {offset}, {src.Length} present");
            }
        }

        starts[Streams] = (int)offset;
        Span<ushort> single = stackalloc ushort[1 << Huffman.MaxBits];
        Huffman.BuildDecodeTable(lengths, single);
        if (Simd.Use512 && Avx512F.IsSupported)
        {
            DecodeMulti<Store512>(src, starts, single, dst);
        }
        else if (Simd.Use256 && Avx2.IsSupported)
        {
            DecodeMulti<Store256>(src, starts, single, dst);
        }
        else
        {
            DecodeSingle(src, starts, single, dst);
        }

        return starts[Streams];
    }

    /// <summary>
    /// The one-token-per-lookup decoder (the scalar level, and machines without AVX2): four streams in lockstep
    /// on plain locals, batches without per-token checks as in <see cref="DecodeMulti"/>.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeSingle(ReadOnlySpan<byte> src, ReadOnlySpan<int> starts, ReadOnlySpan<ushort> single, Span<int> dst)
    {
        Span<uint> entries = stackalloc uint[1 << Huffman.MaxBits];
        Span<uint> bases = stackalloc uint[Alphabet];
        BuildEntries(single, entries, bases);

        // Four independent streams decoded in lockstep on plain locals: their dependency chains (entry load,
        // shift, refill) overlap in the core. One lookup gives one token, or two direct values when both codes
        // fit in the window (dense residuals are mostly 2-4 bit codes); the second value is always stored and
        // is overwritten later when the entry holds one. Batches run without per-token checks: a batch is no
        // longer than half the values left in any segment (a lookup stores at most two) nor than the bytes
        // left before any stream's last 64 bytes (a lookup reads at most 8 bytes past its position and
        // advances it at most 7); a zero run ends the batch early. The stream tails go to the careful per-stream reader, which resumes from the same state.
        const ulong Mask = (1UL << Huffman.MaxBits) - 1;
        Span<ulong> fastTable = stackalloc ulong[1 << Huffman.MaxBits];
        BuildFastEntries(entries, bases, fastTable);
        ref var f = ref MemoryMarshal.GetReference(fastTable);
        Span<int> d0 = Segment(dst, 0), d1 = Segment(dst, 1), d2 = Segment(dst, 2), d3 = Segment(dst, 3);
        ref var s0 = ref Unsafe.AsRef(in src[starts[0]]);
        ref var s1 = ref Unsafe.AsRef(in src[starts[1]]);
        ref var s2 = ref Unsafe.AsRef(in src[starts[2]]);
        ref var s3 = ref Unsafe.AsRef(in src[starts[3]]);
        ref var o0 = ref MemoryMarshal.GetReference(d0);
        ref var o1 = ref MemoryMarshal.GetReference(d1);
        ref var o2 = ref MemoryMarshal.GetReference(d2);
        ref var o3 = ref MemoryMarshal.GetReference(d3);
        ulong buf0 = 0, buf1 = 0, buf2 = 0, buf3 = 0;
        int cnt0 = 0, cnt1 = 0, cnt2 = 0, cnt3 = 0, pos0 = 0, pos1 = 0, pos2 = 0, pos3 = 0, i0 = 0, i1 = 0, i2 = 0, i3 = 0;
        int l0 = starts[1] - starts[0] - 64, l1 = starts[2] - starts[1] - 64, l2 = starts[3] - starts[2] - 64, l3 = starts[4] - starts[3] - 64;
        while (true)
        {
            var batch = Math.Min(
                Math.Min(Math.Min(d0.Length - i0, d1.Length - i1), Math.Min(d2.Length - i2, d3.Length - i3)) / 2,
                Math.Min(Math.Min(l0 - pos0, l1 - pos1), Math.Min(l2 - pos2, l3 - pos3)) / 8);
            if (batch <= 0)
            {
                break;
            }

            while (batch-- > 0)
            {
                {
                    buf0 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s0, pos0)) << cnt0;
                    pos0 += (63 - cnt0) >> 3;
                    cnt0 |= 56;
                    var e = Unsafe.Add(ref f, (int)(buf0 & Mask));
                    var x = buf0 >> (int)(e & 15);
                    var total = (int)((e >> 16) & 63);
                    if ((e & RunFlag) == 0)
                    {
                        Unsafe.Add(ref o0, i0) = (int)((uint)(e >> 32) | (uint)LowBits(x, (int)((e >> 4) & 31)));
                        Unsafe.Add(ref o0, i0 + 1) = (int)((e >> 22) & 31);
                        i0 += (int)((e >> 10) & 3);
                    }
                    else
                    {
                        // A zero run (or an invalid code): rare; leave the batch afterwards.
                        var runBits = total - (int)(e & 15);
                        var run = (int)LowBits(x, runBits) | (1 << runBits);
                        if (e == FastInvalid || run > d0.Length - i0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code or zero run");
                        }

                        d0.Slice(i0, run).Clear();
                        i0 += run;
                        batch = 0;
                    }

                    buf0 >>= total;
                    cnt0 -= total;
                }
                {
                    buf1 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s1, pos1)) << cnt1;
                    pos1 += (63 - cnt1) >> 3;
                    cnt1 |= 56;
                    var e = Unsafe.Add(ref f, (int)(buf1 & Mask));
                    var x = buf1 >> (int)(e & 15);
                    var total = (int)((e >> 16) & 63);
                    if ((e & RunFlag) == 0)
                    {
                        Unsafe.Add(ref o1, i1) = (int)((uint)(e >> 32) | (uint)LowBits(x, (int)((e >> 4) & 31)));
                        Unsafe.Add(ref o1, i1 + 1) = (int)((e >> 22) & 31);
                        i1 += (int)((e >> 10) & 3);
                    }
                    else
                    {
                        // A zero run (or an invalid code): rare; leave the batch afterwards.
                        var runBits = total - (int)(e & 15);
                        var run = (int)LowBits(x, runBits) | (1 << runBits);
                        if (e == FastInvalid || run > d1.Length - i1)
                        {
                            CodecThrow.Corrupt("invalid Huffman code or zero run");
                        }

                        d1.Slice(i1, run).Clear();
                        i1 += run;
                        batch = 0;
                    }

                    buf1 >>= total;
                    cnt1 -= total;
                }
                {
                    buf2 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s2, pos2)) << cnt2;
                    pos2 += (63 - cnt2) >> 3;
                    cnt2 |= 56;
                    var e = Unsafe.Add(ref f, (int)(buf2 & Mask));
                    var x = buf2 >> (int)(e & 15);
                    var total = (int)((e >> 16) & 63);
                    if ((e & RunFlag) == 0)
                    {
                        Unsafe.Add(ref o2, i2) = (int)((uint)(e >> 32) | (uint)LowBits(x, (int)((e >> 4) & 31)));
                        Unsafe.Add(ref o2, i2 + 1) = (int)((e >> 22) & 31);
                        i2 += (int)((e >> 10) & 3);
                    }
                    else
                    {
                        // A zero run (or an invalid code): rare; leave the batch afterwards.
                        var runBits = total - (int)(e & 15);
                        var run = (int)LowBits(x, runBits) | (1 << runBits);
                        if (e == FastInvalid || run > d2.Length - i2)
                        {
                            CodecThrow.Corrupt("invalid Huffman code or zero run");
                        }

                        d2.Slice(i2, run).Clear();
                        i2 += run;
                        batch = 0;
                    }

                    buf2 >>= total;
                    cnt2 -= total;
                }
                {
                    buf3 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s3, pos3)) << cnt3;
                    pos3 += (63 - cnt3) >> 3;
                    cnt3 |= 56;
                    var e = Unsafe.Add(ref f, (int)(buf3 & Mask));
                    var x = buf3 >> (int)(e & 15);
                    var total = (int)((e >> 16) & 63);
                    if ((e & RunFlag) == 0)
                    {
                        Unsafe.Add(ref o3, i3) = (int)((uint)(e >> 32) | (uint)LowBits(x, (int)((e >> 4) & 31)));
                        Unsafe.Add(ref o3, i3 + 1) = (int)((e >> 22) & 31);
                        i3 += (int)((e >> 10) & 3);
                    }
                    else
                    {
                        // A zero run (or an invalid code): rare; leave the batch afterwards.
                        var runBits = total - (int)(e & 15);
                        var run = (int)LowBits(x, runBits) | (1 << runBits);
                        if (e == FastInvalid || run > d3.Length - i3)
                        {
                            CodecThrow.Corrupt("invalid Huffman code or zero run");
                        }

                        d3.Slice(i3, run).Clear();
                        i3 += run;
                        batch = 0;
                    }

                    buf3 >>= total;
                    cnt3 -= total;
                }
            }
        }

        Finish(src[starts[0]..starts[1]], pos0, buf0, cnt0, single, d0, i0);
        Finish(src[starts[1]..starts[2]], pos1, buf1, cnt1, single, d1, i1);
        Finish(src[starts[2]..starts[3]], pos2, buf2, cnt2, single, d2, i2);
        Finish(src[starts[3]..starts[4]], pos3, buf3, cnt3, single, d3, i3);

    }

    private const ulong RunFlag = 1u << 9;
    private const ulong FastInvalid = RunFlag;

    /// <summary>
    /// Fast-loop entries: length | extra length &lt;&lt; 4 | run flag &lt;&lt; 9 | values &lt;&lt; 10 (1 or 2) |
    /// (length + extra) &lt;&lt; 16 | second value &lt;&lt; 22 | base value &lt;&lt; 32, so a value is base | extra bits
    /// with no further lookup. Two direct values share an entry when the second code lies wholly inside the
    /// window after the first (length is then both codes' lengths).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildFastEntries(ReadOnlySpan<uint> entries, ReadOnlySpan<uint> bases, Span<ulong> fast)
    {
        for (var p = 0; p < entries.Length; p++)
        {
            var e = entries[p];
            if (e == Invalid)
            {
                fast[p] = FastInvalid;
                continue;
            }

            var len = e & 15;
            var sym = (int)(e >> 9);
            var extraLen = sym >= RunBase ? (uint)(sym - RunBase + 2) : (e >> 4) & 31;
            var run = sym >= RunBase ? RunFlag : 0;
            fast[p] = len | (sym >= RunBase ? 0 : extraLen << 4) | run | (1UL << 10) | ((ulong)(len + extraLen) << 16) | ((ulong)bases[sym] << 32);
            if (sym < Direct && len < Huffman.MaxBits)
            {
                // The bits after the first code, with zeros above the window: a code read from them is
                // genuine only if it is no longer than the bits known.
                var e2 = entries[p >> (int)len];
                var len2 = e2 & 15;
                var sym2 = e2 >> 9;
                if (e2 != Invalid && sym2 < Direct && len2 <= Huffman.MaxBits - len)
                {
                    var both = len + len2;
                    fast[p] = both | (2UL << 10) | ((ulong)both << 16) | ((ulong)sym2 << 22) | ((ulong)sym << 32);
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LowBits(ulong x, int bits) => Bmi2.X64.IsSupported ? Bmi2.X64.ZeroHighBits(x, (ulong)bits) : x & ((1UL << bits) - 1);

    private static ReadOnlySpan<int> Segment(ReadOnlySpan<int> v, int k) =>
        v[(int)((long)v.Length * k / Streams)..(int)((long)v.Length * (k + 1) / Streams)];

    private static Span<int> Segment(Span<int> v, int k) =>
        v[(int)((long)v.Length * k / Streams)..(int)((long)v.Length * (k + 1) / Streams)];

    /// <summary>Block of values tested at once for an all-zero run (shorter zero stretches cost one symbol each).</summary>
    private const int RunBlock = 16;

    private const uint Invalid = 127u << 9;

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long Count(ReadOnlySpan<int> values, Span<long> freq)
    {
        // Four interleaved histograms: repeated symbols would otherwise serialize on one counter.
        Span<int> h = stackalloc int[4 * Alphabet];
        h.Clear();
        ref var rh = ref MemoryMarshal.GetReference(h);
        ref var rv = ref MemoryMarshal.GetReference(values);
        long extra = 0;
        var n = values.Length;
        var i = 0;
        while (i < n)
        {
            if (i <= n - RunBlock && !values.Slice(i, RunBlock).ContainsAnyExcept(0))
            {
                var run = RunLength(values, i);
                var j = 32 - BitOperations.LeadingZeroCount((uint)run);
                freq[RunBase + j - 3]++;
                extra += j - 1;
                i += run;
                continue;
            }

            var end = Math.Min(n, i + RunBlock);
            for (; i < end; i++)
            {
                var v = (uint)Unsafe.Add(ref rv, i);
                var k = 32 - BitOperations.LeadingZeroCount(v);
                var small = v < Direct;
                var sym = small ? (int)v : k + (ClassBase - 6);
                Unsafe.Add(ref rh, ((i & 3) * Alphabet) + sym)++;
            }
        }

        for (var s = 0; s < Alphabet; s++)
        {
            long f = h[s] + h[Alphabet + s] + h[(2 * Alphabet) + s] + h[(3 * Alphabet) + s];
            freq[s] += f;

            // Bit-length classes carry their raw bits: counted per class, not per value.
            extra += s is >= ClassBase and < RunBase ? f * (s - ClassBase + 5) : 0;
        }

        return extra;
    }

    /// <summary>Length of the zero run starting at i (known to be at least <see cref="RunBlock"/>).</summary>
    private static int RunLength(ReadOnlySpan<int> values, int i)
    {
        var rest = values[i..];
        var end = rest.IndexOfAnyExcept(0);
        return end < 0 ? rest.Length : end;
    }

    /// <summary>
    /// Writes the four segments' streams, one after the other (a stream's appends form one dependency chain
    /// of a few cycles per 16 values, so the core overlaps the independent vector work without lockstep).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool EmitFour(ReadOnlySpan<int> values, ReadOnlySpan<ulong> table, Span<byte> dst, ReadOnlySpan<int> starts, ReadOnlySpan<int> limits, Span<int> written)
    {
        var ok = true;
        for (var k = 0; k < Streams; k++)
        {
            written[k] = EmitStream(Segment(values, k), table, dst[starts[k]..], limits[k]);
            ok &= written[k] >= 0;
        }

        return ok;
    }

    /// <summary>
    /// One stream; returns its length in bytes, or -1 when the writer passes <paramref name="limit"/> (checked
    /// once per block) or meets a zero run without a code. Tokens go into a 64-bit accumulator that is stored
    /// whole, as a word, each time it fills. At the Vector512 level a block of 16 values becomes 16 tokens in
    /// 32-bit lanes (code | raw bits &lt;&lt; code length), merged pairwise in registers into 4 quads (or 8 pairs)
    /// of at most 64 bits, appended one word operation each; blocks with a token over 32 bits, and the scalar
    /// level, append token by token. Every path writes the same bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static int EmitStream(ReadOnlySpan<int> values, ReadOnlySpan<ulong> table, Span<byte> region, int limit)
    {
        ref var rt = ref MemoryMarshal.GetReference(table);
        ref var rv = ref MemoryMarshal.GetReference(values);
        ref var o = ref MemoryMarshal.GetReference(region);
        ulong buf = 0;
        int cnt = 0, pos = 0, i = 0;
        var n = values.Length;
        if (Simd.Use512 && Avx512CD.IsSupported)
        {
            // Codes | lengths << 16 of the direct values and of the bit-length classes, 32 lanes each.
            Span<uint> lanes = stackalloc uint[64];
            for (var s = 0; s < 64; s++)
            {
                var sym = s < Direct ? s : ClassBase + s - Direct;
                var t = s < Direct || sym < RunBase ? Unsafe.Add(ref rt, sym) : 0;
                lanes[s] = (uint)(t & 0xFFF) | ((uint)((t >> 16) & 63) << 16);
            }

            var d0 = Vector512.Create<uint>(lanes);
            var d1 = Vector512.Create<uint>(lanes[16..]);
            var c0 = Vector512.Create<uint>(lanes[32..]);
            var c1 = Vector512.Create<uint>(lanes[48..]);
            var direct = Vector512.Create((uint)Direct);
            var six = Vector512.Create(6u);
            var one = Vector512.Create(1u);
            var low16 = Vector512.Create(0xFFFFu);
            var low32 = Vector512.Create(0xFFFFFFFFUL);
            var max32 = Vector512.Create(32u);
            var pairMax = Vector512.Create(32UL);
            Span<ulong> parts = stackalloc ulong[16];
            ref var pp = ref MemoryMarshal.GetReference(parts);
            while (i <= n - RunBlock)
            {
                if ((uint)pos > (uint)limit)
                {
                    return -1;
                }

                var v = Vector512.LoadUnsafe(ref rv, (nuint)i).AsUInt32();
                if (v == Vector512<uint>.Zero)
                {
                    (i, buf, cnt, pos) = RunToken(values, i, table, region, buf, cnt, pos);
                    continue;
                }

                var isDirect = Vector512.LessThan(v, direct);
                var bits = Vector512.Create(32u) - Avx512CD.LeadingZeroCount(v);
                var ed = Avx512F.PermuteVar16x32x2(d0, v, d1);
                var ec = Avx512F.PermuteVar16x32x2(c0, bits - six, c1);
                var e = Vector512.ConditionalSelect(isDirect, ed, ec);
                var len = e >> 16;
                var extraLen = Vector512.AndNot(bits - one, isDirect);
                var extra = Vector512.AndNot(v ^ Avx512F.ShiftLeftLogicalVariable(one, extraLen), isDirect);
                var tok = (e & low16) | Avx512F.ShiftLeftLogicalVariable(extra, len);
                var tlen = len + extraLen;
                if (Vector512.GreaterThanAny(tlen, max32))
                {
                    // A token over 32 bits (values of 2^21 and more): this block one token at a time.
                    for (var end = i + RunBlock; i < end; i++)
                    {
                        var (x, l) = TokenOf((uint)Unsafe.Add(ref rv, i), ref rt);
                        Append(ref buf, ref cnt, ref pos, ref o, x, l);
                    }

                    continue;
                }

                // Pairs in 64-bit lanes: even token | odd token << even length.
                var t64 = tok.AsUInt64();
                var l64 = tlen.AsUInt64();
                var lenEven = l64 & low32;
                var pair = (t64 & low32) | Avx512F.ShiftLeftLogicalVariable(t64 >> 32, lenEven);
                var plen = lenEven + (l64 >> 32);
                i += RunBlock;
                if (Vector512.LessThanOrEqualAll(plen, pairMax))
                {
                    // Quads: the pairs (at most 32 bits) narrowed to 32-bit lanes, merged again (at most 64 bits).
                    var p32 = Avx512F.ConvertToVector256UInt32(pair).AsUInt64();
                    var q32 = Avx512F.ConvertToVector256UInt32(plen).AsUInt64();
                    var qe = q32 & Vector256.Create(0xFFFFFFFFUL);
                    ((p32 & Vector256.Create(0xFFFFFFFFUL)) | Avx2.ShiftLeftLogicalVariable(p32 >> 32, qe)).StoreUnsafe(ref pp);
                    (qe + (q32 >> 32)).StoreUnsafe(ref pp, 4);
                    Append(ref buf, ref cnt, ref pos, ref o, pp, (int)Unsafe.Add(ref pp, 4));
                    Append(ref buf, ref cnt, ref pos, ref o, Unsafe.Add(ref pp, 1), (int)Unsafe.Add(ref pp, 5));
                    Append(ref buf, ref cnt, ref pos, ref o, Unsafe.Add(ref pp, 2), (int)Unsafe.Add(ref pp, 6));
                    Append(ref buf, ref cnt, ref pos, ref o, Unsafe.Add(ref pp, 3), (int)Unsafe.Add(ref pp, 7));
                }
                else
                {
                    pair.StoreUnsafe(ref pp);
                    plen.StoreUnsafe(ref pp, 8);
                    for (var k = 0; k < 8; k++)
                    {
                        Append(ref buf, ref cnt, ref pos, ref o, Unsafe.Add(ref pp, k), (int)Unsafe.Add(ref pp, 8 + k));
                    }
                }
            }
        }

        while (i < n)
        {
            if ((uint)pos > (uint)limit)
            {
                return -1;
            }

            if (i <= n - RunBlock && !values.Slice(i, RunBlock).ContainsAnyExcept(0))
            {
                (i, buf, cnt, pos) = RunToken(values, i, table, region, buf, cnt, pos);
                continue;
            }

            for (var end = Math.Min(n, i + RunBlock); i < end; i++)
            {
                var (x, l) = TokenOf((uint)Unsafe.Add(ref rv, i), ref rt);
                Append(ref buf, ref cnt, ref pos, ref o, x, l);
            }
        }

        if ((uint)pos > (uint)limit)
        {
            return -1;
        }

        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, pos), buf);
        return pos + ((cnt + 7) >> 3);
    }

    /// <summary>A value's token: its code, then the bits below its leading one for a bit-length class; and its length.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static (ulong Bits, int Length) TokenOf(uint v, ref ulong rt)
    {
        var bits = 32 - BitOperations.LeadingZeroCount(v);
        var small = v < Direct;
        var extraLen = small ? 0 : bits - 1;
        var t = Unsafe.Add(ref rt, small ? (int)v : bits + (ClassBase - 6));
        return ((t & 0xFFF) | (LowBits(v, extraLen) << (int)((t >> 16) & 63)), (int)(t >> 32));
    }

    /// <summary>
    /// Appends the <paramref name="length"/> (at most 64) bits of <paramref name="x"/> (none above them) to the
    /// accumulator of <paramref name="cnt"/> &lt; 64 bits, stored at <paramref name="pos"/> each time; a full word
    /// moves pos on by 8 and keeps the bits that did not fit, x &gt;&gt; (64 - cnt), written as two shifts so
    /// that cnt = 0 keeps none. Inlined, so the state stays in registers.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Append(ref ulong buf, ref int cnt, ref int pos, ref byte o, ulong x, int length)
    {
        buf |= x << cnt;
        Unsafe.WriteUnaligned(ref Unsafe.Add(ref o, pos), buf);
        var total = cnt + length;
        var spill = (x >> 1) >> (63 - cnt);
        var full = total >> 6;
        pos += full << 3;
        buf = full != 0 ? spill : buf;
        cnt = total & 63;
    }

    /// <summary>
    /// Writes the zero run starting at i (at least <see cref="RunBlock"/> long) and returns the writer state
    /// after it (by value: the callers' state stays in registers). A run without a code (one the sample did not
    /// see) writes nothing and returns position -1, past any limit.
    /// </summary>
    private static (int I, ulong Buf, int Cnt, int Pos) RunToken(ReadOnlySpan<int> values, int i, ReadOnlySpan<ulong> table, Span<byte> region, ulong buf, int cnt, int pos)
    {
        var run = RunLength(values, i);
        var j = 32 - BitOperations.LeadingZeroCount((uint)run);
        var t = table[RunBase + j - 3];
        var len = (int)((t >> 16) & 63);
        if (len == 0)
        {
            return (i + run, buf, cnt, -1);
        }

        Append(ref buf, ref cnt, ref pos, ref MemoryMarshal.GetReference(region), (t & 0xFFF) | ((ulong)((uint)run & ((1u << (j - 1)) - 1)) << len), len + j - 1);
        return (i + run, buf, cnt, pos);
    }

    /// <summary>
    /// Decode entries per bit pattern: length | extra length &lt;&lt; 4 | symbol &lt;&lt; 9, with each symbol's
    /// base value aside, so direct values and bit-length classes decode without a branch; invalid patterns
    /// and zero runs take the rare path.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildEntries(ReadOnlySpan<ushort> table, Span<uint> entries, Span<uint> bases)
    {
        for (var s = 0; s < Alphabet; s++)
        {
            bases[s] = s < Direct ? (uint)s : s < RunBase ? 1u << (s - ClassBase + 5) : 0;
        }

        for (var p = 0; p < entries.Length; p++)
        {
            var e = table[p];
            var sym = e >> 4;
            var len = e & 15;
            var extraLen = sym is >= ClassBase and < RunBase ? sym - ClassBase + 5 : 0;
            entries[p] = len == 0 ? Invalid : (uint)(len | (extraLen << 4) | (sym << 9));
        }
    }
}
