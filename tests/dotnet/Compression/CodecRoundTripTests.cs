using PyRevolveNet.Compression;
using Xunit.Abstractions;

namespace PyRevolveNet.Tests.Compression;

public class CodecRoundTripTests(ITestOutputHelper output)
{
    public static TheoryData<string, string> Cases()
    {
        var d = new TheoryData<string, string>();
        foreach (var (file, _) in CodecSamples.Files)
        {
            foreach (var c in CodecSamples.Configs)
            {
                d.Add(file, c);
            }
        }

        return d;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Sample_round_trip_respects_the_codec_bound(string file, string config)
    {
        var shape = CodecSamples.Files.Single(f => f.File == file).Shape;
        var data = CodecSamples.Load(file);
        var codec = CodecFactory.FromConfig(config);
        var stream = CodecSamples.Encode(codec, data, shape);
        var back = CodecSamples.Decode(codec, stream, data.Length);
        var max = CodecSamples.MaxAbs(data);
        var err = CodecSamples.MaxError(data, back);
        var ratio = data.Length * 4.0 / stream.Length;
        output.WriteLine($"{file} {config}: ratio {ratio:F2}, max err {err / max:E2}·max, rel L2 {CodecSamples.RelativeL2(data, back):E2}");
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
                Assert.True(err <= (delta / 2) + (4 * max * 1.2e-7), $"max error {err} exceeds delta/2 = {delta / 2}");
                Assert.Equal(b.Entropy ? ratio : 32.0 / b.Nbits, ratio, 1);
                if (b.ZeroExact)
                {
                    for (var i = 0; i < data.Length; i++)
                    {
                        if (data[i] == 0)
                        {
                            Assert.Equal(0f, back[i]);
                        }
                    }
                }

                break;
            case CvxCompressCodec cvx:
                // No hard bound: the error follows the quantization step (0.26 · compscale · max|u|, per band / gain).
                Assert.True(err <= cvx.Compscale * max, $"max error {err} exceeds compscale · max|u| = {cvx.Compscale * max}");
                break;
            case BoundedCodec bc:
                Assert.True(err <= bc.ToleranceFor(data), $"max error {err} exceeds the bound {bc.ToleranceFor(data)}");
                break;
        }
    }

    [Fact]
    public void Bitcomp_zero_exact_keeps_quiet_cells_exactly_zero()
    {
        var data = CodecSamples.Load("u2d_mid_512x512.f32");
        data.AsSpan(0, 1000).Clear();
        var codec = new BitcompCodec(9, zeroExact: true);
        var back = CodecSamples.Decode(codec, CodecSamples.Encode(codec, data, [512, 512]), data.Length);
        Assert.All(back[..1000], v => Assert.Equal(0f, v));
        var plain = new BitcompCodec(9);
        var back2 = CodecSamples.Decode(plain, CodecSamples.Encode(plain, data, [512, 512]), data.Length);
        Assert.Contains(back2[..1000], v => v != 0);
    }

    [Fact]
    public void Bitcomp_entropy_and_packed_decode_to_the_same_values()
    {
        var data = CodecSamples.Load("u2d_vlate_512x512.f32");
        var a = new BitcompCodec(9, entropy: false);
        var b = new BitcompCodec(9, entropy: true);
        var x = CodecSamples.Decode(a, CodecSamples.Encode(a, data, [512, 512]), data.Length);
        var y = CodecSamples.Decode(b, CodecSamples.Encode(b, data, [512, 512]), data.Length);
        Assert.True(CodecSamples.BitEqual(x, y));
    }

    [Fact]
    public void Bounded_with_absolute_tolerance_respects_it()
    {
        var data = CodecSamples.Load("u3d_late_64x64x64.f32");
        var tol = 1e-3 * CodecSamples.MaxAbs(data);
        var codec = new BoundedCodec(tolerance: tol);
        var back = CodecSamples.Decode(codec, CodecSamples.Encode(codec, data, [64, 64, 64]), data.Length);
        Assert.True(CodecSamples.MaxError(data, back) <= tol);
    }

    [Fact]
    public void Decode_refuses_a_stream_of_another_codec()
    {
        var data = CodecSamples.Load("u3d_late_64x64x64.f32");
        var stream = CodecSamples.Encode(new NoopCodec(), data, [64, 64, 64]);
        var e = Assert.Throws<InvalidDataException>(() => new LosslessCodec().Decode(stream, new float[data.Length]));
        Assert.Contains("noop", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Decode_into_a_wrong_sized_buffer_is_an_argument_error()
    {
        var data = new float[100];
        var stream = CodecSamples.Encode(new LosslessCodec(), data, [10, 10]);
        Assert.Throws<ArgumentException>(() => new LosslessCodec().Decode(stream, new float[99]));
    }

    [Fact]
    public void Encode_checks_shape_and_destination()
    {
        var codec = new NoopCodec();
        var data = new float[12];
        Assert.Throws<ArgumentException>(() => codec.Encode(data, [5, 2], new byte[codec.MaxEncodedSize(12)]));
        Assert.Throws<ArgumentException>(() => codec.Encode(data, [1, 2, 3, 2], new byte[codec.MaxEncodedSize(12)]));
        Assert.Throws<ArgumentException>(() => codec.Encode(data, [12], new byte[10]));
    }

    [Fact]
    public void Cvxcompress_parallel_blocks_give_the_same_stream()
    {
        var data = CodecSamples.Load("u3d_late_64x64x64.f32");
        var one = CodecSamples.Encode(new CvxCompressCodec(1e-3, 16, threads: 1), data, [64, 64, 64]);
        var all = CodecSamples.Encode(new CvxCompressCodec(1e-3, 16, threads: 0), data, [64, 64, 64]);
        Assert.Equal(one, all);
        var back = new float[data.Length];
        new CvxCompressCodec(threads: 0).Decode(all, back);
        Assert.True(CodecSamples.BitEqual(back, CodecSamples.Decode(new CvxCompressCodec(), one, data.Length)));
    }

    [Fact]
    public void Cvxcompress_error_shrinks_with_compscale_and_odd_shapes_work()
    {
        var data = CodecSamples.Load("u2d_vlate_512x512.f32")[..(300 * 190)];
        var previous = double.MaxValue;
        foreach (var cs in new[] { 1e-2, 1e-3, 1e-4 })
        {
            var codec = new CvxCompressCodec(cs);
            var back = CodecSamples.Decode(codec, CodecSamples.Encode(codec, data, [300, 190]), data.Length);
            var l2 = CodecSamples.RelativeL2(data, back);
            Assert.True(l2 < previous / 3, $"compscale {cs}: rel L2 {l2}");
            previous = l2;
        }
    }
}
