using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

public class CodecAdversarialTests
{
    public static TheoryData<string> AllConfigs()
    {
        var d = new TheoryData<string>();
        foreach (var c in CodecSamples.Configs)
        {
            d.Add(c);
        }

        return d;
    }

    public static TheoryData<string> ExactConfigs() => ["""{"id":"noop"}""", """{"id":"lossless"}""", """{"id":"lossless","mode":"compact"}"""];

    private static float[] RoundTrip(ICheckpointCodec codec, float[] data, int[] shape) =>
        CodecSamples.Decode(codec, CodecSamples.Encode(codec, data, shape), data.Length);

    private static void AssertWithinBound(ICheckpointCodec codec, float[] data, float[] back)
    {
        var max = CodecSamples.MaxAbs(data);
        var err = CodecSamples.MaxError(data, back);
        switch (codec)
        {
            case NoopCodec or LosslessCodec:
                Assert.True(CodecSamples.BitEqual(data, back));
                break;
            case BitcompCodec b:
                var range = data.Max() - (double)data.Min();
                if (b.ZeroExact)
                {
                    range = Math.Max(data.Max(), 0) - (double)Math.Min(data.Min(), 0);
                }

                var delta = range / ((1 << b.Nbits) - (b.ZeroExact ? 2 : 1));
                Assert.True(err <= (delta / 2) + (4 * max * 1.2e-7) + 1e-45, $"max error {err} exceeds delta/2 = {delta / 2}");
                break;
            case CvxCompressCodec cvx:
                // No hard bound: the error follows the quantization step (0.26 · compscale · max|u|, per band / gain).
                Assert.True(err <= cvx.Compscale * max, $"max error {err} exceeds compscale · max|u| = {cvx.Compscale * max}");
                break;
            case BoundedCodec bc:
                Assert.True(err <= bc.ToleranceFor(data), $"max error {err} exceeds {bc.ToleranceFor(data)}");
                break;
        }
    }

    [Theory]
    [MemberData(nameof(AllConfigs))]
    public void Constant_zero_single_and_tiny_arrays_round_trip(string config)
    {
        var codec = CodecFactory.FromConfig(config);
        foreach (var (data, shape) in new (float[], int[])[]
        {
            (new float[1000], [10, 100]),
            (Enumerable.Repeat(3.25e-6f, 4096).ToArray(), [16, 16, 16]),
            (Enumerable.Repeat(-7f, 17).ToArray(), [17]),
            ([1.5e-7f], [1]),
            ([0f], [1, 1, 1]),
            ([1f, -1f, 0f], [3]),
        })
        {
            var back = RoundTrip(codec, data, shape);
            AssertWithinBound(codec, data, back);
            if (data.All(v => v == data[0]) && codec is not (BoundedCodec or CvxCompressCodec))
            {
                Assert.All(back, v => Assert.Equal(data[0], v));
            }
        }
    }

    [Theory]
    [MemberData(nameof(AllConfigs))]
    public void Random_noise_and_denormals_stay_within_bounds(string config)
    {
        var codec = CodecFactory.FromConfig(config);
        var rng = new Random(42);
        var noise = new float[64 * 33];
        foreach (ref var v in noise.AsSpan())
        {
            v = (float)((rng.NextDouble() * 2) - 1) * 1e-6f;
        }

        AssertWithinBound(codec, noise, RoundTrip(codec, noise, [64, 33]));
        var denormal = new float[1000];
        for (var i = 0; i < denormal.Length; i++)
        {
            denormal[i] = BitConverter.UInt32BitsToSingle((uint)rng.Next(1, 0x7FFFFF)) * (i % 2 == 0 ? 1 : -1);
        }

        AssertWithinBound(codec, denormal, RoundTrip(codec, denormal, [1000]));
        var wild = new float[777];
        for (var i = 0; i < wild.Length; i++)
        {
            wild[i] = (float)(Math.Pow(10, rng.Next(-30, 30)) * (rng.NextDouble() - 0.5));
        }

        AssertWithinBound(codec, wild, RoundTrip(codec, wild, [777]));
    }

