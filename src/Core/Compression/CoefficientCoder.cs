using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// Entropy coder for quantized wavelet coefficients (cvxcompress format 2). A band's coefficients are cut
/// into units of 16 and groups of 4. Per unit one Huffman symbol says which of its four groups hold a nonzero
/// value (an empty unit costs a fraction of a bit per value, and no further work); per nonzero group one
/// symbol gives either the pattern of its ±1 values (1..15) or the bit width w of its largest magnitude
/// (symbol 14 + w, w = 2..30), the four magnitudes then follow in w raw bits each; signs follow as one raw bit
/// per nonzero value. Codes, magnitudes and signs go to three streams, so the decoder's three bit positions
/// are independent chains. Tables are per band class (level): two unit tables (after an empty or a nonempty
/// unit of the same band) and one group table. Statistics come from a first pass (<see cref="Count"/>), so
/// every stream's size (whole 32-bit words, <see cref="StreamBytes"/>) is exact before it is written. The hot
/// loops carry no branch on the data except "unit empty" and rare wide groups; scalar and vector paths produce
/// the same streams and values.
/// </summary>
internal static class CoefficientCoder
{
    public const int UnitSize = 16;
    public const int UnitAlphabet = 16;

    /// <summary>Group symbols: 1..15 = pattern of a group of magnitudes ≤ 1; 14 + w = bit width w ≥ 2.</summary>
    public const int GroupAlphabet = 45;

    public const int TablesPerClass = 3;

    /// <summary>Counter slots per table in a statistics block.</summary>
    public const int Slots = GroupAlphabet;

    /// <summary>Widest group whose four magnitudes are read in one go (4 · 14 ≤ 56 buffered bits).</summary>
    private const int NarrowWidth = 14;

    /// <summary>Statistics of one segment: symbol counts per table, then magnitude bits and sign bits.</summary>
    public static int StatsLength(int classes) => (classes * TablesPerClass * Slots) + 2;

    /// <summary>
    /// Describes every unit of one segment (bandUnits[b] units of 16 for band b, consecutive, of class
    /// plan.Bands[b].Class) into desc (one per unit: group widths in bytes 0-3, nonzero lanes in bits 32-47,
    /// negative lanes in bits 48-63) and counts its symbols and raw bits into stats (cleared by the caller).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Count(ReadOnlySpan<int> q, BandPlan plan, ReadOnlySpan<int> bandUnits, Span<ulong> desc, Span<int> stats)
    {
        var lanes = Lanes();
        var total = CheckLength(q, bandUnits);
        if (desc.Length < total / UnitSize)
        {
            throw new ArgumentException("descriptor buffer too small", nameof(desc));
        }

        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var rd = ref MemoryMarshal.GetReference(desc);
        for (var u = 0; u < total / UnitSize; u++)
        {
            var widths = Analyze(ref Unsafe.Add(ref rq, u * UnitSize), lanes, out var nz, out var neg);
            Unsafe.Add(ref rd, u) = widths | ((ulong)nz << 32) | ((ulong)neg << 48);
        }

        ref var st = ref MemoryMarshal.GetReference(stats);
        long magBits = 0, signBits = 0;
        var unit = 0;

        // One group histogram per group position: consecutive increments of one counter would wait on each other.
        Span<int> local = stackalloc int[4 * Slots];
        ref var h = ref MemoryMarshal.GetReference(local);
        for (var band = 0; band < bandUnits.Length; band++)
        {
            ref var unitTable = ref Unsafe.Add(ref st, plan.Bands[band].Class * TablesPerClass * Slots);
            ref var groupTable = ref Unsafe.Add(ref unitTable, 2 * Slots);
            local.Clear();
            var context = 0;
            for (var end = unit + bandUnits[band]; unit < end; unit++)
            {
                var d = Unsafe.Add(ref rd, unit);
                var widths = (uint)d;
                var mask = UnitMask(widths);
                Unsafe.Add(ref unitTable, context + mask)++;
                context = mask == 0 ? 0 : Slots;
                if (mask == 0)
                {
                    continue;
                }

                var nz = (uint)(d >> 32) & 0xFFFF;
                signBits += BitOperations.PopCount(nz);
                for (var g = 0; g < 4; g++)
                {
                    // An empty group counts into slot 0 (no symbol), not carried over below.
                    var w = (int)((widths >> (8 * g)) & 0xFF);
                    Unsafe.Add(ref h, (g * Slots) + GroupSymbol(w, nz, g))++;
                    magBits += w >= 2 ? 4 * w : 0;
                }
            }

            for (var k = 1; k < Slots; k++)
            {
                Unsafe.Add(ref groupTable, k) += local[k] + local[Slots + k] + local[(2 * Slots) + k] + local[(3 * Slots) + k];
            }
        }

        stats[^2] = checked((int)magBits);
        stats[^1] = checked((int)signBits);
    }

