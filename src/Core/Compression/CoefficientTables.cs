namespace PyRevolveNet.Compression;

/// <summary>
/// The Huffman tables of a cvxcompress stream: per band class a unit table after an empty unit, one after a
/// nonempty unit, and a group table (<see cref="CoefficientCoder"/>). Stored as, per table, one byte n (1 +
/// the largest symbol that has a code, 0 for an unused table) and n 4-bit code lengths, two to a byte.
/// </summary>
internal static class CoefficientTables
{
    private const int Slots = CoefficientCoder.Slots;

    public static int Alphabet(int table) => table % CoefficientCoder.TablesPerClass == 2 ? CoefficientCoder.GroupAlphabet : CoefficientCoder.UnitAlphabet;

    /// <summary>Code lengths from the symbol counts (both tables × Slots), and the codes as code | length &lt;&lt; 16.</summary>
    public static void Build(ReadOnlySpan<long> counts, int tables, Span<byte> lengths, Span<uint> codes)
    {
        Span<uint> c = stackalloc uint[Slots];
        lengths[..(tables * Slots)].Clear();
        codes[..(tables * Slots)].Clear();
        for (var t = 0; t < tables; t++)
        {
            var a = Alphabet(t);
            var l = lengths.Slice(t * Slots, a);
            Huffman.BuildLengths(counts.Slice(t * Slots, a), l);
            Huffman.Codes(l, c[..a]);
            for (var s = 0; s < a; s++)
            {
                codes[(t * Slots) + s] = c[s] | ((uint)l[s] << 16);
            }
        }
    }

    /// <summary>Bytes <see cref="Write"/> needs.</summary>
    public static int Size(ReadOnlySpan<byte> lengths, int tables)
    {
        var size = 0;
        for (var t = 0; t < tables; t++)
        {
            size += 1 + ((Used(lengths.Slice(t * Slots, Alphabet(t))) + 1) / 2);
        }

        return size;
    }

    public static int Write(ReadOnlySpan<byte> lengths, int tables, Span<byte> dst)
    {
        var p = 0;
        for (var t = 0; t < tables; t++)
        {
            var l = lengths.Slice(t * Slots, Alphabet(t));
            var n = Used(l);
            dst[p++] = (byte)n;
            for (var s = 0; s < n; s += 2)
            {
                dst[p++] = (byte)(l[s] | (s + 1 < n ? l[s + 1] << 4 : 0));
            }
        }

        return p;
    }

    /// <summary>Reads the tables' code lengths; returns the bytes used. Damaged tables are InvalidDataException.</summary>
    public static int Read(ReadOnlySpan<byte> src, int tables, Span<byte> lengths)
    {
        lengths[..(tables * Slots)].Clear();
        var p = 0;
        for (var t = 0; t < tables; t++)
        {
            if (p >= src.Length)
            {
                CodecThrow.Corrupt("truncated coefficient tables");
            }

            int n = src[p++], a = Alphabet(t);
            if (n > a)
            {
                CodecThrow.Corrupt($"coefficient table {t} has {n} symbols, at most {a} exist");
            }

            if (p + ((n + 1) / 2) > src.Length)
            {
                CodecThrow.Corrupt("truncated coefficient tables");
            }

            for (var s = 0; s < n; s++)
            {
                var b = src[p + (s / 2)];
                var l = (s & 1) == 0 ? b & 15 : b >> 4;
                if (l > Huffman.MaxBits)
                {
                    CodecThrow.Corrupt($"code length {l} exceeds {Huffman.MaxBits}");
                }

                lengths[(t * Slots) + s] = (byte)l;
            }

            p += (n + 1) / 2;
        }

        return p;
    }

    /// <summary>Entries all decode tables need: 2^(longest code) per table (1 for an unused one).</summary>
    public static int DecodeSize(ReadOnlySpan<byte> lengths, int tables)
    {
        var size = 0;
        for (var t = 0; t < tables; t++)
        {
            size += 1 << Longest(lengths.Slice(t * Slots, Alphabet(t)));
        }

        return size;
    }

    /// <summary>
    /// Decode tables: entry = symbol &lt;&lt; 4 | length at start[t] + (the next bits[t] bits); 0 = no code
    /// (a bit pattern no symbol has, or an unused table). Lengths that are no prefix code are refused.
    /// </summary>
    public static void BuildDecode(ReadOnlySpan<byte> lengths, int tables, Span<ushort> entries, Span<int> start, Span<int> bits)
    {
        Span<uint> codes = stackalloc uint[Slots];
        var offset = 0;
        for (var t = 0; t < tables; t++)
        {
            var a = Alphabet(t);
            var l = lengths.Slice(t * Slots, a);
            var width = Longest(l);
            long kraft = 0;
            foreach (var len in l)
            {
                if (len > 0)
                {
                    kraft += 1L << (width - len);
                }
            }

            if (kraft > 1L << width)
            {
                CodecThrow.Corrupt("coefficient code lengths do not form a prefix code");
            }

            var table = entries.Slice(offset, 1 << width);
            table.Clear();
            Huffman.Codes(l, codes[..a]);
            for (var s = 0; s < a; s++)
            {
                if (l[s] == 0)
                {
                    continue;
                }

                var entry = (ushort)((s << 4) | l[s]);
                for (var i = (int)codes[s]; i < table.Length; i += 1 << l[s])
                {
                    table[i] = entry;
                }
            }

            start[t] = offset;
            bits[t] = width;
            offset += table.Length;
        }
    }

    private static int Used(ReadOnlySpan<byte> l)
    {
        var n = l.Length;
        while (n > 0 && l[n - 1] == 0)
        {
            n--;
        }

        return n;
    }

    private static int Longest(ReadOnlySpan<byte> l)
    {
        var m = 0;
        foreach (var len in l)
        {
            m = Math.Max(m, len);
        }

        return m;
    }
}
