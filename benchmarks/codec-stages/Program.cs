using System.Diagnostics;
using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using PyRevolveNet.Compression;

// Stage-by-stage timing of the predictive codecs, single thread, best of N runs of >= 50 ms each:
//   dotnet run -c Release --project benchmarks/codec-stages [-- [--big] [--repeat 5] [--filter NAME]]
// Stages are timed on the real intermediate data of each sample (the in-place integer stages cost the same
// whatever the values, so they run repeatedly on one buffer). MB/s = float32 input bytes per second (10^6).
var inv = CultureInfo.InvariantCulture;
var big = args.Contains("--big");
var repeat = 5;
string? filter = null;
for (var a = 0; a < args.Length - 1; a++)
{
    if (args[a] == "--repeat")
    {
        repeat = int.Parse(args[a + 1], inv);
    }
    else if (args[a] == "--filter")
    {
        filter = args[a + 1];
    }
}

var dir = FindWavefields();
var samples = new List<(string Name, float[] Data, int[] Shape)>();
using (var meta = JsonDocument.Parse(File.ReadAllText(Path.Combine(dir, "samples.json"))))
{
    foreach (var m in meta.RootElement.EnumerateArray())
    {
        var file = m.GetProperty("file").GetString()!;
        var shape = m.GetProperty("shape").EnumerateArray().Select(e => e.GetInt32()).ToArray();
        samples.Add((file, MemoryMarshal.Cast<byte, float>(File.ReadAllBytes(Path.Combine(dir, file))).ToArray(), shape));
    }
}

if (big)
{
    var (_, u, shape) = samples.First(s => s.Name.StartsWith("u2d_vlate", StringComparison.Ordinal));
    var t = new float[u.Length * 64];
    for (var i = 0; i < 8 * shape[0]; i++)
    {
        for (var j = 0; j < 8; j++)
        {
            u.AsSpan((i % shape[0]) * shape[1], shape[1]).CopyTo(t.AsSpan((((i * 8) + j) * shape[1]), shape[1]));
        }
    }

    samples.Add(("u2d_vlate tiled 4096x4096", t, [8 * shape[0], 8 * shape[1]]));
}

// STAGES_LEVEL=Scalar|Vector256 times a lower SIMD level (the thread's level, as the tests force it).
if (Environment.GetEnvironmentVariable("STAGES_LEVEL") is { Length: > 0 } forced)
{
    Simd.Level = Enum.Parse<SimdLevel>(forced);
}

