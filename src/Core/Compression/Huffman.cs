using System.Runtime.CompilerServices;
namespace PyRevolveNet.Compression;

/// <summary>
/// Length-limited canonical Huffman codes over a small alphabet, written least-significant bit first so that
/// the decoder resolves any code with one lookup into a 2^<see cref="MaxBits"/> table.
/// </summary>
internal static class Huffman
{
    public const int MaxBits = 12;

    /// <summary>Code lengths (0 = unused) for the frequencies, none longer than <see cref="MaxBits"/>.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BuildLengths(ReadOnlySpan<long> freq, Span<byte> lengths)
    {
        var a = freq.Length;
        lengths.Clear();
        Span<int> symbols = stackalloc int[a];
        var m = 0;
        for (var s = 0; s < a; s++)
        {
            if (freq[s] > 0)
            {
                symbols[m++] = s;
            }
        }

        if (m == 0)
        {
            return;
        }

        if (m == 1)
        {
            lengths[symbols[0]] = 1;
            return;
        }

        Span<long> weight = stackalloc long[2 * m];
        Span<int> parent = stackalloc int[2 * m];
        Span<bool> alive = stackalloc bool[2 * m];
        for (var s = 0; s < m; s++)
        {
            weight[s] = freq[symbols[s]];
        }

        while (true)
        {
            alive.Clear();
            alive[..m].Fill(true);
            var next = m;
            for (var live = m; live > 1; live--)
            {
                int x = -1, y = -1;
                for (var t = 0; t < next; t++)
                {
                    if (!alive[t])
                    {
                        continue;
                    }

                    if (x < 0 || weight[t] < weight[x])
                    {
                        y = x;
                        x = t;
                    }
                    else if (y < 0 || weight[t] < weight[y])
                    {
                        y = t;
                    }
                }

                weight[next] = weight[x] + weight[y];
                parent[x] = parent[y] = next;
                alive[x] = alive[y] = false;
                alive[next] = true;
                next++;
            }

            var root = next - 1;
            var longest = 0;
            for (var s = 0; s < m; s++)
            {
                var depth = 0;
                for (var t = s; t != root; t = parent[t])
                {
                    depth++;
                }

                lengths[symbols[s]] = (byte)depth;
                longest = Math.Max(longest, depth);
            }

            if (longest <= MaxBits)
            {
                return;
            }

            // Flatten the distribution and rebuild: rare symbols get shorter codes, at a small cost in ratio.
            for (var s = 0; s < m; s++)
            {
                weight[s] = (weight[s] >> 1) | 1;
            }
        }
    }

    /// <summary>Canonical codes, bit-reversed for a least-significant-bit-first stream.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Codes(ReadOnlySpan<byte> lengths, Span<uint> codes)
    {
        Span<int> count = stackalloc int[MaxBits + 1];
        foreach (var l in lengths)
        {
            count[l]++;
        }

        count[0] = 0;
        Span<uint> next = stackalloc uint[MaxBits + 2];
        uint code = 0;
        for (var bits = 1; bits <= MaxBits; bits++)
        {
            code = (code + (uint)count[bits - 1]) << 1;
            next[bits] = code;
        }

        for (var s = 0; s < lengths.Length; s++)
        {
            var l = lengths[s];
            codes[s] = l == 0 ? 0 : Reverse(next[l]++, l);
        }
    }

    /// <summary>Decode table: entry = symbol &lt;&lt; 4 | length; 0 marks a bit pattern that is no code.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void BuildDecodeTable(ReadOnlySpan<byte> lengths, Span<ushort> table)
    {
        long kraft = 0;
        foreach (var l in lengths)
        {
            if (l > MaxBits)
            {
                CodecThrow.Corrupt($"Huffman code length {l} exceeds {MaxBits}");
            }

            if (l > 0)
            {
                kraft += 1L << (MaxBits - l);
            }
        }

        if (kraft > 1L << MaxBits)
        {
            CodecThrow.Corrupt("Huffman code lengths do not form a prefix code");
        }

        table.Clear();
        Span<uint> codes = stackalloc uint[lengths.Length];
        Codes(lengths, codes);
        for (var s = 0; s < lengths.Length; s++)
        {
            var l = lengths[s];
            if (l == 0)
            {
                continue;
            }

            var entry = (ushort)((s << 4) | l);
            for (var i = (int)codes[s]; i < 1 << MaxBits; i += 1 << l)
            {
                table[i] = entry;
            }
        }
    }

    private static uint Reverse(uint code, int bits)
    {
        uint r = 0;
        for (var i = 0; i < bits; i++)
        {
            r = (r << 1) | ((code >> i) & 1);
        }

        return r;
    }
}
