using System.Runtime.InteropServices;
using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>The lossless codec's fast mode (per-8-value bit packing): exactness, format, SIMD levels, damage.</summary>
public class FastLosslessTests
{
    private static float[] FromBits(IEnumerable<uint> bits) => bits.Select(BitConverter.UInt32BitsToSingle).ToArray();

    /// <summary>Arrays that stress every corner: special values, every width, tails of every length, odd shapes.</summary>
    public static IEnumerable<(string Name, float[] Data, int[] Shape)> Cases()
    {
        var rng = new Random(17);
        uint[] specials = [0x7FC00001, 0xFFC12345, 0x7F800001, 0x7F800000, 0xFF800000, 0x80000000, 0, 1, 0x807FFFFF, 0x00000003, 0x7F7FFFFF, 0xFF7FFFFF, 0xFFFFFFFF];
        yield return ("specials", FromBits(Enumerable.Range(0, 3000).Select(i => specials[(i * 7 + (i / 13)) % specials.Length])), [3000]);
        yield return ("zeros", new float[4096], [64, 64]);
        yield return ("negative zeros", Enumerable.Repeat(-0f, 777).ToArray(), [777]);
        yield return ("random bits", FromBits(Enumerable.Range(0, 5000).Select(_ => (uint)rng.NextInt64(0, 1L << 32))), [50, 100]);

        // Half quiet, half noise: a compressible stream that still holds blocks of width 32 and zero blocks.
        yield return ("mixed widths", FromBits(Enumerable.Range(0, 64 * 64).Select(i => (i / 64) % 2 == 0 ? 0u : (uint)rng.NextInt64(0, 1L << 32))), [64, 64]);

        // Every block width 0..32 appears: residual magnitudes that grow block by block.
        yield return ("width ramp", Enumerable.Range(0, 33 * 64).Select(i => (float)(((i % 2 == 0) ? 1 : -1) * Math.Pow(2, (i / 64) - 20))).ToArray(), [33 * 64]);
        var smooth = Enumerable.Range(0, 37 * 29 * 11).Select(i => MathF.Sin(i * 0.01f) * 1e-3f).ToArray();
        yield return ("3d odd", smooth, [37, 29, 11]);
        yield return ("3d thin rows", smooth[..(5 * 200 * 3)], [5, 200, 3]);
        yield return ("2d one column", smooth[..999], [999, 1]);
        yield return ("2d one row", smooth[..1001], [1, 1001]);
        // Rows longer than a kernel segment (4096): the running value carries across segments.
        var longer = Enumerable.Range(0, 3 * 9000).Select(i => MathF.Cos(i * 0.003f) * (i % 7 == 0 ? -1e-4f : 1e-4f)).ToArray();
        yield return ("1d long", longer[..((3 * 4096) + 77)], [(3 * 4096) + 77]);
        yield return ("2d long rows", longer, [3, 9000]);
        yield return ("3d long rows", longer[..(2 * 2 * 5000)], [2, 2, 5000]);
        foreach (var n in new[] { 1, 2, 7, 8, 9, 15, 16, 17, 63, 64, 65, 127, 129, 200 })
        {
            yield return ($"1d n={n}", smooth[..n], [n]);
        }
    }

    [Fact]
    public void Every_case_round_trips_bit_for_bit_at_every_level()
    {
        var codec = new LosslessCodec(LosslessMode.Fast);
        foreach (var (name, data, shape) in Cases())
        {
            var reference = SimdLevels.At(SimdLevel.Scalar, () => CodecSamples.Encode(codec, data, shape));
            foreach (var level in SimdLevels.All)
            {
                var stream = SimdLevels.At(level, () => CodecSamples.Encode(codec, data, shape));
                Assert.True(reference.AsSpan().SequenceEqual(stream), $"{name}: stream differs at {level}");
                var back = SimdLevels.At(level, () => CodecSamples.Decode(codec, reference, data.Length));
                Assert.True(CodecSamples.BitEqual(data, back), $"{name}: decode differs at {level}");
            }
        }
    }