    [Theory]
    [MemberData(nameof(ExactConfigs))]
    public void Exact_codecs_keep_every_bit_pattern(string config)
    {
        var codec = CodecFactory.FromConfig(config);
        var rng = new Random(7);
        var data = new float[5000];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = BitConverter.Int32BitsToSingle(rng.Next() ^ (rng.Next() << 1));
        }

        data[0] = float.NaN;
        data[1] = float.PositiveInfinity;
        data[2] = float.NegativeInfinity;
        data[3] = -0f;
        data[4] = BitConverter.UInt32BitsToSingle(0x7FC12345);
        Assert.True(CodecSamples.BitEqual(data, RoundTrip(codec, data, [50, 100])));
    }

    [Fact]
    public void Bitcomp_refuses_nan_and_infinity_naming_the_element()
    {
        var data = new float[100];
        data[42] = float.NaN;
        var e = Assert.Throws<ArgumentException>(() => CodecSamples.Encode(new BitcompCodec(), data, [100]));
        Assert.Contains("element 42", e.Message, StringComparison.Ordinal);
        data[42] = float.NegativeInfinity;
        Assert.Throws<ArgumentException>(() => CodecSamples.Encode(new BitcompCodec(entropy: true), data, [100]));
    }

    [Fact]
    public void Bounded_keeps_nan_and_infinity_exactly_and_bounds_the_rest()
    {
        var data = CodecSamples.Load("u2d_vlate_512x512.f32");
        data[5] = float.NaN;
        data[77] = float.PositiveInfinity;
        data[1000] = float.NegativeInfinity;
        var codec = new BoundedCodec(relTolerance: 1e-3);
        var back = RoundTrip(codec, data, [512, 512]);
        Assert.True(float.IsNaN(back[5]));
        Assert.Equal(float.PositiveInfinity, back[77]);
        Assert.Equal(float.NegativeInfinity, back[1000]);
        var tol = codec.ToleranceFor(data);
        for (var i = 0; i < data.Length; i++)
        {
            if (float.IsFinite(data[i]))
            {
                Assert.True(Math.Abs((double)data[i] - back[i]) <= tol);
            }
        }
    }

    [Fact]
    public void Bounded_with_a_tolerance_below_float_resolution_stays_exact_enough()
    {
        var data = CodecSamples.Load("u3d_late_64x64x64.f32");
        var codec = new BoundedCodec(tolerance: 1e-14);
        var back = RoundTrip(codec, data, [64, 64, 64]);
        Assert.True(CodecSamples.MaxError(data, back) <= 1e-14);
    }

    [Theory]
    [InlineData("""{"id":"lossless"}""")]
    [InlineData("""{"id":"bitcomp","nbits":9}""")]
    [InlineData("""{"id":"bitcomp","nbits":9,"entropy":true}""")]
    [InlineData("""{"id":"bounded","rel_tolerance":1e-3}""")]
    public void Large_arrays_of_64_MiB_round_trip(string config)
    {
        var codec = CodecFactory.FromConfig(config);
        var sample = CodecSamples.Load("u2d_vlate_512x512.f32");
        var data = new float[16 * 1024 * 1024];
        for (var k = 0; k < 64; k++)
        {
            sample.CopyTo(data.AsSpan(k * sample.Length));
        }

        var back = RoundTrip(codec, data, [4096, 4096]);
        AssertWithinBound(codec, data, back);
    }

    [Fact]
    public void Bad_parameters_name_the_parameter()
    {
        Assert.Equal("nbits", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"bitcomp","nbits":25}""")).ParamName);
        Assert.Equal("nbits", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"bitcomp","nbits":1,"zero_exact":true}""")).ParamName);
        Assert.Equal("nbits", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"bitcomp","nbits":"9"}""")).ParamName);
        Assert.Equal("tolerance", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"bounded","tolerance":-1}""")).ParamName);
        Assert.Equal("rel_tolerance", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"bounded","rel_tolerance":2}""")).ParamName);
        Assert.Equal("level", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"lossless","level":2}""")).ParamName);
        Assert.Equal("id", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"zstd"}""")).ParamName);
    }
}
