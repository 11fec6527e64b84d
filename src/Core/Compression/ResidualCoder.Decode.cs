using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// The multi-symbol decoder: one lookup of the next <see cref="FastBits"/> bits yields every token whose code
/// lies wholly inside them (up to 11 direct values, the last of which may be a bit-length class whose raw bits
/// follow), so the dense residuals of smooth fields (2-4 bit codes) cost about one lookup per 4 values.
/// </summary>
internal static partial class ResidualCoder
{
    /// <summary>Bits resolved per multi-symbol lookup (2^11 entries: 32 KiB of symbols + 8 KiB of control, L1-resident).</summary>
    private const int FastBits = 11;
    private const ulong FastMask = (1UL << FastBits) - 1;
    private const ulong SingleMask = (1UL << Huffman.MaxBits) - 1;

    /// <summary>Bytes of decoded symbols per entry: 11 at most, 16 so that one widening store writes them all.</summary>
    private const int SymbolSlot = 16;

    /// <summary>Longest store of one step (16 ints), so a batch leaves that much room before a segment's end.</summary>
    private const int StepWindow = 16;

    /// <summary>Most values one step yields (11 one-bit codes).</summary>
    private const int StepMaxValues = FastBits;

    // Control word per entry: code bits | class extra bits << 4 | direct count << 9 | outputs << 13 |
    // class flag << 17 | slow flag << 18 | code end positions << 20 (bit t: an output's code ends after t bits).
    private const uint ClassEntry = 1u << 17;
    private const uint SlowEntry = 1u << 18;

    private interface IStore16
    {
        /// <summary>Writes the 16 symbol bytes at <paramref name="symbols"/> as 16 ints.</summary>
        static abstract void Store(ref byte symbols, ref int destination);
    }