    [Fact]
    public void Samples_round_trip_beat_blosc_and_record_the_mode()
    {
        foreach (var (file, shape) in CodecSamples.Files)
        {
            var data = CodecSamples.Load(file);
            var fast = CodecSamples.Encode(new LosslessCodec(), data, shape);
            var compact = CodecSamples.Encode(new LosslessCodec(LosslessMode.Compact), data, shape);
            Assert.Equal((byte)LosslessMode.Fast, CodecHeader.Read(fast).Mode);
            Assert.Equal((byte)LosslessMode.Compact, CodecHeader.Read(compact).Mode);
            Assert.True(4.0 * data.Length / fast.Length >= 1.25, $"{file}: fast ratio {4.0 * data.Length / fast.Length}");

            // Either codec object reads either stream: the header says how it was coded.
            foreach (var reader in new[] { new LosslessCodec(LosslessMode.Fast), new LosslessCodec(LosslessMode.Compact) })
            {
                Assert.True(CodecSamples.BitEqual(data, CodecSamples.Decode(reader, fast, data.Length)));
                Assert.True(CodecSamples.BitEqual(data, CodecSamples.Decode(reader, compact, data.Length)));
            }
        }
    }

    [Fact]
    public void Row_kernels_agree_with_scalar_and_invert()
    {
        var rng = new Random(23);
        foreach (var n in new[] { 1, 5, 8, 9, 16, 17, 31, 33, 100, 257 })
        {
            int[] Row() => Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
            var (cur, up, prev, prevUp) = (Row(), Row(), Row(), Row());
            foreach (var planes in new[] { false, true })
            {
                var p = planes ? prev : up;
                var pu = planes ? prevUp : up;
                var reference = new int[n];
                SimdLevels.At(SimdLevel.Scalar, () => LorenzoRows.Encode(cur, up, p, pu, reference));
                foreach (var level in SimdLevels.All)
                {
                    var z = new int[n];
                    SimdLevels.At(level, () => LorenzoRows.Encode(cur, up, p, pu, z));
                    Assert.Equal(reference, z);
                    SimdLevels.At(level, () => LorenzoRows.Decode(z, up, p, pu));
                    Assert.Equal(cur, z);
                }
            }
        }
    }

    [Fact]
    public void Row_kernels_in_segments_equal_one_call()
    {
        var rng = new Random(41);
        const int n = 300;
        int[] Row() => Enumerable.Range(0, n).Select(_ => rng.Next(int.MinValue, int.MaxValue)).ToArray();
        var (cur, up, prev, prevUp) = (Row(), Row(), Row(), Row());
        foreach (var level in SimdLevels.All)
        {
            var whole = new int[n];
            SimdLevels.At(level, () => LorenzoRows.Encode(cur, up, prev, prevUp, whole));
            var pieces = new int[n];
            var last = 0;
            foreach (var (from, to) in new[] { (0, 5), (5, 37), (37, 38), (38, 200), (200, n) })
            {
                last = SimdLevels.At(level, () => LorenzoRows.Encode(cur.AsSpan(from, to - from), up.AsSpan(from), prev.AsSpan(from), prevUp.AsSpan(from), pieces.AsSpan(from, to - from), last));
            }

            Assert.Equal(whole, pieces);
            var acc = 0;
            foreach (var (from, to) in new[] { (0, 17), (17, 18), (18, 150), (150, n) })
            {
                acc = SimdLevels.At(level, () => LorenzoRows.Decode(pieces.AsSpan(from, to - from), up.AsSpan(from), prev.AsSpan(from), prevUp.AsSpan(from), acc));
            }

            Assert.Equal(cur, pieces);
        }
    }

    [Fact]
    public void Chunk_packing_agrees_with_scalar_for_every_width()
    {
        var rng = new Random(29);
        const int chunks = 40;
        var z = new int[chunks * ChunkPacker.Chunk];
        for (var b = 0; b < z.Length / 8; b++)
        {
            // Block b has width b % 33 exactly (its top bit set in one value), random below.
            var w = b % 33;
            for (var k = 0; k < 8; k++)
            {
                z[(b * 8) + k] = w == 0 ? 0 : (int)((ulong)rng.NextInt64(0, 1L << 32) & ((1UL << w) - 1));
            }

            if (w > 0)
            {
                z[(b * 8) + rng.Next(8)] |= (int)(1u << (w - 1));
            }
        }

        byte[] PackAt(SimdLevel level) => SimdLevels.At(level, () =>
        {
            var dst = new byte[(z.Length * 5) + ChunkPacker.MaxChunkBytes];
            var used = ChunkPacker.Pack(z, dst, 0, dst.Length - ChunkPacker.MaxChunkBytes);
            return dst[..used];
        });

        var reference = PackAt(SimdLevel.Scalar);
        foreach (var level in SimdLevels.All)
        {
            Assert.Equal(reference, PackAt(level));
            var back = new int[z.Length];

            // Exactly sized source: the last chunks take the checked path near the end.
            var used = SimdLevels.At(level, () => ChunkPacker.Unpack(reference, 0, back));
            Assert.Equal(reference.Length, used);
            Assert.Equal(z, back);
        }
    }

