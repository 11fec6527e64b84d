using System.Buffers.Binary;
using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>
/// cvxcompress format 2: the coefficient coder on its own (every bit width, every SIMD level), the band gains,
/// the ratio against CvxCompress's reference numbers at equal error, and damaged or forged streams.
/// </summary>
public class CvxCompressFormatTests
{
    private static readonly SimdLevel[] Levels = SimdLevels.All;

    private static T At<T>(SimdLevel level, Func<T> f) => SimdLevels.At(level, f);

    /// <summary>Units of every kind: empty, ±1 patterns, each width 2..30 (up to the clamp), mixed signs.</summary>
    private static int[] Coefficients(BandPlan plan, Span<int> units, int seed)
    {
        var rng = new Random(seed);
        var total = 0;
        for (var b = 0; b < plan.Bands.Length; b++)
        {
            units[b] = 3 + rng.Next(40);
            total += units[b] * CoefficientCoder.UnitSize;
        }

        var q = new int[total];
        for (var u = 0; u < total / CoefficientCoder.UnitSize; u++)
        {
            var kind = rng.Next(4);
            for (var g = 0; g < 4; g++)
            {
                var w = kind == 0 ? 0 : kind == 1 ? rng.Next(2) : rng.Next(31);
                for (var k = 0; k < 4; k++)
                {
                    var limit = w == 0 ? 0 : (1 << w) - 1;
                    var v = rng.Next(2) == 0 ? 0 : (int)Math.Min(rng.NextInt64(limit + 1L), 1073741760);
                    q[(u * 16) + (4 * g) + k] = rng.Next(2) == 0 ? v : -v;
                }
            }
        }

        return q;
    }

    private static byte[] Encode(BandPlan plan, int[] q, int[] units, out byte[] lengths, out int[] sizes)
    {
        var tables = plan.Classes * CoefficientCoder.TablesPerClass;
        var stats = new int[CoefficientCoder.StatsLength(plan.Classes)];
        var desc = new ulong[q.Length / CoefficientCoder.UnitSize];
        CoefficientCoder.Count(q, plan, units, desc, stats);
        var counts = stats[..(tables * CoefficientCoder.Slots)].Select(c => (long)c).ToArray();
        lengths = new byte[counts.Length];
        var codes = new uint[counts.Length];
        CoefficientTables.Build(counts, tables, lengths, codes);
        long codeBits = 0;
        for (var i = 0; i < counts.Length; i++)
        {
            codeBits += counts[i] * lengths[i];
        }

        sizes = [(int)CoefficientCoder.StreamBytes(codeBits), (int)CoefficientCoder.StreamBytes(stats[^2]), (int)CoefficientCoder.StreamBytes(stats[^1])];
        var streams = new byte[sizes.Sum()];
        CoefficientCoder.EmitCodes(desc, plan, units, codes, streams.AsSpan(0, sizes[0]));
        CoefficientCoder.EmitValues(q, desc, streams.AsSpan(sizes[0], sizes[1]), streams.AsSpan(sizes[0] + sizes[1], sizes[2]));
        return streams;
    }

    private static int[] Decode(BandPlan plan, byte[] streams, int[] units, byte[] lengths, int[] sizes, int count)
    {
        var tables = plan.Classes * CoefficientCoder.TablesPerClass;
        var entries = new ushort[CoefficientTables.DecodeSize(lengths, tables)];
        var start = new int[2 * tables];
        CoefficientTables.BuildDecode(lengths, tables, entries, start.AsSpan(0, tables), start.AsSpan(tables));
        var q = new int[count];
        var desc = new uint[count / CoefficientCoder.UnitSize];
        var s = streams.AsSpan();
        CoefficientCoder.Decode(s[..sizes[0]], s.Slice(sizes[0], sizes[1]), s.Slice(sizes[0] + sizes[1], sizes[2]), plan, units, new CoefficientCoder.DecodeTables(entries, start.AsSpan(0, tables), start.AsSpan(tables)), desc, q);
        return q;
    }

    [Theory]
    [InlineData(1, 8)]
    [InlineData(2, 32)]
    [InlineData(3, 16)]
    [InlineData(3, 64)]
    public void Coder_round_trips_every_width_and_levels_agree(int rank, int side)
    {
        var plan = BandPlan.For(rank, side);
        var units = new int[plan.Bands.Length];
        var q = Coefficients(plan, units, 7 * rank * side);
        var reference = At(SimdLevel.Scalar, () => Encode(plan, q, units, out _, out _));
        foreach (var level in Levels)
        {
            byte[] lengths = [];
            int[] sizes = [];
            var streams = At(level, () => Encode(plan, q, units, out lengths, out sizes));
            Assert.Equal(reference, streams);
            foreach (var decodeLevel in Levels)
            {
                Assert.Equal(q, At(decodeLevel, () => Decode(plan, streams, units, lengths, sizes, q.Length)));
            }
        }
    }

