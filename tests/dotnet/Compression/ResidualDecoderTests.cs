using System.Buffers.Binary;
using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>
/// The residual decoders (multi-symbol at the Vector256/Vector512 levels, one token per lookup at the scalar
/// level) against the input and against each other, on value distributions chosen to reach every entry kind
/// of the multi-symbol table: long runs of 1-bit codes, 12-bit codes, bit-length classes up to 32 bits, zero
/// runs, single-symbol codes; and on random and damaged streams.
/// </summary>
public class ResidualDecoderTests
{
    private static readonly SimdLevel[] Levels = [SimdLevel.Scalar, SimdLevel.Vector256, SimdLevel.Vector512];

    private static readonly string[] Kinds =
        ["geometric", "dense", "uniform32", "classes", "runs", "single", "zeros", "skewed", "alternating", "wide"];

    private static T At<T>(SimdLevel level, Func<T> f) => SimdLevels.At(level, f);

    public static TheoryData<string, int> Cases()
    {
        var d = new TheoryData<string, int>();
        foreach (var kind in Kinds)
        {
            foreach (var n in new[] { 1, 5, 16, 17, 100, 1023, 4099, 70001, 262144 })
            {
                d.Add(kind, n);
            }
        }

        return d;
    }

    internal static int[] Make(string kind, int n, int seed)
    {
        var rng = new Random(seed);
        var v = new int[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = kind switch
            {
                // P(k) = 2^-(k+1): codes of 1, 2, 3, ... bits, eleven 1-bit codes fill a whole lookup.
                "geometric" => Math.Min(BitOperationsTrailingZeros(rng.Next() | (1 << 30)), 40),
                "dense" => rng.Next(100) < 97 ? rng.Next(7) : rng.Next(1 << rng.Next(6, 12)),
                "uniform32" => rng.Next(32),
                "classes" => (int)((uint)rng.NextInt64(0, 1L << rng.Next(0, 33)) | (rng.Next(2) == 0 ? 0u : 0x80000000u)),
                "runs" => rng.Next(1000) < 3 ? rng.Next(1, 40) : 0,
                "single" => 7,
                "zeros" => 0,

                // Fibonacci-like frequencies: the length limit makes many codes exactly 12 bits long.
                "skewed" => SkewedValue(rng.NextDouble()),
                "alternating" => (i & 1) == 0 ? 0 : 31,
                _ => rng.Next(4) == 0 ? rng.Next() : rng.Next(3),
            };
        }

        return v;
    }

    private static int BitOperationsTrailingZeros(int x) => System.Numerics.BitOperations.TrailingZeroCount(x);

    private static int SkewedValue(double u)
    {
        // P(k) proportional to 0.6^k over 0..58 (direct values and classes mixed).
        var p = 0.4;
        var k = 0;
        while (u > p && k < 58)
        {
            u -= p;
            p *= 0.6;
            k++;
        }

        return k < 32 ? k : 1 << (k - 26);
    }