    /// <summary>
    /// Writes one segment's magnitude and sign streams from its values and unit descriptors (<see cref="Count"/>):
    /// they need no tables, so they are written while the values are still in cache. The streams' sizes follow
    /// from the counts (<see cref="StreamBytes"/> of the last two statistics; checked).
    /// </summary>
    public static void EmitValues(ReadOnlySpan<int> q, ReadOnlySpan<ulong> desc, Span<byte> magStream, Span<byte> signStream)
    {
        if (q.Length < desc.Length * UnitSize)
        {
            throw new ArgumentException("fewer values than units", nameof(q));
        }

        if (EmitMagnitudes(q, desc, magStream) != magStream.Length || EmitSigns(desc, signStream) != signStream.Length)
        {
            throw new InvalidOperationException("coefficient streams differ from their computed sizes");
        }
    }

    /// <summary>
    /// Writes one segment's code stream from its unit descriptors; its size follows from the counts and these
    /// tables (checked). codes: per table and symbol, code | length &lt;&lt; 16 (0 for a symbol without a code).
    /// </summary>
    public static void EmitCodes(ReadOnlySpan<ulong> desc, BandPlan plan, ReadOnlySpan<int> bandUnits, ReadOnlySpan<uint> codes, Span<byte> codeStream)
    {
        long units = 0;
        foreach (var u in bandUnits)
        {
            units += u;
        }

        if (desc.Length < units)
        {
            throw new ArgumentException("descriptor buffer too small", nameof(desc));
        }

        if (WriteCodes(desc, plan, bandUnits, codes, codeStream) != codeStream.Length)
        {
            throw new InvalidOperationException("coefficient code stream differs from its computed size");
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int WriteCodes(ReadOnlySpan<ulong> desc, BandPlan plan, ReadOnlySpan<int> bandUnits, ReadOnlySpan<uint> codes, Span<byte> stream)
    {
        ref var rd = ref MemoryMarshal.GetReference(desc);
        ref var rc = ref MemoryMarshal.GetReference(codes);
        Sink sink = default;
        var unit = 0;
        for (var band = 0; band < bandUnits.Length; band++)
        {
            ref var unitCodes = ref Unsafe.Add(ref rc, plan.Bands[band].Class * TablesPerClass * Slots);
            ref var groupCodes = ref Unsafe.Add(ref unitCodes, 2 * Slots);
            var context = 0;
            for (var end = unit + bandUnits[band]; unit < end; unit++)
            {
                var d = Unsafe.Add(ref rd, unit);
                var widths = (uint)d;
                var mask = UnitMask(widths);
                var e = Unsafe.Add(ref unitCodes, context + mask);
                Put(ref sink, stream, e & 0xFFFF, (int)(e >> 16));
                context = mask == 0 ? 0 : Slots;
                if (mask == 0)
                {
                    continue;
                }

                // The four group codes (empty groups: symbol 0, no bits) joined into one put of at most 48 bits.
                var nz = (uint)(d >> 32);
                ulong bits = 0;
                var n = 0;
                for (var g = 0; g < 4; g++)
                {
                    e = Unsafe.Add(ref groupCodes, GroupSymbol((int)((widths >> (8 * g)) & 0xFF), nz, g));
                    bits |= (ulong)(e & 0xFFFF) << n;
                    n += (int)(e >> 16);
                }

                var low = Math.Min(n, 32);
                Put(ref sink, stream, (uint)bits, low);
                Put(ref sink, stream, (uint)(bits >> 32), n - low);
            }
        }

        return Finish(ref sink, stream);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int EmitMagnitudes(ReadOnlySpan<int> q, ReadOnlySpan<ulong> desc, Span<byte> stream)
    {
        var vector = Lanes() == 16 && Bmi2.X64.IsSupported;
        ref var rq = ref MemoryMarshal.GetReference(q);
        Sink sink = default;
        for (var unit = 0; unit < desc.Length; unit++)
        {
            var widths = (uint)desc[unit];
            if ((widths & 0xFEFEFEFE) == 0)
            {
                continue; // no group wider than 1 bit: nothing raw
            }

            ref var v = ref Unsafe.Add(ref rq, unit * UnitSize);

            // The unit's magnitudes as 16-bit lanes (exact for the groups of w ≤ 16 that use them).
            var lanes16 = vector ? Avx512F.ConvertToVector256UInt16WithSaturation(Vector512.Abs(Vector512.LoadUnsafe(ref v)).AsUInt32()).AsUInt64() : default;
            for (var g = 0; g < 4; g++)
            {
                var w = (int)((widths >> (8 * g)) & 0xFF);
                if (w < 2)
                {
                    continue;
                }

                ref var group = ref Unsafe.Add(ref v, 4 * g);
                if (w > 16)
                {
                    for (var k = 0; k < 4; k++)
                    {
                        Put(ref sink, stream, (uint)Math.Abs(Unsafe.Add(ref group, k)), w);
                    }

                    continue;
                }

                var packed = vector ? Bmi2.X64.ParallelBitExtract(lanes16.GetElement(g), LaneMask(w)) : Pack(ref group, w);
                if (w <= 8)
                {
                    Put(ref sink, stream, (uint)packed, 4 * w);
                }
                else
                {
                    Put(ref sink, stream, (uint)packed, 32);
                    Put(ref sink, stream, (uint)(packed >> 32), (4 * w) - 32);
                }
            }
        }

        return Finish(ref sink, stream);
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static int EmitSigns(ReadOnlySpan<ulong> desc, Span<byte> stream)
    {
        Sink sink = default;
        foreach (var d in desc)
        {
            var nz = (uint)(d >> 32) & 0xFFFF;
            Put(ref sink, stream, Extract((uint)(d >> 48), nz), BitOperations.PopCount(nz));
        }

        return Finish(ref sink, stream);
    }

    /// <summary>
    /// Decodes one segment into q (bandUnits[b] units per band), using desc (one per unit) as scratch: a pass
    /// over the codes (the latency-bound chain of table lookups, alone in its loop) writes each unit's mask and
    /// group symbols, a second pass reads magnitudes and signs. A damaged stream raises InvalidDataException (an
    /// invalid code, or streams whose lengths do not match what their codes consumed).
    /// </summary>
    public static void Decode(ReadOnlySpan<byte> codeStream, ReadOnlySpan<byte> magStream, ReadOnlySpan<byte> signStream, BandPlan plan, ReadOnlySpan<int> bandUnits, in DecodeTables tables, Span<uint> desc, Span<int> q)
    {
        if (!CheckLengthQuiet(q, bandUnits))
        {
            CodecThrow.Corrupt("more coefficients than the segment holds");
        }

        var units = 0;
        foreach (var u in bandUnits)
        {
            units += u;
        }

        if (desc.Length < units)
        {
            throw new ArgumentException("descriptor buffer too small", nameof(desc));
        }

        desc = desc[..units];
        if (DecodeCodes(codeStream, plan, bandUnits, tables, desc) != codeStream.Length)
        {
            CodecThrow.Corrupt("coefficient code stream length does not match its contents");
        }

        if (!DecodeValues(magStream, signStream, desc, q))
        {
            CodecThrow.Corrupt("coefficient magnitude or sign stream length does not match its contents");
        }
    }

    /// <summary>
    /// Unit masks and group symbols into desc: mask in bits 0-3, the symbol of group g (0 when absent) in bits
    /// 4 + 6g. Returns the stream bytes the codes take (whole words).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static long DecodeCodes(ReadOnlySpan<byte> stream, BandPlan plan, ReadOnlySpan<int> bandUnits, in DecodeTables tables, Span<uint> desc)
    {
        ref var entries = ref MemoryMarshal.GetReference(tables.Entries);
        ref var rd = ref MemoryMarshal.GetReference(desc);
        ref var src = ref MemoryMarshal.GetReference(stream);
        var length = stream.Length;
        ulong buf = 0;
        int avail = 0, next = 0, bad = 0, unit = 0;
        for (var band = 0; band < bandUnits.Length; band++)
        {
            var t = plan.Bands[band].Class * TablesPerClass;
            int emptyStart = tables.Start[t], nonemptyStart = tables.Start[t + 1];
            int emptyMask = (1 << tables.Bits[t]) - 1, nonemptyMask = (1 << tables.Bits[t + 1]) - 1;
            ref var groups = ref Unsafe.Add(ref entries, tables.Start[t + 2]);
            var groupMask = (1 << tables.Bits[t + 2]) - 1;
            int start = emptyStart, mask = emptyMask;
            for (var end = unit + bandUnits[band]; unit < end; unit++)
            {
                buf |= Load(ref src, length, next) << avail;
                next += (63 - avail) >> 3;
                avail |= 56;
                int e = Unsafe.Add(ref entries, start + ((int)buf & mask));
                bad |= e - 1;
                buf >>= e & 15;
                avail -= e & 15;
                var m = e >> 4;

                // The next unit's table: after an empty unit or after a nonempty one (branch-free).
                var nonempty = -m >> 31;
                start = emptyStart ^ ((emptyStart ^ nonemptyStart) & nonempty);
                mask = emptyMask ^ ((emptyMask ^ nonemptyMask) & nonempty);
                var d = (uint)m;
                if (m != 0)
                {
                    for (var g = 0; g < 4; g++)
                    {
                        if (g == 2)
                        {
                            buf |= Load(ref src, length, next) << avail;
                            next += (63 - avail) >> 3;
                            avail |= 56;
                        }

                        // Absent groups read nothing: the entry is masked to symbol 0, length 0.
                        var present = -((m >> g) & 1);
                        e = Unsafe.Add(ref groups, (int)buf & groupMask);
                        bad |= (e - 1) & present;
                        e &= present;
                        buf >>= e & 15;
                        avail -= e & 15;
                        d |= (uint)(e >> 4) << (4 + (6 * g));
                    }
                }

                Unsafe.Add(ref rd, unit) = d;
            }
        }

        if (bad < 0)
        {
            CodecThrow.Corrupt("invalid coefficient code");
        }

        return StreamBytes((8L * next) - avail);
    }

    /// <summary>Magnitudes and signs of every unit from its descriptor; false when a stream's length is off.</summary>
    private static bool DecodeValues(ReadOnlySpan<byte> magStream, ReadOnlySpan<byte> signStream, ReadOnlySpan<uint> desc, Span<int> q) =>
        Lanes() >= 8 && Vector128.IsHardwareAccelerated ? DecodeValuesVector(magStream, signStream, desc, q) : DecodeValuesScalar(magStream, signStream, desc, q);

    /// <summary>
    /// The vector path of <see cref="DecodeValues"/>: both bit readers in plain locals and the four groups
    /// written out (helpers taking the readers by reference made the JIT keep them in memory).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool DecodeValuesVector(ReadOnlySpan<byte> magStream, ReadOnlySpan<byte> signStream, ReadOnlySpan<uint> desc, Span<int> q)
    {
        if (q.Length < desc.Length * UnitSize)
        {
            return false;
        }

        ref var rq = ref MemoryMarshal.GetReference(q);
        ref var rd = ref MemoryMarshal.GetReference(desc);
        ref var mref = ref MemoryMarshal.GetReference(magStream);
        ref var sref = ref MemoryMarshal.GetReference(signStream);
        ref var patterns = ref MemoryMarshal.GetReference(PatternLanes);
        ref var signs = ref MemoryMarshal.GetReference(SignLanes);
        int mlen = magStream.Length, slen = signStream.Length;
        ulong mb = 0, sb = 0;
        int ma = 0, mn = 0, sa = 0, sn = 0;
        for (var unit = 0; unit < desc.Length; unit++)
        {
            var d = Unsafe.Add(ref rd, unit);
            ref var v = ref Unsafe.Add(ref rq, unit * UnitSize);
            if ((d & 15) == 0)
            {
                Vector128<int>.Zero.StoreUnsafe(ref v);
                Vector128<int>.Zero.StoreUnsafe(ref v, 4);
                Vector128<int>.Zero.StoreUnsafe(ref v, 8);
                Vector128<int>.Zero.StoreUnsafe(ref v, 12);
                continue;
            }

            Vector128<int> g0;
            {
                var symbol = (int)(d >> 4) & 63;
                var isWidth = (15 - symbol) >> 31;
                var w = (symbol - 14) & isWidth;
                mb |= Load(ref mref, mlen, mn) << ma;
                mn += (63 - ma) >> 3;
                ma |= 56;
                if (w <= NarrowWidth)
                {
                    var n = 4 * w;
                    var bits = mb & ((1UL << n) - 1);
                    mb >>= n;
                    ma -= n;
                    var wide = Vector128.WidenLower(Vector128.CreateScalar(Deposit64(bits, LaneMask(w))).AsUInt16()).AsInt32();
                    var pattern = Vector128.LoadUnsafe(ref patterns, (nuint)(4 * (symbol & 15)));
                    g0 = Vector128.ConditionalSelect(Vector128.Create(isWidth), wide, pattern);
                }
                else
                {
                    // Wide groups are rare (coarse bands at tiny compscales): a refill per magnitude (w ≤ 30).
                    var m = (1UL << w) - 1;
                    var a0 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a1 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a2 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a3 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    g0 = Vector128.Create(a0, a1, a2, a3);
                }
            }

            Vector128<int> g1;
            {
                var symbol = (int)(d >> 10) & 63;
                var isWidth = (15 - symbol) >> 31;
                var w = (symbol - 14) & isWidth;
                mb |= Load(ref mref, mlen, mn) << ma;
                mn += (63 - ma) >> 3;
                ma |= 56;
                if (w <= NarrowWidth)
                {
                    var n = 4 * w;
                    var bits = mb & ((1UL << n) - 1);
                    mb >>= n;
                    ma -= n;
                    var wide = Vector128.WidenLower(Vector128.CreateScalar(Deposit64(bits, LaneMask(w))).AsUInt16()).AsInt32();
                    var pattern = Vector128.LoadUnsafe(ref patterns, (nuint)(4 * (symbol & 15)));
                    g1 = Vector128.ConditionalSelect(Vector128.Create(isWidth), wide, pattern);
                }
                else
                {
                    // Wide groups are rare (coarse bands at tiny compscales): a refill per magnitude (w ≤ 30).
                    var m = (1UL << w) - 1;
                    var a0 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a1 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a2 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a3 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    g1 = Vector128.Create(a0, a1, a2, a3);
                }
            }

            Vector128<int> g2;
            {
                var symbol = (int)(d >> 16) & 63;
                var isWidth = (15 - symbol) >> 31;
                var w = (symbol - 14) & isWidth;
                mb |= Load(ref mref, mlen, mn) << ma;
                mn += (63 - ma) >> 3;
                ma |= 56;
                if (w <= NarrowWidth)
                {
                    var n = 4 * w;
                    var bits = mb & ((1UL << n) - 1);
                    mb >>= n;
                    ma -= n;
                    var wide = Vector128.WidenLower(Vector128.CreateScalar(Deposit64(bits, LaneMask(w))).AsUInt16()).AsInt32();
                    var pattern = Vector128.LoadUnsafe(ref patterns, (nuint)(4 * (symbol & 15)));
                    g2 = Vector128.ConditionalSelect(Vector128.Create(isWidth), wide, pattern);
                }
                else
                {
                    // Wide groups are rare (coarse bands at tiny compscales): a refill per magnitude (w ≤ 30).
                    var m = (1UL << w) - 1;
                    var a0 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a1 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a2 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a3 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    g2 = Vector128.Create(a0, a1, a2, a3);
                }
            }

            Vector128<int> g3;
            {
                var symbol = (int)(d >> 22) & 63;
                var isWidth = (15 - symbol) >> 31;
                var w = (symbol - 14) & isWidth;
                mb |= Load(ref mref, mlen, mn) << ma;
                mn += (63 - ma) >> 3;
                ma |= 56;
                if (w <= NarrowWidth)
                {
                    var n = 4 * w;
                    var bits = mb & ((1UL << n) - 1);
                    mb >>= n;
                    ma -= n;
                    var wide = Vector128.WidenLower(Vector128.CreateScalar(Deposit64(bits, LaneMask(w))).AsUInt16()).AsInt32();
                    var pattern = Vector128.LoadUnsafe(ref patterns, (nuint)(4 * (symbol & 15)));
                    g3 = Vector128.ConditionalSelect(Vector128.Create(isWidth), wide, pattern);
                }
                else
                {
                    // Wide groups are rare (coarse bands at tiny compscales): a refill per magnitude (w ≤ 30).
                    var m = (1UL << w) - 1;
                    var a0 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a1 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a2 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    mb |= Load(ref mref, mlen, mn) << ma;
                    mn += (63 - ma) >> 3;
                    ma |= 56;
                    var a3 = (int)(mb & m);
                    mb >>= w;
                    ma -= w;
                    g3 = Vector128.Create(a0, a1, a2, a3);
                }
            }

            var nz = NonZero(g0) | (NonZero(g1) << 4) | (NonZero(g2) << 8) | (NonZero(g3) << 12);
            sb |= Load(ref sref, slen, sn) << sa;
            sn += (63 - sa) >> 3;
            sa |= 56;
            var count = BitOperations.PopCount(nz);
            var neg = Deposit((uint)(sb & ((1UL << count) - 1)), nz);
            sb >>= count;
            sa -= count;
            var s0 = Vector128.LoadUnsafe(ref signs, (nuint)(4 * (neg & 15)));
            var s1 = Vector128.LoadUnsafe(ref signs, (nuint)(4 * ((neg >> 4) & 15)));
            var s2 = Vector128.LoadUnsafe(ref signs, (nuint)(4 * ((neg >> 8) & 15)));
            var s3 = Vector128.LoadUnsafe(ref signs, (nuint)(4 * (neg >> 12)));
            ((g0 ^ s0) - s0).StoreUnsafe(ref v);
            ((g1 ^ s1) - s1).StoreUnsafe(ref v, 4);
            ((g2 ^ s2) - s2).StoreUnsafe(ref v, 8);
            ((g3 ^ s3) - s3).StoreUnsafe(ref v, 12);
        }

        return StreamBytes((8L * mn) - ma) == mlen && StreamBytes((8L * sn) - sa) == slen;
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool DecodeValuesScalar(ReadOnlySpan<byte> magStream, ReadOnlySpan<byte> signStream, ReadOnlySpan<uint> desc, Span<int> q)
    {
        Source mag = default, sign = default;
        for (var unit = 0; unit < desc.Length; unit++)
        {
            var d = desc[unit];
            var v = q.Slice(unit * UnitSize, UnitSize);
            if ((d & 15) == 0)
            {
                v.Clear();
                continue;
            }

            uint nz = 0;
            for (var g = 0; g < 4; g++)
            {
                nz |= GroupScalar(ref mag, magStream, (int)(d >> (4 + (6 * g))) & 63, ref v[4 * g]) << (4 * g);
            }

            Refill(ref sign, signStream);
            var neg = Deposit(Take(ref sign, BitOperations.PopCount(nz)), nz);
            for (var k = 0; k < UnitSize; k++)
            {
                var m = -(int)((neg >> k) & 1);
                v[k] = (v[k] ^ m) - m;
            }
        }

        return Exact(mag, magStream.Length) && Exact(sign, signStream.Length);
    }

    /// <summary>One group from its symbol (scalar path): writes the four magnitudes, returns their nonzero lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint GroupScalar(ref Source mag, ReadOnlySpan<byte> magStream, int symbol, ref int group)
    {
        if (symbol < 16)
        {
            for (var k = 0; k < 4; k++)
            {
                Unsafe.Add(ref group, k) = (symbol >> k) & 1;
            }

            return (uint)symbol;
        }

        var w = symbol - 14;
        uint nz = 0;
        for (var k = 0; k < 4; k++)
        {
            Refill(ref mag, magStream);
            var a = (int)Take(ref mag, w);
            Unsafe.Add(ref group, k) = a;
            nz |= (a != 0 ? 1u : 0u) << k;
        }

        return nz;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint NonZero(Vector128<int> g) => ~Vector128.ExtractMostSignificantBits(Vector128.Equals(g, Vector128<int>.Zero)) & 15;

    /// <summary>Lane k of pattern p: bit k of p (the magnitudes of a ±1 group).</summary>
    private static ReadOnlySpan<int> PatternLanes =>
    [
        0, 0, 0, 0, 1, 0, 0, 0, 0, 1, 0, 0, 1, 1, 0, 0, 0, 0, 1, 0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0,
        0, 0, 0, 1, 1, 0, 0, 1, 0, 1, 0, 1, 1, 1, 0, 1, 0, 0, 1, 1, 1, 0, 1, 1, 0, 1, 1, 1, 1, 1, 1, 1,
    ];

    /// <summary>Lane k of entry p: -1 when bit k of p is set (negate), else 0.</summary>
    private static ReadOnlySpan<int> SignLanes =>
    [
        0, 0, 0, 0, -1, 0, 0, 0, 0, -1, 0, 0, -1, -1, 0, 0, 0, 0, -1, 0, -1, 0, -1, 0, 0, -1, -1, 0, -1, -1, -1, 0,
        0, 0, 0, -1, -1, 0, 0, -1, 0, -1, 0, -1, -1, -1, 0, -1, 0, 0, -1, -1, -1, 0, -1, -1, 0, -1, -1, -1, -1, -1, -1, -1,
    ];

    /// <summary>w low bits set in each 16-bit lane (w ≤ 16): where pdep spreads a group's four w-bit magnitudes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LaneMask(int w) => ((1UL << w) - 1) * 0x0001_0001_0001_0001UL;

    /// <summary>Bit width of each group's largest magnitude (byte g of the result), nonzero and negative lanes.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Analyze(ref int v, int lanes, out uint nz, out uint neg)
    {
        if (lanes == 16)
        {
            var x = Vector512.LoadUnsafe(ref v);
            nz = (uint)(~Vector512.ExtractMostSignificantBits(Vector512.Equals(x, Vector512<int>.Zero))) & 0xFFFF;
            neg = (uint)Vector512.ExtractMostSignificantBits(x);
            var a = Vector512.Abs(x);
            a |= Vector512.Shuffle(a, Vector512.Create(1, 0, 3, 2, 5, 4, 7, 6, 9, 8, 11, 10, 13, 12, 15, 14));
            a |= Vector512.Shuffle(a, Vector512.Create(2, 3, 0, 1, 6, 7, 4, 5, 10, 11, 8, 9, 14, 15, 12, 13));
            if (Avx512CD.IsSupported)
            {
                // Every lane of a group holds the group's OR: its bit width, one byte per lane, bytes 0/4/8/12.
                var w = Vector512.Create(32u) - Avx512CD.LeadingZeroCount(a.AsUInt32());
                var b = Avx512F.ConvertToVector128Byte(w);
                return Vector128.Shuffle(b, Vector128.Create((byte)0, 4, 8, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0)).AsUInt32().ToScalar();
            }

            return Widths(a.GetElement(0), a.GetElement(4), a.GetElement(8), a.GetElement(12));
        }

        if (lanes == 8)
        {
            var lo = Vector256.LoadUnsafe(ref v);
            var hi = Vector256.LoadUnsafe(ref v, 8);
            nz = ~(Vector256.ExtractMostSignificantBits(Vector256.Equals(lo, Vector256<int>.Zero))
                | (Vector256.ExtractMostSignificantBits(Vector256.Equals(hi, Vector256<int>.Zero)) << 8)) & 0xFFFF;
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

    /// <summary>Symbol of group g: its pattern when w ≤ 1 (0 for an empty group), else 14 + w.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int GroupSymbol(int w, uint nz, int g) => w <= 1 ? (int)((nz >> (4 * g)) & 15) : 14 + w;

    /// <summary>The group's four magnitudes (w ≤ 16 bits each) packed w bits apart, lowest first.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Pack(ref int group, int w) =>
        (ulong)(uint)Math.Abs(group)
        | ((ulong)(uint)Math.Abs(Unsafe.Add(ref group, 1)) << w)
        | ((ulong)(uint)Math.Abs(Unsafe.Add(ref group, 2)) << (2 * w))
        | ((ulong)(uint)Math.Abs(Unsafe.Add(ref group, 3)) << (3 * w));

    /// <summary>Bytes of a stream of the given bits: whole 32-bit words, so every store of a writer is a full word.</summary>
    public static long StreamBytes(long bits) => ((bits + 31) >> 5) << 2;

    /// <summary>
    /// Appends the low n bits of bits (n ≤ 32, higher bits zero). Branch-free on the data: the current word is
    /// stored every time (it is rewritten until full), and the position moves on by a word once 32 bits are in.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Put(ref Sink s, Span<byte> dst, uint bits, int n)
    {
        s.Acc |= (ulong)bits << s.Fill;
        s.Fill += n;
        if (s.Pos + 4 <= dst.Length)
        {
            // Past the end only empty puts may follow (a word filled there shows in Finish's count).
            var word = (uint)s.Acc;
            Unsafe.WriteUnaligned(ref Unsafe.Add(ref MemoryMarshal.GetReference(dst), s.Pos), BitConverter.IsLittleEndian ? word : BinaryPrimitives.ReverseEndianness(word));
        }

        var full = s.Fill & 32;
        s.Acc >>= full;
        s.Fill -= full;
        s.Pos += full >> 3;
    }

    /// <summary>Stores the last partial word; returns the bytes the stream takes.</summary>
    private static int Finish(ref Sink s, Span<byte> dst)
    {
        if (s.Fill > 0)
        {
            if (s.Pos > dst.Length - 4)
            {
                Overflow();
            }

            BinaryPrimitives.WriteUInt32LittleEndian(dst[s.Pos..], (uint)s.Acc);
            s.Pos += 4;
            s.Fill = 0;
        }

        return s.Pos;
    }

    /// <summary>
    /// Tops the buffer up to at least 56 bits with one unaligned 64-bit load (bytes past the stream read as
    /// zero, so a damaged stream never reads out of bounds; the overrun shows in <see cref="Exact"/>).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Refill(ref Source s, ReadOnlySpan<byte> src)
    {
        // Bytes loaded beyond those counted are ORed in again, identically, by the next refill.
        s.Buf |= Load(ref MemoryMarshal.GetReference(src), src.Length, s.Next) << s.Avail;
        s.Next += (63 - s.Avail) >> 3;
        s.Avail |= 56;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong LittleEndian(ulong w) => BitConverter.IsLittleEndian ? w : BinaryPrimitives.ReverseEndianness(w);

    /// <summary>
    /// The 8 bytes from position p as a little-endian word, zeros past the end. No call even on the tail path:
    /// a call in a decode loop would make the JIT spill the bit buffers around it.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Load(ref byte src, int length, int p)
    {
        if (p + 8 <= length)
        {
            return LittleEndian(Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref src, p)));
        }

        ulong w = 0;
        for (var k = 0; k < 8; k++)
        {
            if (p + k < length)
            {
                w |= (ulong)Unsafe.Add(ref src, p + k) << (8 * k);
            }
        }

        return w;
    }

    /// <summary>The next n ≤ 32 bits (a refill must have left at least n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint Take(ref Source s, int n)
    {
        var v = (uint)(s.Buf & ((1UL << n) - 1));
        s.Buf >>= n;
        s.Avail -= n;
        return v;
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
        for (; mask != 0; mask &= mask - 1, k++)
        {
            r |= ((value >> BitOperations.TrailingZeroCount(mask)) & 1) << k;
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
        for (; mask != 0; mask &= mask - 1, value >>= 1)
        {
            r |= (value & 1) << BitOperations.TrailingZeroCount(mask);
        }

        return r;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static ulong Deposit64(ulong value, ulong mask)
    {
        if (Bmi2.X64.IsSupported)
        {
            return Bmi2.X64.ParallelBitDeposit(value, mask);
        }

        ulong r = 0;
        for (; mask != 0; mask &= mask - 1, value >>= 1)
        {
            r |= (value & 1) << BitOperations.TrailingZeroCount(mask);
        }

        return r;
    }

    private static bool Exact(Source s, int length) => StreamBytes((8L * s.Next) - s.Avail) == length;

    /// <summary>The values the bands cover (checked against q).</summary>
    private static int CheckLength(ReadOnlySpan<int> q, ReadOnlySpan<int> bandUnits)
    {
        if (!CheckLengthQuiet(q, bandUnits))
        {
            throw new ArgumentException("coefficients shorter than the bands", nameof(q));
        }

        var n = 0;
        foreach (var u in bandUnits)
        {
            n += u * UnitSize;
        }

        return n;
    }

    private static bool CheckLengthQuiet(ReadOnlySpan<int> q, ReadOnlySpan<int> bandUnits)
    {
        long n = 0;
        foreach (var u in bandUnits)
        {
            n += (long)u * UnitSize;
        }

        return n <= q.Length;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void Overflow() => throw new InvalidOperationException("bit stream larger than its computed size");

    private static int Lanes() => Simd.Use512 ? 16 : Simd.Use256 ? 8 : 1;

    /// <summary>Decode tables of a stream: concatenated entries (symbol &lt;&lt; 4 | length, 0 = no code), each table's start and index width.</summary>
    internal readonly ref struct DecodeTables(ReadOnlySpan<ushort> entries, ReadOnlySpan<int> start, ReadOnlySpan<int> bits)
    {
        public ReadOnlySpan<ushort> Entries { get; } = entries;

        public ReadOnlySpan<int> Start { get; } = start;

        public ReadOnlySpan<int> Bits { get; } = bits;
    }

    /// <summary>Bit writer state (kept in registers; the stream span travels beside it).</summary>
    private struct Sink
    {
        public ulong Acc;
        public int Fill;
        public int Pos;
    }

    /// <summary>Bit reader state: buffer, buffered bits, next byte to load.</summary>
    private struct Source
    {
        public ulong Buf;
        public int Avail;
        public int Next;
    }
}
