using System.Runtime.InteropServices;
using PyRevolveNet.Compression;
using PyRevolveNet.Tests.Support;

namespace PyRevolveNet.Tests.Compression;

/// <summary>The wavefield samples of shared/data/wavefields, codec configs under test, and error metrics.</summary>
public static class CodecSamples
{
    public static readonly (string File, int[] Shape)[] Files =
    [
        ("u2d_mid_512x512.f32", [512, 512]),
        ("u2d_vlate_512x512.f32", [512, 512]),
        ("u3d_late_64x64x64.f32", [64, 64, 64]),
    ];

    public static readonly string[] Configs =
    [
        """{"id":"noop"}""",
        """{"id":"lossless"}""",
        """{"id":"lossless","mode":"compact"}""",
        """{"id":"bitcomp","nbits":9}""",
        """{"id":"bitcomp","nbits":16}""",
        """{"id":"bitcomp","nbits":9,"zero_exact":true}""",
        """{"id":"bitcomp","nbits":9,"entropy":true}""",
        """{"id":"bitcomp","nbits":12,"zero_exact":true,"entropy":true}""",
        """{"id":"bounded","rel_tolerance":1e-3}""",
        """{"id":"bounded","rel_tolerance":2.5e-3}""",
        """{"id":"bounded","rel_tolerance":1e-5}""",
        """{"id":"cvxcompress","compscale":1e-2}""",
        """{"id":"cvxcompress","compscale":1e-3,"block":16}""",
    ];

    public static float[] Load(string file) =>
        MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(WavefieldDir, file))).ToArray();

    private static string WavefieldDir
    {
        get
        {
            var env = Environment.GetEnvironmentVariable("PYREVOLVE_NET_SHARED");
            var candidates = new[] { env, Path.Combine(SharedData.RepositoryRoot, "..", "shared"), "/work/shared" };
            foreach (var c in candidates)
            {
                if (!string.IsNullOrEmpty(c) && Directory.Exists(Path.Combine(c, "data", "wavefields")))
                {
                    return Path.Combine(c, "data", "wavefields");
                }
            }

            throw new DirectoryNotFoundException("wavefield samples not found; set PYREVOLVE_NET_SHARED");
        }
    }

    public static byte[] Encode(ICheckpointCodec codec, float[] data, int[] shape)
    {
        var buffer = new byte[codec.MaxEncodedSize(data.Length)];
        var n = codec.Encode(data, shape, buffer);
        return buffer[..n];
    }

    public static float[] Decode(ICheckpointCodec codec, byte[] stream, int count)
    {
        var output = new float[count];
        codec.Decode(stream, output);
        return output;
    }

    public static double MaxAbs(ReadOnlySpan<float> x)
    {
        double m = 0;
        foreach (var v in x)
        {
            m = Math.Max(m, Math.Abs((double)v));
        }

        return m;
    }

    public static double MaxError(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double m = 0;
        for (var i = 0; i < a.Length; i++)
        {
            m = Math.Max(m, Math.Abs((double)a[i] - b[i]));
        }

        return m;
    }

    public static double RelativeL2(ReadOnlySpan<float> a, ReadOnlySpan<float> b)
    {
        double num = 0, den = 0;
        for (var i = 0; i < a.Length; i++)
        {
            var d = (double)a[i] - b[i];
            num += d * d;
            den += (double)a[i] * a[i];
        }

        return den == 0 ? Math.Sqrt(num) : Math.Sqrt(num / den);
    }

    public static bool BitEqual(ReadOnlySpan<float> a, ReadOnlySpan<float> b) =>
        MemoryMarshal.AsBytes(a).SequenceEqual(MemoryMarshal.AsBytes(b));
}