    [Fact]
    public void Coder_refuses_damaged_streams_at_every_level()
    {
        var plan = BandPlan.For(2, 16);
        var units = new int[plan.Bands.Length];
        var q = Coefficients(plan, units, 5);
        var streams = Encode(plan, q, units, out var lengths, out var sizes);
        var rng = new Random(9);
        foreach (var level in Levels)
        {
            for (var t = 0; t < 200; t++)
            {
                var bad = (byte[])streams.Clone();
                bad[rng.Next(bad.Length)] ^= (byte)(1 << rng.Next(8));
                var cut = (int[])sizes.Clone();
                if (t % 4 == 0)
                {
                    cut[rng.Next(3)] -= 4; // one word short: the others shift too
                }

                if (cut.Any(c => c < 0))
                {
                    continue;
                }

                try
                {
                    At(level, () => Decode(plan, bad, units, lengths, cut, q.Length));
                }
                catch (InvalidDataException)
                {
                }
            }
        }
    }

    [Fact]
    public void Band_gains_follow_the_lifting_normalization()
    {
        var g = BandGains.For(32);
        Assert.Equal(3, g.High.Length);
        Assert.InRange(g.High[0], 0.76, 0.78);   // finest high band
        Assert.InRange(g.High[1], 0.98, 1.03);
        Assert.InRange(g.High[2], 1.39, 1.44);
        Assert.InRange(g.Low[2], 2.35, 2.45);    // low band after three levels
        var plan3 = BandPlan.For(3, 32);
        Assert.Equal(Math.Pow(g.Low[2], 3), plan3.Bands[0].Gain, 12);
        Assert.Equal(Math.Pow(g.High[0], 3), plan3.Bands[^1].Gain, 12);
        Assert.Equal(1 + (3 * 7), plan3.Bands.Length);
    }

    /// <summary>
    /// CvxCompress's reference ratios (shared/data/wavefields/README.md) at its relative L2 errors: at a compscale
    /// that gives at most that error, the ratio is at least CvxCompress's.
    /// </summary>
    [Theory]
    [InlineData("u2d_mid_512x512.f32", 5.5e-3, 1.96e-3, 40.48)]
    [InlineData("u2d_mid_512x512.f32", 5.5e-4, 2.51e-4, 22.46)]
    [InlineData("u2d_vlate_512x512.f32", 1.1e-2, 3.54e-3, 14.26)]
    [InlineData("u2d_vlate_512x512.f32", 1.1e-3, 4.57e-4, 7.52)]
    [InlineData("u3d_late_64x64x64.f32", 1.4e-2, 2.88e-3, 26.83)]
    [InlineData("u3d_late_64x64x64.f32", 1.5e-3, 4.19e-4, 10.78)]
    public void Ratio_at_cvxcompress_error_is_at_least_cvxcompress_ratio(string file, double compscale, double l2, double ratio)
    {
        var shape = CodecSamples.Files.Single(f => f.File == file).Shape;
        var data = CodecSamples.Load(file);
        var codec = new CvxCompressCodec(compscale);
        var stream = CodecSamples.Encode(codec, data, shape);
        var back = CodecSamples.Decode(codec, stream, data.Length);
        Assert.True(CodecSamples.RelativeL2(data, back) <= l2, $"rel L2 {CodecSamples.RelativeL2(data, back)} > {l2}");
        Assert.True(data.Length * 4.0 / stream.Length >= ratio, $"ratio {data.Length * 4.0 / stream.Length} < {ratio}");
    }

    [Theory]
    [InlineData(8)]
    [InlineData(16)]
    [InlineData(32)]
    [InlineData(64)]
    public void Streams_do_not_depend_on_the_thread_count(int block)
    {
        var data = CodecSamples.Load("u2d_vlate_512x512.f32");
        foreach (var shape in new[] { new[] { 512, 512 }, [64, 64, 64], [7, 200, 187], [262144] })
        {
            var part = data[..shape.Aggregate(1, (x, y) => x * y)];
            var one = CodecSamples.Encode(new CvxCompressCodec(1e-3, block, threads: 1), part, shape);
            var many = CodecSamples.Encode(new CvxCompressCodec(1e-3, block, threads: 0), part, shape);
            Assert.Equal(one, many);
            var a = CodecSamples.Decode(new CvxCompressCodec(threads: 1), one, part.Length);
            var b = CodecSamples.Decode(new CvxCompressCodec(threads: 3), one, part.Length);
            Assert.True(CodecSamples.BitEqual(a, b), $"block {block}, shape [{string.Join(",", shape)}]");
        }
    }