    [Fact]
    public void Forged_fast_payloads_fail_cleanly()
    {
        var codec = new LosslessCodec();
        var data = CodecSamples.Load("u2d_vlate_512x512.f32")[..(64 * 64)];
        var stream = CodecSamples.Encode(codec, data, [64, 64]);
        var header = CodecHeader.Read(stream);
        var payload = stream.AsSpan(CodecHeader.Size, (int)header.PayloadLength).ToArray();
        var output = new float[data.Length];

        // Every truncation, and one byte too many.
        for (var len = 0; len < payload.Length; len++)
        {
            Assert.Throws<InvalidDataException>(() => codec.DecodePayload(header, payload.AsSpan(0, len), output));
        }

        Assert.Throws<InvalidDataException>(() => codec.DecodePayload(header, payload.Append((byte)0).ToArray(), output));

        // A base width above 32, and a nibble that takes a block past 32 bits.
        var bad = (byte[])payload.Clone();
        bad[0] = 33;
        Assert.Throws<InvalidDataException>(() => codec.DecodePayload(header, bad, output));
        bad = (byte[])payload.Clone();
        bad[0] = 30;
        bad[1] = 0xFF;
        Assert.Throws<InvalidDataException>(() => codec.DecodePayload(header, bad, output));

        // Random damage at every SIMD level: an exception or (rarely) other values, never a crash or hang.
        var rng = new Random(31);
        foreach (var level in SimdLevels.All)
        {
            for (var t = 0; t < 300; t++)
            {
                var junk = (byte[])payload.Clone();
                for (var k = 0; k < 1 + rng.Next(4); k++)
                {
                    junk[rng.Next(junk.Length)] = (byte)rng.Next(256);
                }

                SimdLevels.At(level, () =>
                {
                    try
                    {
                        codec.DecodePayload(header, junk, output);
                    }
                    catch (InvalidDataException)
                    {
                    }

                    return 0;
                });
            }
        }
    }

    [Fact]
    public void An_unknown_mode_byte_is_corrupt()
    {
        var codec = new LosslessCodec();
        var data = CodecSamples.Load("u3d_late_64x64x64.f32");
        var stream = CodecSamples.Encode(codec, data, [64, 64, 64]);
        var header = CodecHeader.Read(stream);
        header.Mode = 7;
        header.Write(stream);
        var e = Assert.Throws<InvalidDataException>(() => codec.Decode(stream, new float[data.Length]));
        Assert.Contains("mode", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Config_selects_the_mode()
    {
        Assert.Equal(LosslessMode.Fast, ((LosslessCodec)CodecFactory.FromConfig("""{"id":"lossless"}""")).Mode);
        Assert.Equal(LosslessMode.Fast, ((LosslessCodec)CodecFactory.FromConfig("""{"id":"lossless","mode":"fast"}""")).Mode);
        var compact = (LosslessCodec)CodecFactory.FromConfig("""{"id":"lossless","mode":"compact"}""");
        Assert.Equal(LosslessMode.Compact, compact.Mode);
        Assert.Equal(LosslessMode.Compact, ((LosslessCodec)CodecFactory.FromConfig(compact.GetConfigJson())).Mode);
        Assert.Equal("mode", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"lossless","mode":"turbo"}""")).ParamName);
        Assert.Equal("mode", Assert.Throws<ArgumentException>(() => CodecFactory.FromConfig("""{"id":"lossless","mode":1}""")).ParamName);
        Assert.Throws<ArgumentException>(() => new LosslessCodec((LosslessMode)5));
    }

    [Fact]
    public void Incompressible_data_is_stored_raw()
    {
        var rng = new Random(37);
        var data = FromBits(Enumerable.Range(0, 10000).Select(_ => (uint)rng.NextInt64(0, 1L << 32)));
        var stream = CodecSamples.Encode(new LosslessCodec(), data, [10000]);
        Assert.Equal(CheckpointCodec.StoredFlag, CodecHeader.Read(stream).Flags);
        Assert.Equal(CodecHeader.Size + (4 * data.Length), stream.Length);
        Assert.True(MemoryMarshal.AsBytes(data.AsSpan()).SequenceEqual(stream.AsSpan(CodecHeader.Size)));
    }
}
