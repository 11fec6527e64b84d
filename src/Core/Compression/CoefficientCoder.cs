using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// Entropy coder for quantized wavelet coefficients (cvxcompress format 2). A band's coefficients are cut
/// into units of 16 and groups of 4. Per unit one Huffman symbol gives which of its four groups hold a
/// nonzero value (so an empty unit costs a fraction of a bit per value, and a whole run of them no work);
/// per nonzero group one symbol gives either the pattern of its ±1 values or the bit width w (2..30) of its
/// largest magnitude, the four magnitudes then follow in w raw bits each; signs follow as one raw bit per
/// nonzero value. The three kinds of bits go to three streams (codes, magnitudes, signs) so that the decoder's
/// three position chains are independent. Tables are per band class (level): two unit tables (after an empty /
/// a nonempty unit of the same band) and one group table. Symbol statistics come from a first pass
/// (<see cref="Count"/>), so every stream's size is known exactly before it is written.
/// </summary>
internal static class CoefficientCoder
{
    public const int UnitSize = 16;
    public const int UnitAlphabet = 16;

    /// <summary>Group symbols: 1..15 = pattern of a group of magnitudes ≤ 1; 14 + w = bit width w ≥ 2.</summary>
    public const int GroupAlphabet = 45;

    /// <summary>Magnitudes are below 2^30 (the quantizer clamps there).</summary>
    public const int MaxWidth = 30;

    public const int TablesPerClass = 3;

    /// <summary>Counter slots per table in a statistics block.</summary>
    public const int Slots = GroupAlphabet;

    /// <summary>Statistics of one segment: symbol counts per table, then magnitude bits and sign bits.</summary>
    public static int StatsLength(int classes) => (classes * TablesPerClass * Slots) + 2;

    /// <summary>
    /// Counts the symbols and raw bits of one segment (units of consecutive bands; bandUnits[b] units of class
    /// plan.Bands[b].Class each) into stats (cleared by the caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Count(ReadOnlySpan<int> q, BandPlan plan, ReadOnlySpan<int> bandUnits, Span<int> stats)
    {
        var lanes = Lanes();
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var st = ref MemoryMarshal.GetReference(stats);
        long magBits = 0, signBits = 0;
        var pos = 0;
        for (var band = 0; band < bandUnits.Length; band++)
        {
            var units = bandUnits[band];
            if (pos + (units * UnitSize) > q.Length)
            {
                throw new ArgumentException("coefficients shorter than the bands", nameof(q));
            }

            var table = plan.Bands[band].Class * TablesPerClass * Slots;
            var context = 0;
            for (var u = 0; u < units; u++, pos += UnitSize)
            {
                var widths = Analyze(ref Unsafe.Add(ref rq, pos), lanes, out var nz, out _);
                var mask = UnitMask(widths);
                Unsafe.Add(ref st, table + context + mask)++;
                context = mask == 0 ? 0 : Slots;
                if (mask == 0)
                {
                    continue;
                }

                signBits += BitOperations.PopCount(nz);
                for (var g = 0; g < 4; g++)
                {
                    var w = (int)((widths >> (8 * g)) & 0xFF);
                    if (w == 0)
                    {
                        continue;
                    }

                    Unsafe.Add(ref st, table + (2 * Slots) + GroupSymbol(w, nz, g))++;
                    if (w >= 2)
                    {
                        magBits += 4 * w;
                    }
                }
            }
        }

        stats[^2] = checked((int)magBits);
        stats[^1] = checked((int)signBits);
    }

