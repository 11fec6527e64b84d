using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>The residual coder's sampled-histogram encoder and fast decoder on inputs built to defeat them.</summary>
public class ResidualCoderTests
{
    private const int N = 1 << 18;

    private static int[] RoundTrip(int[] v)
    {
        var dst = new byte[ResidualCoder.MaxEncodedSize(v.Length)];
        var len = ResidualCoder.Encode(v, dst);
        Assert.True(len <= ResidualCoder.MaxEncodedSize(v.Length));
        var back = new int[v.Length];
        Assert.Equal(len, ResidualCoder.Decode(dst.AsSpan(0, len), back));
        Assert.Equal(v, back);
        return [len, ResidualCoder.EncodeExact(v, new byte[dst.Length])];
    }

    /// <summary>Small values where the sample looks, anything elsewhere: the code from the sample cannot hold them.</summary>
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void Sampled_code_falls_back_when_the_sample_misleads(int kind)
    {
        var rng = new Random(kind);
        var v = new int[N];
        for (var i = 0; i < N; i++)
        {
            var chunk = i / 256;
            var quiet = chunk % 2 == 0;
            v[i] = kind switch
            {
                0 => quiet ? rng.Next(4) : rng.Next(),                       // large classes outside the sample
                1 => quiet ? rng.Next(1, 4) : 0,                             // zero runs only outside the sample
                2 => rng.Next(3) == 0 ? rng.Next() : rng.Next(8),            // incompressible: raw
                _ => i % 7 == 0 ? int.MaxValue : rng.Next(2),                // the widest class everywhere
            };
        }

        var sizes = RoundTrip(v);
        Assert.True(sizes[0] <= sizes[1] * 1.05 + 64, $"sampled {sizes[0]} bytes, exact {sizes[1]}");
    }

    [Fact]
    public void A_destination_shorter_than_the_worst_case_is_refused_not_overrun()
    {
        var values = new int[1000];
        new Random(1).NextBytes(System.Runtime.InteropServices.MemoryMarshal.AsBytes(values.AsSpan()));
        var dst = new byte[ResidualCoder.MaxEncodedSize(values.Length) - 1];
        var e = Assert.Throws<ArgumentException>(() => ResidualCoder.Encode(values, dst));
        Assert.Equal("dst", e.ParamName);
    }

    [Fact]
    public void Sampled_code_matches_the_exact_one_on_smooth_residuals()
    {
        var rng = new Random(9);
        var v = new int[N];
        for (var i = 0; i < N; i++)
        {
            var g = Math.Abs(rng.NextDouble() + rng.NextDouble() - 1) * 40 * (1 + Math.Sin(i * 1e-4));
            v[i] = i % 5000 < 300 ? 0 : (int)g;
        }

        var sizes = RoundTrip(v);
        Assert.True(sizes[0] <= sizes[1] * 1.02, $"sampled {sizes[0]} bytes, exact {sizes[1]}");
        Assert.True(ResidualCoder.EncodeSampled(v, new byte[ResidualCoder.MaxEncodedSize(N)], out _));
    }

    [Theory]
    [InlineData(ResidualCoder.SampleMin - 1)]
    [InlineData(ResidualCoder.SampleMin)]
    [InlineData(ResidualCoder.SampleMin + 1027)]
    public void Lengths_around_the_sampling_threshold_round_trip(int n)
    {
        var rng = new Random(n);
        var v = new int[n];
        for (var i = 0; i < n; i++)
        {
            v[i] = i % 3000 < 100 ? 0 : rng.Next(1 << (i % 13));
        }

        RoundTrip(v);
    }
}

/// <summary>The decoder's two-values-per-lookup table against every mix of code lengths, and damaged streams.</summary>
public class ResidualDecodeTests
{
    [Theory]
    [InlineData(2, 1000)]
    [InlineData(3, 4099)]
    [InlineData(8, 70001)]
    [InlineData(40, 300007)]
    public void Pairs_of_short_codes_and_single_tokens_decode_exactly(int spread, int n)
    {
        var rng = new Random(spread * n);
        var v = new int[n];
        for (var i = 0; i < n; i++)
        {
            // Skewed small values (pairs), some classes with extra bits, runs of several lengths.
            var r = rng.Next(100);
            v[i] = r < 85 ? (int)Math.Min(31, Math.Abs(rng.NextDouble() - rng.NextDouble()) * spread) : r < 95 ? rng.Next(1 << rng.Next(31)) : 0;
            if (r == 99)
            {
                var run = Math.Min(n - i, 16 << rng.Next(6));
                Array.Clear(v, i, run);
                i += run - 1;
            }
        }

        var dst = new byte[ResidualCoder.MaxEncodedSize(n)];
        var len = ResidualCoder.Encode(v, dst);
        var back = new int[n];
        ResidualCoder.Decode(dst.AsSpan(0, len), back);
        Assert.Equal(v, back);

        // Every truncation point near the end and flipped bytes: a clean InvalidDataException or a decode, never a crash.
        for (var cut = Math.Max(1, len - 40); cut < len; cut++)
        {
            try
            {
                ResidualCoder.Decode(dst.AsSpan(0, cut), back);
            }
            catch (InvalidDataException)
            {
            }
        }

        for (var k = 0; k < 200; k++)
        {
            var bad = dst.AsSpan(0, len).ToArray();
            bad[rng.Next(1, len)] ^= (byte)(1 << rng.Next(8));
            try
            {
                ResidualCoder.Decode(bad, back);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}
