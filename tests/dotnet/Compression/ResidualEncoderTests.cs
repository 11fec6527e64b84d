using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>
/// The residual writers: the Vector512 block writer (tokens merged into pairs and quads in registers, blocks
/// with tokens over 32 bits token by token) must write the scalar writer's bytes exactly, for the sampled
/// and the exact code, on every mix of token lengths.
/// </summary>
public class ResidualEncoderTests
{
    public static TheoryData<string, int> Cases()
    {
        var d = new TheoryData<string, int>();
        foreach (var kind in new[] { "geometric", "dense", "uniform32", "classes", "runs", "single", "zeros", "skewed", "alternating", "wide", "ramp" })
        {
            foreach (var n in new[] { 1, 16, 17, 100, 4099, 70001, 262144 })
            {
                d.Add(kind, n);
            }
        }

        return d;
    }

    private static int[] Make(string kind, int n) => kind == "ramp"
        ? Enumerable.Range(0, n).Select(i => (i * 2654435761u % 97 < 3) ? (int)(1u << (i % 32)) + (i % 7) : i % 23).ToArray()
        : ResidualDecoderTests.Make(kind, n, n + 1);

    [Theory]
    [MemberData(nameof(Cases))]
    public void Every_level_writes_the_scalar_bytes(string kind, int n)
    {
        var v = Make(kind, n);
        var buffer = new byte[ResidualCoder.MaxEncodedSize(n)];
        byte[] Sampled() => buffer[..ResidualCoder.Encode(v, buffer)];
        byte[] Exact() => buffer[..ResidualCoder.EncodeExact(v, buffer)];
        var sampled = SimdLevels.At(SimdLevel.Scalar, Sampled);
        var exact = SimdLevels.At(SimdLevel.Scalar, Exact);
        foreach (var level in SimdLevels.All)
        {
            Assert.Equal(sampled, SimdLevels.At(level, Sampled));
            Assert.Equal(exact, SimdLevels.At(level, Exact));
        }

        var back = new int[n];
        ResidualCoder.Decode(sampled, back);
        Assert.Equal(v, back);
        ResidualCoder.Decode(exact, back);
        Assert.Equal(v, back);
    }

    /// <summary>
    /// Merged tokens of exactly 64 bits with the top bit set, at the start of a stream (an empty accumulator):
    /// 32 equally frequent symbols give 5-bit codes, so values of 2^12 - 1 are 16-bit tokens (quads of 64 bits)
    /// and values of 2^28 - 1 are 32-bit tokens (pairs of 64 bits), appended whole to an empty accumulator (no
    /// bit may spill). The tokens after them are values 0, whose code is all zero bits: a stray bit would show. (Exact code:
    /// arrays below <see cref="ResidualCoder.SampleMin"/>, so that every code is 5 bits long.)
    /// </summary>
    [Theory]
    [InlineData(1 << 14)]
    [InlineData(60000)]
    public void Merged_tokens_of_64_bits_are_split(int n)
    {
        var rng = new Random(n);
        int[] classes = [6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20, 28];
        var v = new int[n];
        for (var i = 0; i < n; i++)
        {
            var s = rng.Next(32);
            v[i] = s < 16 ? s : (1 << (classes[s - 16] - 1)) + rng.Next(1 << (classes[s - 16] - 1));
        }

        for (var k = 0; k < 4; k++)
        {
            var start = n / 4 * k;
            v.AsSpan(start, 4).Fill((1 << 12) - 1);
            v.AsSpan(start + 4, 11).Clear();
            v[start + 15] = 1;
            v.AsSpan(start + 16, 2).Fill((1 << 28) - 1);
            v.AsSpan(start + 18, 13).Clear();
            v[start + 31] = 1;
        }

        var buffer = new byte[ResidualCoder.MaxEncodedSize(n)];
        byte[] Exact() => buffer[..ResidualCoder.EncodeExact(v, buffer)];
        var scalar = SimdLevels.At(SimdLevel.Scalar, Exact);
        Assert.Equal(scalar, SimdLevels.At(SimdLevel.Vector512, Exact));
        var back = new int[n];
        ResidualCoder.Decode(scalar, back);
        Assert.Equal(v, back);
    }
}