    /// <summary>
    /// Writes one segment's three streams (sizes from <see cref="Count"/> with these tables; checked).
    /// codes: per table and symbol, code | length &lt;&lt; 16.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Emit(ReadOnlySpan<int> q, BandPlan plan, ReadOnlySpan<int> bandUnits, ReadOnlySpan<uint> codes, Span<byte> codeStream, Span<byte> magStream, Span<byte> signStream)
    {
        var lanes = Lanes();
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var rc = ref MemoryMarshal.GetReference(codes);
        var code = new LsbBitWriter(codeStream);
        var mag = new LsbBitWriter(magStream);
        var sign = new LsbBitWriter(signStream);
        var pos = 0;
        for (var band = 0; band < bandUnits.Length; band++)
        {
            var units = bandUnits[band];
            if (pos + (units * UnitSize) > q.Length)
            {
                throw new ArgumentException("coefficients shorter than the bands", nameof(q));
            }

            var table = plan.Bands[band].Class * TablesPerClass * Slots;
            var context = 0;
            for (var u = 0; u < units; u++, pos += UnitSize)
            {
                ref var v = ref Unsafe.Add(ref rq, pos);
                var widths = Analyze(ref v, lanes, out var nz, out var neg);
                var mask = UnitMask(widths);
                var e = Unsafe.Add(ref rc, table + context + mask);
                code.Put(e & 0xFFFF, (int)(e >> 16));
                context = mask == 0 ? 0 : Slots;
                if (mask == 0)
                {
                    continue;
                }

                for (var g = 0; g < 4; g++)
                {
                    var w = (int)((widths >> (8 * g)) & 0xFF);
                    if (w == 0)
                    {
                        continue;
                    }

                    e = Unsafe.Add(ref rc, table + (2 * Slots) + GroupSymbol(w, nz, g));
                    code.Put(e & 0xFFFF, (int)(e >> 16));
                    if (w >= 2)
                    {
                        PutMagnitudes(ref mag, ref Unsafe.Add(ref v, 4 * g), w);
                    }
                }

                sign.Put(Extract(neg, nz), BitOperations.PopCount(nz));
            }
        }

        if (code.Finish() != codeStream.Length || mag.Finish() != magStream.Length || sign.Finish() != signStream.Length)
        {
            throw new InvalidOperationException("coefficient streams differ from their computed sizes");
        }
    }

    /// <summary>
    /// Decodes one segment into q (bandUnits[b] units per band). decode: per table, entries of
    /// symbol &lt;&lt; 4 | length at tableStart[t], indexed by the next tableBits[t] bits; 0 = no code.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Decode(ReadOnlySpan<byte> codeStream, ReadOnlySpan<byte> magStream, ReadOnlySpan<byte> signStream, BandPlan plan, ReadOnlySpan<int> bandUnits, in DecodeTables tables, Span<int> q)
    {
        var code = new LsbBitReader(codeStream);
        var mag = new LsbBitReader(magStream);
        var sign = new LsbBitReader(signStream);
        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var entries = ref MemoryMarshal.GetReference(tables.Entries);
        var lanes = Lanes();
        var pos = 0;
        for (var band = 0; band < bandUnits.Length; band++)
        {
            var units = bandUnits[band];
            if (pos + (units * UnitSize) > q.Length)
            {
                CodecThrow.Corrupt("more coefficients than the block holds");
            }

            var t = plan.Bands[band].Class * TablesPerClass;
            ref var empty = ref Unsafe.Add(ref entries, tables.Start[t]);
            ref var nonempty = ref Unsafe.Add(ref entries, tables.Start[t + 1]);
            ref var groups = ref Unsafe.Add(ref entries, tables.Start[t + 2]);
            int emptyBits = tables.Bits[t], nonemptyBits = tables.Bits[t + 1], groupBits = tables.Bits[t + 2];
            var after = false;
            for (var u = 0; u < units; u++, pos += UnitSize)
            {
                ref var v = ref Unsafe.Add(ref rq, pos);
                code.Refill();
                var e = after ? Unsafe.Add(ref nonempty, (int)code.Peek(nonemptyBits)) : Unsafe.Add(ref empty, (int)code.Peek(emptyBits));
                if (e == 0)
                {
                    CodecThrow.Corrupt("invalid unit code");
                }

                code.Skip(e & 15);
                var mask = e >> 4;
                after = mask != 0;
                if (mask == 0)
                {
                    ClearUnit(ref v, lanes);
                    continue;
                }

                uint nz = 0;
                for (var g = 0; g < 4; g++)
                {
                    ref var group = ref Unsafe.Add(ref v, 4 * g);
                    if ((mask & (1 << g)) == 0)
                    {
                        group = 0;
                        Unsafe.Add(ref group, 1) = 0;
                        Unsafe.Add(ref group, 2) = 0;
                        Unsafe.Add(ref group, 3) = 0;
                        continue;
                    }

                    if (code.Available < Huffman.MaxBits)
                    {
                        code.Refill();
                    }

                    var ge = Unsafe.Add(ref groups, (int)code.Peek(groupBits));
                    if (ge == 0)
                    {
                        CodecThrow.Corrupt("invalid group code");
                    }

                    code.Skip(ge & 15);
                    var symbol = ge >> 4;
                    if (symbol < 16)
                    {
                        group = symbol & 1;
                        Unsafe.Add(ref group, 1) = (symbol >> 1) & 1;
                        Unsafe.Add(ref group, 2) = (symbol >> 2) & 1;
                        Unsafe.Add(ref group, 3) = symbol >> 3;
                        nz |= (uint)symbol << (4 * g);
                    }
                    else
                    {
                        nz |= TakeMagnitudes(ref mag, ref group, symbol - 14) << (4 * g);
                    }
                }

                var count = BitOperations.PopCount(nz);
                if (count > 0)
                {
                    if (sign.Available < count)
                    {
                        sign.Refill();
                    }

                    ApplySigns(ref v, Deposit(sign.Take(count), nz));
                }
            }
        }

        if (!Exact(code, codeStream.Length) || !Exact(mag, magStream.Length) || !Exact(sign, signStream.Length))
        {
            CodecThrow.Corrupt("coefficient stream lengths do not match their contents");
        }
    }

