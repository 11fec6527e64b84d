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

    /// <summary>Most bits one step consumes: an 11-bit code and 31 raw bits, or a 12-bit code and 31 raw bits.</summary>
    private const int StepMaxBits = Huffman.MaxBits + 31;

    // Control word per entry: code bits | class extra bits << 4 | direct count << 9 | outputs << 13 |
    // class flag << 17 | slow flag << 18 | bits consumed (code bits + extra bits) << 20.
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
    /// <paramref name="ends"/> is scratch: bit t of ends[p] is set when one of p's codes ends after t bits.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void BuildMultiTable(ReadOnlySpan<ushort> single, Span<uint> ctrl, Span<byte> symbols, Span<ushort> ends)
    {
        ref var sy = ref MemoryMarshal.GetReference(symbols);
        for (var p = 0; p < 1 << FastBits; p++)
        {
            var u = single[p];
            var l = u & 15;
            var s = u >> 4;
            ulong lo = 0, hi = 0;
            uint c, end;
            if (l is 0 or > FastBits || s >= RunBase)
            {
                c = SlowEntry;
                end = 0;
            }
            else if (s >= Direct)
            {
                // A bit-length class: its raw bits lie beyond the window, so it ends the entry.
                var e = (uint)(s - ClassBase + 5);
                c = (uint)l | (e << 4) | (1u << 13) | ClassEntry | (((uint)l + e) << 20);
                end = 1u << l;
            }
            else if (p == 0)
            {
                // All-zero window: the same code again and again.
                var k = FastBits / l;
                end = 0;
                for (var t = 0; t < k; t++)
                {
                    end |= 1u << (l * (t + 1));
                    if (t < 8)
                    {
                        lo |= (ulong)s << (8 * t);
                    }
                    else
                    {
                        hi |= (ulong)s << (8 * (t - 8));
                    }
                }

                c = (uint)(l * k) | ((uint)k << 9) | ((uint)k << 13) | ((uint)(l * k) << 20);
            }
            else
            {
                var r = p >> l;
                var rc = ctrl[r];

                // Tokens of r whose codes end within the FastBits - l bits that are really known.
                var re = ends[r] & ((2u << (FastBits - l)) - 1);
                var k = BitOperations.PopCount(re);
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

                var cb = (uint)(l + (re == 0 ? 0 : 31 - BitOperations.LeadingZeroCount(re)));
                var e = withClass ? (rc >> 4) & 31 : 0;
                var direct = withClass ? k : k + 1;
                c = cb | (e << 4) | ((uint)direct << 9) | ((uint)keep << 13) | (withClass ? ClassEntry : 0) | ((cb + e) << 20);
                end = (re << l) | (1u << l);
            }

            ctrl[p] = c;
            ends[p] = (ushort)end;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref sy, p * SymbolSlot), lo);
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref sy, (p * SymbolSlot) + 8), hi);
        }
    }

    /// <summary>
    /// Four streams decoded in lockstep, one multi-symbol lookup per step. Each stream's state is its bit
    /// position (the next 64 bits are one unaligned load away, shifted by the position's low 3 bits: no bit
    /// buffer to refill) and its output position, so the four chains stay in registers. Batches run without
    /// per-token checks: a batch is no longer than the steps that fit before any segment's last
    /// <see cref="StepWindow"/> values nor than those whose loads stay inside every stream and its padding (a
    /// step consumes at most <see cref="StepMaxBits"/> bits); a zero run ends the batch early. The tails go
    /// to the careful one-token reader, which resumes from the same bit position.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    [SkipLocalsInit]
    private static void DecodeMulti<TStore>(ReadOnlySpan<byte> src, ReadOnlySpan<int> starts, ReadOnlySpan<ushort> single, Span<int> dst)
        where TStore : struct, IStore16
    {
        Span<uint> control = stackalloc uint[1 << FastBits];
        Span<byte> symbols = stackalloc byte[((1 << FastBits) * SymbolSlot) + 16];
        Span<ushort> ends = stackalloc ushort[1 << FastBits];
        symbols[^16..].Clear();
        BuildMultiTable(single, control, symbols, ends);
        ref var ctrl = ref MemoryMarshal.GetReference(control);
        ref var sy = ref MemoryMarshal.GetReference(symbols);
        ref var sg = ref MemoryMarshal.GetReference(single);
        ref var bytes = ref MemoryMarshal.GetReference(src);
        Span<int> d0 = Segment(dst, 0), d1 = Segment(dst, 1), d2 = Segment(dst, 2), d3 = Segment(dst, 3);
        ref var o0 = ref MemoryMarshal.GetReference(d0);
        ref var o1 = ref MemoryMarshal.GetReference(d1);
        ref var o2 = ref MemoryMarshal.GetReference(d2);
        ref var o3 = ref MemoryMarshal.GetReference(d3);

        // Bit positions from the start of src; a load at bp >> 3 must end inside the stream's padding.
        long bp0 = starts[0] * 8L, bp1 = starts[1] * 8L, bp2 = starts[2] * 8L, bp3 = starts[3] * 8L;
        long e0 = (starts[1] - 8) * 8L, e1 = (starts[2] - 8) * 8L, e2 = (starts[3] - 8) * 8L, e3 = (starts[4] - 8) * 8L;
        while (true)
        {
            var room = Math.Min(
                Math.Min(d0.Length - Index(d0, ref o0), d1.Length - Index(d1, ref o1)),
                Math.Min(d2.Length - Index(d2, ref o2), d3.Length - Index(d3, ref o3))) - StepWindow;
            var bits = Math.Min(Math.Min(e0 - bp0, e1 - bp1), Math.Min(e2 - bp2, e3 - bp3));
            var batch = (int)Math.Min(room / StepMaxValues, bits / StepMaxBits);
            if (room < 0 || batch <= 0)
            {
                break;
            }

            while (batch-- > 0)
            {
                {
                    var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, (nint)(bp0 >> 3))) >> (int)(bp0 & 7);
                    var p = (int)(w & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref o0);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o0, (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(w >> (int)(c & 15), e));
                        bp0 += c >> 20;
                        o0 = ref Unsafe.Add(ref o0, (int)((c >> 13) & 15));
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(w & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        w >>= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            o0 = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(w, e));
                            o0 = ref Unsafe.Add(ref o0, 1);
                            bp0 += len + e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(w, rb) | (1 << rb);
                            bp0 += len + rb;
                            if (run > d0.Length - Index(d0, ref o0))
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            MemoryMarshal.CreateSpan(ref o0, run).Clear();
                            o0 = ref Unsafe.Add(ref o0, run);
                            batch = 0;
                        }
                    }
                }
                {
                    var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, (nint)(bp1 >> 3))) >> (int)(bp1 & 7);
                    var p = (int)(w & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref o1);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o1, (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(w >> (int)(c & 15), e));
                        bp1 += c >> 20;
                        o1 = ref Unsafe.Add(ref o1, (int)((c >> 13) & 15));
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(w & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        w >>= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            o1 = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(w, e));
                            o1 = ref Unsafe.Add(ref o1, 1);
                            bp1 += len + e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(w, rb) | (1 << rb);
                            bp1 += len + rb;
                            if (run > d1.Length - Index(d1, ref o1))
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            MemoryMarshal.CreateSpan(ref o1, run).Clear();
                            o1 = ref Unsafe.Add(ref o1, run);
                            batch = 0;
                        }
                    }
                }
                {
                    var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, (nint)(bp2 >> 3))) >> (int)(bp2 & 7);
                    var p = (int)(w & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref o2);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o2, (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(w >> (int)(c & 15), e));
                        bp2 += c >> 20;
                        o2 = ref Unsafe.Add(ref o2, (int)((c >> 13) & 15));
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(w & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        w >>= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            o2 = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(w, e));
                            o2 = ref Unsafe.Add(ref o2, 1);
                            bp2 += len + e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(w, rb) | (1 << rb);
                            bp2 += len + rb;
                            if (run > d2.Length - Index(d2, ref o2))
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            MemoryMarshal.CreateSpan(ref o2, run).Clear();
                            o2 = ref Unsafe.Add(ref o2, run);
                            batch = 0;
                        }
                    }
                }
                {
                    var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, (nint)(bp3 >> 3))) >> (int)(bp3 & 7);
                    var p = (int)(w & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref o3);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o3, (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(w >> (int)(c & 15), e));
                        bp3 += c >> 20;
                        o3 = ref Unsafe.Add(ref o3, (int)((c >> 13) & 15));
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(w & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        w >>= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            o3 = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(w, e));
                            o3 = ref Unsafe.Add(ref o3, 1);
                            bp3 += len + e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(w, rb) | (1 << rb);
                            bp3 += len + rb;
                            if (run > d3.Length - Index(d3, ref o3))
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            MemoryMarshal.CreateSpan(ref o3, run).Clear();
                            o3 = ref Unsafe.Add(ref o3, run);
                            batch = 0;
                        }
                    }
                }
            }
        }

        // The lockstep ends when any one stream nears its end; the others may still hold most of their
        // tokens (a quiet quarter codes in few bytes), so each goes on alone before its checked tail.
        DecodeOne<TStore>(src, starts, 0, bp0, single, control, symbols, d0, Index(d0, ref o0));
        DecodeOne<TStore>(src, starts, 1, bp1, single, control, symbols, d1, Index(d1, ref o1));
        DecodeOne<TStore>(src, starts, 2, bp2, single, control, symbols, d2, Index(d2, ref o2));
        DecodeOne<TStore>(src, starts, 3, bp3, single, control, symbols, d3, Index(d3, ref o3));
    }

    /// <summary>Segment k from bit position bp and value i on: the multi-symbol loop of one stream, then the checked tail.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void DecodeOne<TStore>(
        ReadOnlySpan<byte> src, ReadOnlySpan<int> starts, int k, long bp, ReadOnlySpan<ushort> single, ReadOnlySpan<uint> control,
        ReadOnlySpan<byte> symbols, Span<int> d, int i)
        where TStore : struct, IStore16
    {
        ref var ctrl = ref MemoryMarshal.GetReference(control);
        ref var sy = ref MemoryMarshal.GetReference(symbols);
        ref var sg = ref MemoryMarshal.GetReference(single);
        ref var bytes = ref MemoryMarshal.GetReference(src);
        ref var o = ref Unsafe.Add(ref MemoryMarshal.GetReference(d), i);
        var end = (starts[k + 1] - 8) * 8L;
        while (true)
        {
            var room = d.Length - Index(d, ref o) - StepWindow;
            var batch = (int)Math.Min(room / StepMaxValues, (end - bp) / StepMaxBits);
            if (room < 0 || batch <= 0)
            {
                break;
            }

            while (batch-- > 0)
            {
                {
                    var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref bytes, (nint)(bp >> 3))) >> (int)(bp & 7);
                    var p = (int)(w & FastMask);
                    var c = Unsafe.Add(ref ctrl, p);
                    if ((c & SlowEntry) == 0)
                    {
                        TStore.Store(ref Unsafe.Add(ref sy, p * SymbolSlot), ref o);
                        var e = (int)((c >> 4) & 31);
                        Unsafe.Add(ref o, (int)((c >> 9) & 15)) = (int)((1u << e) | (uint)LowBits(w >> (int)(c & 15), e));
                        bp += c >> 20;
                        o = ref Unsafe.Add(ref o, (int)((c >> 13) & 15));
                    }
                    else
                    {
                        // A code longer than FastBits, a zero run, or no code: one token the long way.
                        var u = Unsafe.Add(ref sg, (int)(w & SingleMask));
                        var len = u & 15;
                        var sym = u >> 4;
                        if (len == 0)
                        {
                            CodecThrow.Corrupt("invalid Huffman code");
                        }

                        w >>= len;
                        if (sym < RunBase)
                        {
                            var e = sym < Direct ? 0 : sym - ClassBase + 5;
                            o = (int)((sym < Direct ? (uint)sym : 1u << e) | (uint)LowBits(w, e));
                            o = ref Unsafe.Add(ref o, 1);
                            bp += len + e;
                        }
                        else
                        {
                            var rb = sym - RunBase + 2;
                            var run = (int)LowBits(w, rb) | (1 << rb);
                            bp += len + rb;
                            if (run > d.Length - Index(d, ref o))
                            {
                                CodecThrow.Corrupt("a zero run overruns the array");
                            }

                            MemoryMarshal.CreateSpan(ref o, run).Clear();
                            o = ref Unsafe.Add(ref o, run);
                            batch = 0;
                        }
                    }
                }
            }
        }

        Finish(src, starts, k, bp, single, d, Index(d, ref o));
    }

    /// <summary>Position of <paramref name="o"/> in <paramref name="d"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int Index(Span<int> d, ref int o) => (int)(Unsafe.ByteOffset(ref MemoryMarshal.GetReference(d), ref o) / sizeof(int));

    /// <summary>The rest of segment k from bit position bp of src (see <see cref="DecodeMulti"/>).</summary>
    private static void Finish(ReadOnlySpan<byte> src, ReadOnlySpan<int> starts, int k, long bp, ReadOnlySpan<ushort> single, Span<int> d, int i)
    {
        // The reader's state for that position: the rest of the current byte, the next refill after it.
        var stream = src[starts[k]..starts[k + 1]];
        var at = (int)((bp >> 3) - starts[k]);
        var skip = (int)(bp & 7);
        Finish(stream, at + 1, (ulong)(stream[at] >> skip), 8 - skip, single, d, i);
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
