using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>Every SIMD level gives the scalar path's bytes and values exactly.</summary>
public class SimdPathTests
{
    private static readonly SimdLevel[] Levels = [SimdLevel.Scalar, SimdLevel.Vector256, SimdLevel.Vector512];

    private static T At<T>(SimdLevel level, Func<T> f) => SimdLevels.At(level, f);

    [Fact]
    public void Kernels_agree_with_scalar()
    {
        var rng = new Random(5);
        var x = new float[1000 + 13];
        foreach (ref var v in x.AsSpan())
        {
            v = (float)(rng.NextDouble() - 0.3) * 1e-5f;
        }

        var ints = x.Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
        var reference = Run(SimdLevel.Scalar);
        foreach (var level in Levels)
        {
            var r = Run(level);
            for (var k = 0; k < reference.Length; k++)
            {
                Assert.Equal(reference[k], r[k]);
            }
        }

        string[] Run(SimdLevel level) => At(level, () =>
        {
            Simd.Range(x, out var lo, out var hi, out var abs);
            var q = new int[x.Length];
            Simd.Quantize(x, lo, 1f / 3e-8f, 0, 511, 3, q);
            var f = new float[x.Length];
            Simd.Dequantize(q, -3, 3e-8f, lo, f);
            var d = new int[x.Length];
            Simd.Subtract(ints, q, d);
            var a = (int[])ints.Clone();
            Simd.AddInPlace(a, q);
            var z = (int[])ints.Clone();
            Simd.ZigZag(z);
            var u = (int[])z.Clone();
            Simd.UnZigZag(u);
            var o = new int[x.Length];
            Simd.ToOrdered(x, o);
            var back = (int[])o.Clone();
            Simd.FromOrdered(back);
            var outl = new int[x.Length];
            var nout = BoundedCodec.FindOutliers(x, q, 1e-8f, 2e-9f, outl);
            return new[] { $"{lo}{hi}{abs}", string.Join(",", q), string.Join(",", f.Select(BitConverter.SingleToInt32Bits)), string.Join(",", d),
                string.Join(",", a), string.Join(",", z), string.Join(",", u), string.Join(",", o), string.Join(",", back), string.Join(",", outl[..nout]) };
        });
    }

    [Fact]
    public void Streams_and_decoded_values_are_identical_at_every_level()
    {
        var data = CodecSamples.Load("u2d_mid_512x512.f32");
        foreach (var config in CodecSamples.Configs)
        {
            var codec = CodecFactory.FromConfig(config);
            var reference = At(SimdLevel.Scalar, () => CodecSamples.Encode(codec, data, [512, 512]));
            var refBack = At(SimdLevel.Scalar, () => CodecSamples.Decode(codec, reference, data.Length));
            foreach (var level in Levels)
            {
                Assert.Equal(reference, At(level, () => CodecSamples.Encode(codec, data, [512, 512])));
                Assert.True(CodecSamples.BitEqual(refBack, At(level, () => CodecSamples.Decode(codec, reference, data.Length))), $"{config} at {level}");
            }
        }
    }

    /// <summary>
    /// The wavelet's vector paths (permute lines of 8/16/32 along the contiguous axis, inlined row lifting on the
    /// others) against the scalar lines: every rank, block size and ragged edge, streams and decoded values.
    /// </summary>
    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void Wavelet_paths_match_scalar_for_every_rank_and_block(int block)
    {
        var rng = new Random(block);
        int[][] shapes = [[1000], [1, 700], [37, 90], [70, 70], [5, 33, 41], [40, 1, 70], [33, 40, 65]];
        foreach (var shape in shapes)
        {
            var n = shape.Aggregate(1, (a, b) => a * b);
            var data = new float[n];
            for (var i = 0; i < n; i++)
            {
                data[i] = (float)(Math.Sin(i * 0.013) + (0.1 * (rng.NextDouble() - 0.5)));
            }

            var codec = new CvxCompressCodec(1e-3, block);
            var reference = At(SimdLevel.Scalar, () => CodecSamples.Encode(codec, data, shape));
            var refBack = At(SimdLevel.Scalar, () => CodecSamples.Decode(codec, reference, n));

            // Thin and ragged arrays pad to far more coefficients than values (a regression: the coder once
            // overran the payload there); they still decode within compscale · max|u|.
            var err = data.Zip(refBack, (a, b) => Math.Abs(a - b)).Max();
            Assert.True(err <= 1e-3 * CodecSamples.MaxAbs(data), $"block {block}, shape [{string.Join(",", shape)}]: max error {err}");
            foreach (var level in Levels)
            {
                var label = $"block {block}, shape [{string.Join(",", shape)}], {level}";
                Assert.True(reference.AsSpan().SequenceEqual(At(level, () => CodecSamples.Encode(codec, data, shape))), label);
                Assert.True(CodecSamples.BitEqual(refBack, At(level, () => CodecSamples.Decode(codec, reference, n))), label);
            }
        }
    }
}