    private static byte[] Encode(int[] v)
    {
        var dst = new byte[ResidualCoder.MaxEncodedSize(v.Length)];
        var len = ResidualCoder.Encode(v, dst);
        return dst[..len];
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_level_decodes_the_input(string kind, int n)
    {
        var v = Make(kind, n, n);
        var stream = Encode(v);
        foreach (var level in Levels)
        {
            var back = new int[n];
            var used = At(level, () => ResidualCoder.Decode(stream, back));
            Assert.Equal(stream.Length, used);
            Assert.True(v.AsSpan().SequenceEqual(back), $"{kind} n={n} at {level}");
        }
    }

    [Fact]
    public void Real_residuals_decode_at_every_level()
    {
        var data = CodecSamples.Load("u2d_vlate_512x512.f32");
        Simd.Range(data, out var min, out var max, out _);
        var delta = (float)(((double)max - min) / 511);
        var q = new int[data.Length];
        Simd.Quantize(data, min, 1f / delta, 0, 511, 0, q);
        Lorenzo.Forward(q, Dims.From([512, 512], q.Length));
        Simd.ZigZag(q);
        var stream = Encode(q);
        foreach (var level in Levels)
        {
            var back = new int[q.Length];
            At(level, () => ResidualCoder.Decode(stream, back));
            Assert.True(q.AsSpan().SequenceEqual(back), $"at {level}");
        }
    }

    /// <summary>
    /// Random bits under real code tables (complete codes: every bit string is a token sequence): the
    /// multi-symbol decoders must read exactly the tokens the one-token decoder reads.
    /// </summary>
    [Theory]
    [InlineData("geometric")]
    [InlineData("dense")]
    [InlineData("uniform32")]
    [InlineData("classes")]
    [InlineData("skewed")]
    [InlineData("wide")]
    public void Random_bits_decode_alike_at_every_level(string kind)
    {
        var rng = new Random(kind.Length);
        var code = Encode(Make(kind, 20000, 3));
        Assert.Equal(1, code[0]);
        foreach (var n in new[] { 64, 1000, 50000 })
        {
            var streams = new byte[4][];
            for (var k = 0; k < 4; k++)
            {
                // 43 bits per token at most: enough bits that the values, not the stream, run out.
                streams[k] = new byte[(n / 4 * 6) + 100];
                rng.NextBytes(streams[k]);
            }

            var forged = Forge(code.AsSpan(1, 44), streams);
            var reference = Outcome(SimdLevel.Scalar, forged, n);
            foreach (var level in Levels)
            {
                Assert.Equal(reference, Outcome(level, forged, n));
            }
        }
    }

    /// <summary>The decoded values, or the error (a zero run that overruns the array is the same token at every level).</summary>
    private static string Outcome(SimdLevel level, byte[] stream, int n)
    {
        var back = new int[n];
        try
        {
            At(level, () => ResidualCoder.Decode(stream, back));
            return string.Join(",", back);
        }
        catch (InvalidDataException e)
        {
            return e.Message;
        }
    }

    /// <summary>A Huffman-mode residual stream from 44 bytes of code lengths and four raw bit streams.</summary>
    private static byte[] Forge(ReadOnlySpan<byte> lengths, byte[][] streams)
    {
        var total = 1 + 44 + 16 + streams.Sum(s => s.Length + 16);
        var b = new byte[total];
        b[0] = 1;
        lengths.CopyTo(b.AsSpan(1));
        var p = 1 + 44 + 16;
        for (var k = 0; k < 4; k++)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(b.AsSpan(1 + 44 + (4 * k)), (uint)streams[k].Length);
            streams[k].CopyTo(b.AsSpan(p));
            p += streams[k].Length + 16;
        }

        return b;
    }

    /// <summary>Damaged and truncated streams: a clean InvalidDataException or some values, never a crash or hang.</summary>
    [Theory]
    [InlineData("dense")]
    [InlineData("runs")]
    [InlineData("classes")]
    [InlineData("geometric")]
    public void Damaged_streams_fail_cleanly_at_every_level(string kind)
    {
        var n = 30000;
        var stream = Encode(Make(kind, n, 5));
        var rng = new Random(2);
        var back = new int[n];
        foreach (var level in Levels)
        {
            for (var t = 0; t < 300; t++)
            {
                var bad = (byte[])stream.Clone();
                for (var k = 0; k < 1 + rng.Next(3); k++)
                {
                    var p = t < 100 ? rng.Next(Math.Min(bad.Length, 61)) : rng.Next(bad.Length);
                    bad[p] ^= (byte)(1 << rng.Next(8));
                }

                var len = t % 3 == 0 ? rng.Next(bad.Length + 1) : bad.Length;
                try
                {
                    At(level, () => ResidualCoder.Decode(bad.AsSpan(0, len), back));
                }
                catch (InvalidDataException)
                {
                }
            }
        }
    }
}
