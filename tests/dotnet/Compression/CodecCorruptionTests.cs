using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

public class CodecCorruptionTests
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

    [Theory]
    [MemberData(nameof(AllConfigs))]
    public void Flipped_bytes_and_truncation_are_detected(string config)
    {
        var codec = CodecFactory.FromConfig(config);
        var data = CodecSamples.Load("u2d_mid_512x512.f32")[..(128 * 128)];
        var stream = CodecSamples.Encode(codec, data, [128, 128]);
        var output = new float[data.Length];
        var rng = new Random(1);
        var positions = Enumerable.Range(0, 64).Concat(Enumerable.Range(0, 200).Select(_ => rng.Next(stream.Length))).Append(stream.Length - 1);
        foreach (var p in positions)
        {
            var bad = (byte[])stream.Clone();
            bad[p] ^= (byte)(1 << rng.Next(8));
            Assert.Throws<InvalidDataException>(() => codec.Decode(bad, output));
        }

        foreach (var cut in new[] { 0, 1, 10, 63, 64, 65, stream.Length / 2, stream.Length - 1 })
        {
            var e = Assert.Throws<InvalidDataException>(() => codec.Decode(stream.AsSpan(0, cut), output));
            Assert.Contains("corrupt", e.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Garbage_never_crashes_or_hangs()
    {
        var rng = new Random(3);
        var output = new float[4096];
        foreach (var config in CodecSamples.Configs)
        {
            var codec = CodecFactory.FromConfig(config);
            for (var t = 0; t < 50; t++)
            {
                var junk = new byte[rng.Next(0, 20000)];
                rng.NextBytes(junk);
                Assert.Throws<InvalidDataException>(() => codec.Decode(junk, output));
            }
        }
    }

    /// <summary>Payload decoders must fail cleanly even when the checksum happens to agree (forged streams).</summary>
    [Theory]
    [MemberData(nameof(AllConfigs))]
    public void Forged_payloads_with_valid_checksums_fail_cleanly(string config)
    {
        var codec = (CheckpointCodec)CodecFactory.FromConfig(config);
        var data = CodecSamples.Load("u2d_vlate_512x512.f32")[..4096];
        var stream = CodecSamples.Encode(codec, data, [64, 64]);
        var header = CodecHeader.Read(stream);
        var rng = new Random(11);
        var output = new float[data.Length];
        for (var t = 0; t < 300; t++)
        {
            var payload = stream.AsSpan(CodecHeader.Size, (int)header.PayloadLength).ToArray();
            for (var k = 0; k < 1 + rng.Next(4); k++)
            {
                payload[rng.Next(payload.Length)] = (byte)rng.Next(256);
            }

            var len = rng.Next(2) == 0 ? payload.Length : rng.Next(payload.Length + 1);
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