    /// <summary>Bit width of each group's largest magnitude (byte g of the result), nonzero and negative lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Analyze(ref int v, int lanes, out uint nz, out uint neg)
    {
        if (lanes == 16)
        {
            var x = Vector512.LoadUnsafe(ref v);
            nz = (uint)(~Vector512.ExtractMostSignificantBits(Vector512.Equals(x, Vector512<int>.Zero))) & 0xFFFF;
            if (nz == 0)
            {
                neg = 0;
                return 0;
            }

            neg = (uint)Vector512.ExtractMostSignificantBits(x);
            var a = Vector512.Abs(x);
            a |= Vector512.Shuffle(a, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
            a |= Vector512.Shuffle(a, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
            return Widths(a.GetElement(0), a.GetElement(4), a.GetElement(8), a.GetElement(12));
        }

        if (lanes == 8)
        {
            var lo = Vector256.LoadUnsafe(ref v);
            var hi = Vector256.LoadUnsafe(ref v, 8);
            nz = ~(Vector256.ExtractMostSignificantBits(Vector256.Equals(lo, Vector256<int>.Zero))
                | (Vector256.ExtractMostSignificantBits(Vector256.Equals(hi, Vector256<int>.Zero)) << 8)) & 0xFFFF;
            if (nz == 0)
            {
                neg = 0;
                return 0;
            }

            neg = Vector256.ExtractMostSignificantBits(lo) | (Vector256.ExtractMostSignificantBits(hi) << 8);
            var al = Vector256.Abs(lo);
            var ah = Vector256.Abs(hi);
            al |= Vector256.Shuffle(al, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));
            ah |= Vector256.Shuffle(ah, Vector256.Create(1, 0, 3, 2, 5, 4, 7, 6));
            al |= Vector256.Shuffle(al, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5));
            ah |= Vector256.Shuffle(ah, Vector256.Create(2, 3, 0, 1, 6, 7, 4, 5));
            return Widths(al.GetElement(0), al.GetElement(4), ah.GetElement(0), ah.GetElement(4));
        }

        uint n = 0, s = 0;
        int o0 = 0, o1 = 0, o2 = 0, o3 = 0;
        for (var k = 0; k < UnitSize; k++)
        {
            var x = Unsafe.Add(ref v, k);
            var a = Math.Abs(x);
            switch (k >> 2)
            {
                case 0: o0 |= a; break;
                case 1: o1 |= a; break;
                case 2: o2 |= a; break;
                default: o3 |= a; break;
            }

            n |= (a != 0 ? 1u : 0u) << k;
            s |= (x < 0 ? 1u : 0u) << k;
        }

        nz = n;
        neg = s;
        return Widths(o0, o1, o2, o3);
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Widths(int a, int b, int c, int d) =>
        (uint)(32 - BitOperations.LeadingZeroCount((uint)a))
        | ((uint)(32 - BitOperations.LeadingZeroCount((uint)b)) << 8)
        | ((uint)(32 - BitOperations.LeadingZeroCount((uint)c)) << 16)
        | ((uint)(32 - BitOperations.LeadingZeroCount((uint)d)) << 24);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int UnitMask(uint widths) =>
        ((widths & 0xFF) != 0 ? 1 : 0) | ((widths & 0xFF00) != 0 ? 2 : 0) | ((widths & 0xFF0000) != 0 ? 4 : 0) | ((widths & 0xFF000000) != 0 ? 8 : 0);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int GroupSymbol(int w, uint nz, int g) => w == 1 ? (int)((nz >> (4 * g)) & 15) : 14 + w;

    /// <summary>The four magnitudes of a group in w bits each, in order (w ≤ 30).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void PutMagnitudes(ref LsbBitWriter mag, ref int group, int w)
    {
        uint a0 = (uint)Math.Abs(group), a1 = (uint)Math.Abs(Unsafe.Add(ref group, 1));
        uint a2 = (uint)Math.Abs(Unsafe.Add(ref group, 2)), a3 = (uint)Math.Abs(Unsafe.Add(ref group, 3));
        if (w <= 8)
        {
            mag.Put(a0 | (a1 << w) | (a2 << (2 * w)) | (a3 << (3 * w)), 4 * w);
        }
        else if (w <= 16)
        {
            mag.Put(a0 | (a1 << w), 2 * w);
            mag.Put(a2 | (a3 << w), 2 * w);
        }
        else
        {
            mag.Put(a0, w);
            mag.Put(a1, w);
            mag.Put(a2, w);
            mag.Put(a3, w);
        }
    }

    /// <summary>Reads a group's four magnitudes of w bits; returns its nonzero lanes (4 bits).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint TakeMagnitudes(ref LsbBitReader mag, ref int group, int w)
    {
        uint a0, a1, a2, a3;
        var m = (1u << w) - 1;
        if (w <= 14)
        {
            if (mag.Available < 4 * w)
            {
                mag.Refill();
            }

            // Two takes of 2w ≤ 28 bits: Take returns at most 32 bits.
            var lo = mag.Take(2 * w);
            var hi = mag.Take(2 * w);
            a0 = lo & m;
            a1 = lo >> w;
            a2 = hi & m;
            a3 = hi >> w;
        }
        else
        {
            // Wide groups are rare (coarse bands at tiny compscales): a refill per value (w ≤ 30 < 56).
            mag.Refill();
            a0 = mag.Take(w);
            mag.Refill();
            a1 = mag.Take(w);
            mag.Refill();
            a2 = mag.Take(w);
            mag.Refill();
            a3 = mag.Take(w);
        }

        group = (int)a0;
        Unsafe.Add(ref group, 1) = (int)a1;
        Unsafe.Add(ref group, 2) = (int)a2;
        Unsafe.Add(ref group, 3) = (int)a3;
        return (a0 != 0 ? 1u : 0u) | (a1 != 0 ? 2u : 0u) | (a2 != 0 ? 4u : 0u) | (a3 != 0 ? 8u : 0u);
    }

    /// <summary>Negates the lanes of the unit whose bit is set in neg.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ApplySigns(ref int v, uint neg)
    {
        while (neg != 0)
        {
            var k = BitOperations.TrailingZeroCount(neg);
            Unsafe.Add(ref v, k) = -Unsafe.Add(ref v, k);
            neg &= neg - 1;
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void ClearUnit(ref int v, int lanes)
    {
        if (lanes == 16)
        {
            Vector512<int>.Zero.StoreUnsafe(ref v);
        }
        else
        {
            MemoryMarshal.CreateSpan(ref v, UnitSize).Clear();
        }
    }

    /// <summary>The bits of value at the set positions of mask, packed low (pext).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Extract(uint value, uint mask)
    {
        if (Bmi2.IsSupported)
        {
            return Bmi2.ParallelBitExtract(value, mask);
        }

        uint r = 0;
        var k = 0;
        while (mask != 0)
        {
            var low = mask & (0 - mask);
            if ((value & low) != 0)
            {
                r |= 1u << k;
            }

            k++;
            mask &= mask - 1;
        }

        return r;
    }

    /// <summary>The low bits of value spread to the set positions of mask (pdep).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Deposit(uint value, uint mask)
    {
        if (Bmi2.IsSupported)
        {
            return Bmi2.ParallelBitDeposit(value, mask);
        }

        uint r = 0;
        while (mask != 0)
        {
            var low = mask & (0 - mask);
            if ((value & 1) != 0)
            {
                r |= low;
            }

            value >>= 1;
            mask &= mask - 1;
        }

        return r;
    }

    private static bool Exact(in LsbBitReader r, int length) => (r.BitsConsumed + 7) >> 3 == length;

    private static int Lanes() => Simd.Use512 ? 16 : Simd.Use256 ? 8 : 1;

    /// <summary>Decode tables of a stream: concatenated entries, each table's start and index width.</summary>
    internal readonly ref struct DecodeTables(ReadOnlySpan<ushort> entries, ReadOnlySpan<int> start, ReadOnlySpan<int> bits)
    {
        public ReadOnlySpan<ushort> Entries { get; } = entries;

        public ReadOnlySpan<int> Start { get; } = start;

        public ReadOnlySpan<int> Bits { get; } = bits;
    }
}