    [Fact]
    public void Tiny_compscale_and_spikes_keep_their_precision()
    {
        var rng = new Random(4);
        var data = new float[40 * 50];
        for (var i = 0; i < data.Length; i++)
        {
            data[i] = (float)(rng.NextDouble() - 0.5) * (i % 97 == 0 ? 1e4f : 1f);
        }

        foreach (var level in Levels)
        {
            var codec = new CvxCompressCodec(1e-7, 16);
            var back = At(level, () => CodecSamples.Decode(codec, CodecSamples.Encode(codec, data, [40, 50]), data.Length));
            // Coefficients of up to 28 bits; the error is then float rounding in the transform, not quantization.
            var err = CodecSamples.MaxError(data, back) / CodecSamples.MaxAbs(data);
            Assert.True(err <= 1e-6, $"{level}: max error {err:E2} of max|u|");
        }
    }

    [Fact]
    public void Forged_headers_tables_and_directories_are_refused()
    {
        var codec = new CvxCompressCodec(1e-3);
        var data = CodecSamples.Load("u3d_late_64x64x64.f32");
        var stream = CodecSamples.Encode(codec, data, [64, 64, 64]);
        var header = CodecHeader.Read(stream);
        var payload = stream.AsSpan(CodecHeader.Size, (int)header.PayloadLength).ToArray();
        var output = new float[data.Length];
        void Refused(CodecHeader h, byte[] p) => Assert.Throws<InvalidDataException>(() => codec.DecodePayload(h, p, output));

        var old = header;
        old.Mode = 1;
        Assert.Contains("format", Assert.Throws<InvalidDataException>(() => codec.DecodePayload(old, payload, output)).Message, StringComparison.Ordinal);
        var block = header;
        block.Param = 48;
        Refused(block, payload);
        var step = header;
        step.A = double.NaN;
        Refused(step, payload);

        // First table: too many symbols, then a code longer than 12 bits, then lengths that are no prefix code.
        var p1 = (byte[])payload.Clone();
        p1[0] = 17;
        Refused(header, p1);
        var p2 = (byte[])payload.Clone();
        p2[1] = 0xDD;
        Refused(header, p2);
        var p3 = (byte[])payload.Clone();
        p3[1] = 0x11;
        p3[2] = 0x11;
        Refused(header, p3);

        // Directory: find it after the tables, then grow one stream, shrink another, add trailing bytes.
        var plan = BandPlan.For(3, 32);
        var lengths = new byte[plan.Classes * CoefficientCoder.TablesPerClass * CoefficientCoder.Slots];
        var dir = CoefficientTables.Read(payload, plan.Classes * CoefficientCoder.TablesPerClass, lengths);
        var p4 = (byte[])payload.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(p4.AsSpan(dir), BinaryPrimitives.ReadUInt32LittleEndian(p4.AsSpan(dir)) + 4);
        Refused(header, p4);
        var p5 = (byte[])payload.Clone();
        BinaryPrimitives.WriteUInt32LittleEndian(p5.AsSpan(dir + 4), BinaryPrimitives.ReadUInt32LittleEndian(p5.AsSpan(dir + 4)) - 4);
        BinaryPrimitives.WriteUInt32LittleEndian(p5.AsSpan(dir + 8), BinaryPrimitives.ReadUInt32LittleEndian(p5.AsSpan(dir + 8)) + 4);
        Refused(header, p5);
        Refused(header, [.. payload, 0, 0, 0, 0]);
        Refused(header, payload[..^4]);
        var zero = header;
        zero.A = 0;
        Refused(zero, payload);
    }

    /// <summary>Random damage to multi-segment payloads with a valid checksum: only InvalidDataException, never a crash.</summary>
    [Theory]
    [InlineData(16)]
    [InlineData(32)]
    public void Forged_multi_segment_payloads_fail_cleanly(int block)
    {
        var codec = new CvxCompressCodec(1e-3, block);
        var data = CodecSamples.Load("u2d_vlate_512x512.f32");
        var stream = CodecSamples.Encode(codec, data, [512, 512]);
        var header = CodecHeader.Read(stream);
        var rng = new Random(block);
        var output = new float[data.Length];
        for (var t = 0; t < 150; t++)
        {
            var payload = stream.AsSpan(CodecHeader.Size, (int)header.PayloadLength).ToArray();
            for (var k = 0; k < 1 + rng.Next(6); k++)
            {
                payload[rng.Next(t % 3 == 0 ? Math.Min(200, payload.Length) : payload.Length)] = (byte)rng.Next(256);
            }

            var len = rng.Next(3) == 0 ? rng.Next(payload.Length + 1) : payload.Length;
            try
            {
                codec.DecodePayload(header, payload.AsSpan(0, len), output);
            }
            catch (InvalidDataException)
            {
            }
        }
    }
}
