using System.Runtime.InteropServices;
using PyRevolveNet.Compression;
using PyRevolveNet.Tests.Support;

namespace PyRevolveNet.Tests.Compression;

/// <summary>
/// Lossless streams decoded from and into buffers that end at an inaccessible page (<see cref="GuardedBuffer"/>),
/// so that a read or write one byte out of bounds faults instead of passing unseen: odd shapes at every SIMD
/// level, every truncation, forged payloads. Also: compact mode still writes the original Huffman stream, and
/// either codec object decodes either mode. (Format, kernels and config: <see cref="FastLosslessTests"/>.)
/// </summary>
public class LosslessGuardedDecodeTests
{
    private const string Fast = """{"id":"lossless"}""";
    private const string Compact = """{"id":"lossless","mode":"compact"}""";

    private static readonly SimdLevel[] Levels = [SimdLevel.Scalar, SimdLevel.Vector256, SimdLevel.Vector512];

    private static readonly int[][] OddShapes =
    [
        [1], [2], [7], [8], [9], [15], [16], [17], [63], [64], [65], [127], [1000], [4097],
        [1, 1], [3, 5], [1, 64], [64, 1], [8, 8], [17, 33], [2, 1000], [1000, 3],
        [1, 1, 1], [2, 1, 129], [5, 7, 9], [4, 3, 1], [1, 200, 3], [3, 64, 64], [9, 17, 16],
    ];

    private static T At<T>(SimdLevel level, Func<T> f) => SimdLevels.At(level, f);

    private static void At(SimdLevel level, Action f) => At(level, () =>
    {
        f();
        return 0;
    });

    /// <summary>A smooth signed field with a run of exact zeros, special bit patterns and a little raw noise.</summary>
    private static float[] Field(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        for (var i = 0; i < n; i++)
        {
            x[i] = (float)((Math.Sin(i * 0.05) * 1e-6) + (Math.Cos(i * 0.013) * 3e-7) + (rng.NextDouble() * 1e-10));
        }

        if (n >= 20)
        {
            x.AsSpan(n / 3, n / 5).Clear();
        }

        uint[] specials = [0x7FC12345, 0xFFBADBAD, 0x7F800000, 0xFF800000, 0x80000000, 0x00000001, 0x807FFFFF, 0x7F7FFFFF, 0xFF7FFFFF, 0x7F800001];
        for (var k = 0; k < specials.Length && k < n; k++)
        {
            x[rng.Next(n)] = BitConverter.UInt32BitsToSingle(specials[k]);
        }

        for (var k = 0; k < n / 50; k++)
        {
            x[rng.Next(n)] = BitConverter.UInt32BitsToSingle((uint)rng.Next() ^ ((uint)rng.Next() << 1));
        }

        return x;
    }

    private static int Count(int[] shape) => shape.Aggregate(1, (a, b) => a * b);

    public static TheoryData<string> SampleFiles()
    {
        var d = new TheoryData<string>();
        foreach (var (file, _) in CodecSamples.Files)
        {
            d.Add(file);
        }

        return d;
    }

    [Theory]
    [MemberData(nameof(SampleFiles))]
    public void Compact_mode_writes_the_original_huffman_stream(string file)
    {
        var shape = CodecSamples.Files.Single(f => f.File == file).Shape;
        var data = CodecSamples.Load(file);
        var stream = CodecSamples.Encode(new LosslessCodec(LosslessMode.Compact), data, shape);

        // What the codec wrote before the fast mode existed: ordered map, Lorenzo, zigzag, residual coder.
        var q = new int[data.Length];
        Simd.ToOrdered(data, q);
        var expected = new byte[(data.Length * 4) + 256];
        var used = PredictiveStage.Encode(q, Dims.From(shape, data.Length), expected);
        Assert.Equal(expected.AsSpan(0, used).ToArray(), stream.AsSpan(CodecHeader.Size).ToArray());
    }

    [Fact]
    public void Either_codec_object_decodes_either_mode()
    {
        var data = CodecSamples.Load("u3d_late_64x64x64.f32");
        var fast = new LosslessCodec();
        var compact = new LosslessCodec(LosslessMode.Compact);
        foreach (var writer in new[] { fast, compact })
        {
            var stream = CodecSamples.Encode(writer, data, [64, 64, 64]);
            foreach (var reader in new ICheckpointCodec[] { fast, compact, CodecFactory.FromConfig(Compact) })
            {
                Assert.True(CodecSamples.BitEqual(data, CodecSamples.Decode(reader, stream, data.Length)));
            }
        }
    }