Console.WriteLine($"simd {Simd.Level}, repeat {repeat}, {(Environment.GetEnvironmentVariable("STAGES_WALL") == "1" ? "wall" : "thread CPU")} time, load {File.ReadAllText("/proc/loadavg").Trim()}");
Console.WriteLine("| sample | stage | MB/s | µs |");
Console.WriteLine("|---|---|---:|---:|");
foreach (var (name, data, shape) in samples)
{
    if (filter is not null && !name.Contains(filter, StringComparison.Ordinal))
    {
        continue;
    }

    var n = data.Length;
    var dims = Dims.From(shape, n);
    var q = new int[n];
    var r = new int[n];
    var back = new float[n];
    var bytes = new byte[ResidualCoder.MaxEncodedSize(n) + 64];
    var outl = new int[n];

    void Row(string stage, Action f)
    {
        var s = Best(f, repeat);
        Console.WriteLine($"| {name} | {stage} | {(4.0 * n / s / 1e6).ToString("F0", inv)} | {(s * 1e6).ToString("F0", inv)} |");
    }

    // bitcomp nbits=9 entropy: the codec's own parameters.
    Simd.Range(data, out var min, out var max, out _);
    var delta = (float)(((double)max - min) / 511);
    Row("Range", () => Simd.Range(data, out _, out _, out _));
    Row("bitcomp Quantize", () => Simd.Quantize(data, min, 1f / delta, 0, 511, 0, q));
    q.CopyTo(r);
    Row("Lorenzo.Forward", () => Lorenzo.Forward(r, dims));
    q.CopyTo(r);
    Lorenzo.Forward(r, dims);
    Row("ZigZag", () => Simd.ZigZag(r));
    Row("LorenzoForward.ForwardZigZag (fused)", () => LorenzoForward.ForwardZigZag(r, dims));
    var rows = new int[QuantizeLorenzo.ScratchLength(dims)];
    Row("bitcomp QuantizeLorenzo (fused front)", () => QuantizeLorenzo.Bitcomp(data, min, 1f / delta, 0, 511, 0, dims, r, rows));
    q.CopyTo(r);
    Lorenzo.Forward(r, dims);
    Simd.ZigZag(r);
    var len = 0;
    Row("bitcomp ResidualCoder.Encode", () => len = ResidualCoder.Encode(r, bytes));
    Console.WriteLine($"| {name} | (bitcomp residual bytes {len}, ratio {(4.0 * n / len).ToString("F2", inv)}) | | |");
    var lenExact = 0;
    Row("bitcomp ResidualCoder.EncodeExact", () => lenExact = ResidualCoder.EncodeExact(r, bytes));
    var sampled = ResidualCoder.EncodeSampled(r, bytes, out _);
    Console.WriteLine($"| {name} | (exact bytes {lenExact}, sampled path taken {sampled}) | | |");
    len = ResidualCoder.Encode(r, bytes);
    var z = new int[n];
    Row("bitcomp ResidualCoder.Decode", () => ResidualCoder.Decode(bytes.AsSpan(0, len), z));
    if (!z.AsSpan().SequenceEqual(r))
    {
        throw new InvalidOperationException("residual round trip failed");
    }

    Row("UnZigZag", () => Simd.UnZigZag(z));
    Row("Lorenzo.Inverse", () => Lorenzo.Inverse(z, dims));
    Row("Dequantize", () => Simd.Dequantize(q, 0, delta, min, back));
    Row("LorenzoInverse.Dequantize (fused)", () => LorenzoInverse.Dequantize(z, dims, 0, delta, min));
    Row("Checksum (residual bytes)", () => Checksum.Compute(bytes.AsSpan(0, len)));
    Whole("bitcomp nbits=9 entropy", new BitcompCodec(9, entropy: true));

    // bounded rel 2.5e-3 and 1e-4: quantize + outlier check + the same integer stages.
    foreach (var rel in new[] { 2.5e-3, 1e-4 })
    {
        var codec = new BoundedCodec(relTolerance: rel);
        var tol = codec.ToleranceFor(data);
        var bin = (float)(2 * tol);
        Row($"bounded {rel:g} Quantize", () => Simd.Quantize(data, 0f, 1f / bin, -(1 << 30), 1 << 30, 0, q));
        Row($"bounded {rel:g} FindOutliers", () => BoundedCodec.FindOutliers(data, q, bin, (float)tol, outl));
        Row($"bounded {rel:g} QuantizeLorenzo (fused front)", () => QuantizeLorenzo.Bounded(data, 1f / bin, 1 << 30, bin, (float)tol, dims, r, rows, outl));
        q.CopyTo(r);
        Lorenzo.Forward(r, dims);
        Simd.ZigZag(r);
        Row($"bounded {rel:g} ResidualCoder.Encode", () => len = ResidualCoder.Encode(r, bytes));
        Row($"bounded {rel:g} ResidualCoder.Decode", () => ResidualCoder.Decode(bytes.AsSpan(0, len), z));
        Whole($"bounded {rel:g}", codec);
    }

    void Whole(string label, ICheckpointCodec codec)
    {
        var stream = new byte[codec.MaxEncodedSize(n)];
        var written = 0;
        Row($"{label} Encode (whole)", () => written = codec.Encode(data, shape, stream));
        Row($"{label} Decode (whole)", () => codec.Decode(stream.AsSpan(0, written), back));
        Console.WriteLine($"| {name} | ({label} ratio {(4.0 * n / written).ToString("F2", inv)}) | | |");
    }
}

// Time of the calling thread on the CPU (CLOCK_THREAD_CPUTIME_ID): the machine is shared, and wall time
// also counts the slices other processes get; best of N of either is reported (CPU time by default).
static double Best(Action f, int repeat)
{
    f();
    var best = double.PositiveInfinity;
    var wall = Environment.GetEnvironmentVariable("STAGES_WALL") == "1";
    for (var k = 0; k < repeat; k++)
    {
        var sw = Stopwatch.StartNew();
        var c0 = ThreadCpu.Seconds();
        var m = 0;
        do
        {
            f();
            m++;
        }
        while (sw.Elapsed.TotalSeconds < 0.05);
        var t = wall ? sw.Elapsed.TotalSeconds : ThreadCpu.Seconds() - c0;
        best = Math.Min(best, t / m);
    }

    return best;
}

static string FindWavefields()
{
    foreach (var c in new[] { Environment.GetEnvironmentVariable("PYREVOLVE_NET_SHARED"), "/work/shared" })
    {
        if (!string.IsNullOrEmpty(c) && Directory.Exists(Path.Combine(c, "data", "wavefields")))
        {
            return Path.Combine(c, "data", "wavefields");
        }
    }

    throw new DirectoryNotFoundException("wavefield samples not found; set PYREVOLVE_NET_SHARED");
}

internal static partial class ThreadCpu
{
    public static double Seconds()
    {
        Span<long> ts = stackalloc long[2];
        _ = ClockGetTime(3, ref ts[0]);
        return ts[0] + (ts[1] * 1e-9);
    }

    [System.Runtime.InteropServices.LibraryImport("libc", EntryPoint = "clock_gettime")]
    private static partial int ClockGetTime(int clock, ref long timespec);
}