    private readonly struct Store512 : IStore16
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte symbols, ref int destination) =>
            Avx512F.ConvertToVector512Int32(Vector128.LoadUnsafe(ref symbols)).StoreUnsafe(ref destination);
    }

    private readonly struct Store256 : IStore16
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public static void Store(ref byte symbols, ref int destination)
        {
            Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref symbols)).StoreUnsafe(ref destination);
            Avx2.ConvertToVector256Int32(Vector128.LoadUnsafe(ref symbols, 8)).StoreUnsafe(ref destination, 8);
        }
    }

    /// <summary>
    /// Multi-symbol entries for every <see cref="FastBits"/>-bit pattern, built from shorter patterns: the
    /// entry of p is p's first token followed by the entry of p without it, cut to the tokens whose codes end
    /// inside the window (p >> l &lt; p, so one increasing pass suffices; p = 0 repeats its first token).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildMultiTable(ReadOnlySpan<ushort> single, Span<uint> ctrl, Span<byte> symbols)
    {
        ref var sy = ref MemoryMarshal.GetReference(symbols);
        for (var p = 0; p < 1 << FastBits; p++)
        {
            var u = single[p];
            var l = u & 15;
            var s = u >> 4;
            ulong lo = 0, hi = 0;
            uint c;
            if (l is 0 or > FastBits || s >= RunBase)
            {
                c = SlowEntry;
            }
            else if (s >= Direct)
            {
                // A bit-length class: its raw bits lie beyond the window, so it ends the entry.
                c = (uint)l | ((uint)(s - ClassBase + 5) << 4) | (1u << 13) | ClassEntry | (1u << (20 + l));
            }
            else if (p == 0)
            {
                // All-zero window: the same code again and again.
                var k = FastBits / l;
                uint ends = 0;
                for (var t = 0; t < k; t++)
                {
                    ends |= 1u << (l * (t + 1));
                    if (t < 8)
                    {
                        lo |= (ulong)s << (8 * t);
                    }
                    else
                    {
                        hi |= (ulong)s << (8 * (t - 8));
                    }
                }

                c = (uint)(l * k) | ((uint)k << 9) | ((uint)k << 13) | (ends << 20);
            }
            else
            {
                var r = p >> l;
                var rc = ctrl[r];

                // Tokens of r whose codes end within the FastBits - l bits that are really known.
                var ends = (rc >> 20) & ((2u << (FastBits - l)) - 1);
                var k = BitOperations.PopCount(ends);
                var count = (int)((rc >> 13) & 15);
                var withClass = (rc & ClassEntry) != 0 && k == count;
                var rlo = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref sy, r * SymbolSlot));
                var rhi = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref sy, (r * SymbolSlot) + 8));
                lo = (rlo << 8) | (uint)s;
                hi = (rhi << 8) | (rlo >> 56);
                var keep = k + 1;
                if (keep < 8)
                {
                    lo &= (1UL << (8 * keep)) - 1;
                    hi = 0;
                }
                else if (keep < 16)
                {
                    hi &= (1UL << (8 * (keep - 8))) - 1;
                }

                var cb = l + (ends == 0 ? 0 : 31 - BitOperations.LeadingZeroCount(ends));
                var e = withClass ? (rc >> 4) & 31 : 0;
                var direct = withClass ? k : k + 1;
                c = (uint)cb | (e << 4) | ((uint)direct << 9) | ((uint)keep << 13) | (withClass ? ClassEntry : 0)
                    | (((ends << l) | (1u << l)) << 20);
            }

            ctrl[p] = c;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref sy, p * SymbolSlot), lo);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref sy, (p * SymbolSlot) + 8), hi);
        }
    }

    /// <summary>
    /// Four streams decoded in lockstep on plain locals, one multi-symbol lookup per step. Batches run without
    /// per-token checks: a batch is no longer than the steps that fit before any segment's last
    /// <see cref="StepWindow"/> values nor before any stream's last 64 bytes (a step reads at most 8 bytes past
    /// its position and advances it at most 7); a zero run ends the batch early. The tails go to the careful
    /// one-token reader, which resumes from the same state.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void DecodeMulti<TStore>(ReadOnlySpan<byte> src, ReadOnlySpan<int> starts, ReadOnlySpan<ushort> single, Span<int> dst)
        where TStore : struct, IStore16
    {
        Span<uint> control = stackalloc uint[1 << FastBits];
        Span<byte> symbols = stackalloc byte[((1 << FastBits) * SymbolSlot) + 16];
        symbols[^16..].Clear();
        BuildMultiTable(single, control, symbols);
        ref var ctrl = ref MemoryMarshal.GetReference(control);
        ref var sy = ref MemoryMarshal.GetReference(symbols);
        ref var sg = ref MemoryMarshal.GetReference(single);
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
            var room = Math.Min(Math.Min(d0.Length - i0, d1.Length - i1), Math.Min(d2.Length - i2, d3.Length - i3)) - StepWindow;
            var batch = Math.Min(room / StepMaxValues, Math.Min(Math.Min(l0 - pos0, l1 - pos1), Math.Min(l2 - pos2, l3 - pos3)) / 8);
            if (room < 0 || batch <= 0)
            {
                break;
            }

            while (batch-- > 0)
            {
                {
                    buf0 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s0, pos0)) << cnt0;
                    pos0 += (63 - cnt0) >> 3;
                    cnt0 |= 56;
                    var p = (int)(buf0 & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref Unsafe.Add(ref o0, i0));
                        var x = buf0 >> (int)(c & 15);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o0, i0 + (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(x, e));
                        buf0 = x >> e;
                        cnt0 -= (int)(c & 15) + e;
                        i0 += (int)((c >> 13) & 15);
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(buf0 & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        buf0 >>= len;
                        cnt0 -= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            Unsafe.Add(ref o0, i0++) = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(buf0, e));
                            buf0 >>= e;
                            cnt0 -= e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(buf0, rb) | (1 << rb);
                            buf0 >>= rb;
                            cnt0 -= rb;
                            if (run > d0.Length - i0)
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            d0.Slice(i0, run).Clear();
                            i0 += run;
                            batch = 0;
                        }
                    }
                }
                {
                    buf1 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s1, pos1)) << cnt1;
                    pos1 += (63 - cnt1) >> 3;
                    cnt1 |= 56;
                    var p = (int)(buf1 & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref Unsafe.Add(ref o1, i1));
                        var x = buf1 >> (int)(c & 15);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o1, i1 + (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(x, e));
                        buf1 = x >> e;
                        cnt1 -= (int)(c & 15) + e;
                        i1 += (int)((c >> 13) & 15);
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(buf1 & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        buf1 >>= len;
                        cnt1 -= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            Unsafe.Add(ref o1, i1++) = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(buf1, e));
                            buf1 >>= e;
                            cnt1 -= e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(buf1, rb) | (1 << rb);
                            buf1 >>= rb;
                            cnt1 -= rb;
                            if (run > d1.Length - i1)
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            d1.Slice(i1, run).Clear();
                            i1 += run;
                            batch = 0;
                        }
                    }
                }
                {
                    buf2 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s2, pos2)) << cnt2;
                    pos2 += (63 - cnt2) >> 3;
                    cnt2 |= 56;
                    var p = (int)(buf2 & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref Unsafe.Add(ref o2, i2));
                        var x = buf2 >> (int)(c & 15);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o2, i2 + (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(x, e));
                        buf2 = x >> e;
                        cnt2 -= (int)(c & 15) + e;
                        i2 += (int)((c >> 13) & 15);
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(buf2 & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        buf2 >>= len;
                        cnt2 -= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            Unsafe.Add(ref o2, i2++) = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(buf2, e));
                            buf2 >>= e;
                            cnt2 -= e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(buf2, rb) | (1 << rb);
                            buf2 >>= rb;
                            cnt2 -= rb;
                            if (run > d2.Length - i2)
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            d2.Slice(i2, run).Clear();
                            i2 += run;
                            batch = 0;
                        }
                    }
                }
                {
                    buf3 |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref s3, pos3)) << cnt3;
                    pos3 += (63 - cnt3) >> 3;
                    cnt3 |= 56;
                    var p = (int)(buf3 & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref Unsafe.Add(ref o3, i3));
                        var x = buf3 >> (int)(c & 15);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o3, i3 + (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(x, e));
                        buf3 = x >> e;
                        cnt3 -= (int)(c & 15) + e;
                        i3 += (int)((c >> 13) & 15);
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(buf3 & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        buf3 >>= len;
                        cnt3 -= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            Unsafe.Add(ref o3, i3++) = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(buf3, e));
                            buf3 >>= e;
                            cnt3 -= e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(buf3, rb) | (1 << rb);
                            buf3 >>= rb;
                            cnt3 -= rb;
                            if (run > d3.Length - i3)
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            d3.Slice(i3, run).Clear();
                            i3 += run;
                            batch = 0;
                        }
                    }
                }
            }
        }

        Finish(src[starts[0]..starts[1]], pos0, buf0, cnt0, single, d0, i0);
        Finish(src[starts[1]..starts[2]], pos1, buf1, cnt1, single, d1, i1);
        Finish(src[starts[2]..starts[3]], pos2, buf2, cnt2, single, d2, i2);
        Finish(src[starts[3]..starts[4]], pos3, buf3, cnt3, single, d3, i3);
    }

    /// <summary>The rest of one segment, token by token with every check (resumes the reader state).</summary>
    private static void Finish(ReadOnlySpan<byte> stream, int pos, ulong buf, int cnt, ReadOnlySpan<ushort> single, Span<int> d, int i)
    {
        var r = new Reader(stream, pos, buf, cnt);
        while (i < d.Length)
        {
            i = r.Step(single, d, i);
        }
    }

    /// <summary>One least-significant-bit-first stream; whole 64-bit refills (the stream ends in padding).</summary>
    private ref struct Reader(ReadOnlySpan<byte> stream, int pos, ulong buf, int cnt)
    {
        private readonly ref byte _s = ref MemoryMarshal.GetReference(stream);
        private readonly int _limit = stream.Length - 8;
        private int _pos = pos;
        private ulong _buf = buf;
        private int _cnt = cnt;

        public int Step(ReadOnlySpan<ushort> single, Span<int> dst, int i)
        {
            if (_pos > _limit)
            {
                CodecThrow.Corrupt("the residual bit stream ends early");
            }

            _buf |= Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref _s, _pos)) << _cnt;
            _pos += (63 - _cnt) >> 3;
            _cnt |= 56;
            var u = single[(int)(_buf & SingleMask)];
            var len = u & 15;
            var sym = u >> 4;
            if (len == 0)
            {
                CodecThrow.Corrupt("invalid Huffman code");
            }

            _buf >>= len;
            _cnt -= len;
            if (sym < RunBase)
            {
                var e = sym < Direct ? 0 : sym - ClassBase + 5;
                dst[i] = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(_buf, e));
                _buf >>= e;
                _cnt -= e;
                return i + 1;
            }

            var rb = sym - RunBase + 2;
            var run = (long)LowBits(_buf, rb) | (1L << rb);
            _buf >>= rb;
            _cnt -= rb;
            if (run > dst.Length - i)
            {
                CodecThrow.Corrupt("a zero run overruns the array");
            }

            dst.Slice(i, (int)run).Clear();
            return i + (int)run;
        }
    }
}