    [Fact]
    public void Odd_shapes_round_trip_with_identical_streams_at_every_simd_level()
    {
        using var guard = new GuardedBuffer(4 * 3 * 64 * 64 * 4);
        var seed = 0;
        foreach (var shape in OddShapes)
        {
            var n = Count(shape);
            var data = Field(n, ++seed);
            foreach (var config in new[] { Fast, Compact })
            {
                var codec = CodecFactory.FromConfig(config);
                var reference = At(SimdLevel.Scalar, () => CodecSamples.Encode(codec, data, shape));
                foreach (var level in Levels)
                {
                    var what = $"{config} shape [{string.Join(",", shape)}] at {level}";
                    Assert.True(reference.AsSpan().SequenceEqual(At(level, () => CodecSamples.Encode(codec, data, shape))), what);

                    // Decoded from a stream that ends at the guard page, into floats that end at it too.
                    using (var source = new GuardedBuffer(reference.Length))
                    {
                        At(level, () => codec.Decode(source.Place(reference), guard.Floats(n)));
                    }

                    Assert.True(CodecSamples.BitEqual(data, guard.Floats(n)), what);
                }
            }
        }
    }

    [Fact]
    public void Every_truncation_and_any_extension_of_a_fast_payload_is_corrupt_at_every_level()
    {
        var data = Field(37 * 41, 77);
        var codec = new LosslessCodec();
        var stream = CodecSamples.Encode(codec, data, [37, 41]);
        var header = CodecHeader.Read(stream);
        Assert.Equal(0, header.Flags);
        var payload = stream.AsSpan(CodecHeader.Size).ToArray();
        using var src = new GuardedBuffer(payload.Length + 64);
        using var dst = new GuardedBuffer(data.Length * 4);
        foreach (var level in Levels)
        {
            for (var cut = 0; cut < payload.Length; cut++)
            {
                var slice = payload.AsSpan(0, cut).ToArray();
                Assert.Throws<InvalidDataException>(() => At(level, () => codec.DecodePayload(header, src.Place(slice), dst.Floats(data.Length))));
            }

            foreach (var extra in new byte[][] { [0], [1], [0, 0, 0, 0], new byte[64] })
            {
                var longer = payload.Concat(extra).ToArray();
                Assert.Throws<InvalidDataException>(() => At(level, () => codec.DecodePayload(header, src.Place(longer), dst.Floats(data.Length))));
            }

            At(level, () => codec.DecodePayload(header, src.Place(payload), dst.Floats(data.Length)));
            Assert.True(CodecSamples.BitEqual(data, dst.Floats(data.Length)));
        }
    }

    /// <summary>Checksums can collide: the payload decoder itself must refuse or survive any bytes.</summary>
    [Fact]
    public void Forged_fast_payloads_fail_cleanly_at_every_level()
    {
        var rng = new Random(21);
        foreach (var (data, shape) in new (float[], int[])[]
        {
            (CodecSamples.Load("u2d_vlate_512x512.f32")[..4096], [64, 64]),
            (CodecSamples.Load("u2d_mid_512x512.f32")[..(100 * 70)], [100, 70]),
            (Field(5 * 7 * 9, 3), [5, 7, 9]),
        })
        {
            var codec = new LosslessCodec();
            var stream = CodecSamples.Encode(codec, data, shape);
            var header = CodecHeader.Read(stream);
            var payload = stream.AsSpan(CodecHeader.Size).ToArray();
            using var src = new GuardedBuffer(payload.Length + 256);
            using var dst = new GuardedBuffer(data.Length * 4);
            foreach (var level in Levels)
            {
                for (var t = 0; t < 400; t++)
                {
                    var bad = (byte[])payload.Clone();
                    for (var k = 0; k < 1 + rng.Next(4); k++)
                    {
                        // Early bytes hold the first chunk's widths; bias some damage there and near the end.
                        var at = rng.Next(4) switch
                        {
                            0 => rng.Next(Math.Min(8, bad.Length)),
                            1 => Math.Max(0, bad.Length - 1 - rng.Next(Math.Min(80, bad.Length))),
                            _ => rng.Next(bad.Length),
                        };
                        bad[at] = rng.Next(3) switch
                        {
                            0 => (byte)rng.Next(256),
                            1 => (byte)(bad[at] ^ (1 << rng.Next(8))),
                            _ => new byte[] { 0, 0xFF, 32, 33, 0x0F, 0xF0 }[rng.Next(6)],
                        };
                    }

                    var len = rng.Next(3) == 0 ? rng.Next(bad.Length + 1) : bad.Length;
                    var placed = bad.AsSpan(0, len).ToArray();
                    try
                    {
                        At(level, () => codec.DecodePayload(header, src.Place(placed), dst.Floats(data.Length)));
                    }
                    catch (InvalidDataException)
                    {
                    }
                }

                for (var t = 0; t < 50; t++)
                {
                    var junk = new byte[rng.Next(0, payload.Length + 100)];
                    rng.NextBytes(junk);
                    try
                    {
                        At(level, () => codec.DecodePayload(header, src.Place(junk), dst.Floats(data.Length)));
                    }
                    catch (InvalidDataException)
                    {
                    }
                }
            }
        }
    }

    [Fact]
    public void The_guard_page_really_faults_on_linux()
    {
        using var g = new GuardedBuffer(100);
        Assert.Equal(OperatingSystem.IsLinux(), g.Guarded);
        g.Tail(100).Fill(7);
        Assert.Equal(7, MemoryMarshal.Read<byte>(g.Tail(1)));
    }
}
