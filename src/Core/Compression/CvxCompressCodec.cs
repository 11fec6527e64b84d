using System.Buffers;
using System.Globalization;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Wavelet coding in CvxCompress's spirit: the array is cut into blocks (block^rank, default 32), each block
/// (edge blocks padded by replicating the border) goes through a separable multi-level CDF 9/7 transform
/// down to 4 samples a side, coefficients are quantized uniformly with step = 0.15 · compscale · max|u| (so
/// everything below half a step, most fine-scale detail, becomes zero), and the integers are entropy coded
/// with the shared residual coder (its zero runs swallow the empty detail bands). Lossy without a hard
/// bound: the error scales with compscale (see docs/performance-codecs.md). Blocks are independent and are
/// transformed in parallel when threads != 1. Non-finite input is refused.
/// Header: param = block, aux = threads used (informative), a = step, b = compscale.
/// </summary>
public sealed class CvxCompressCodec : CheckpointCodec
{
    public CvxCompressCodec(double compscale = 1e-3, int block = 32, int threads = 1)
    {
        if (!(compscale >= 1e-7 && compscale < 1))
        {
            CodecThrow.Argument("compscale", $"compscale must be in [1e-7, 1), got {compscale}");
        }

        if (block is not (8 or 16 or 32 or 64))
        {
            CodecThrow.Argument("block", $"block must be 8, 16, 32 or 64, got {block}");
        }

        if (threads < 0)
        {
            CodecThrow.Argument("threads", $"threads must be >= 0 (0: all cores), got {threads}");
        }

        Compscale = compscale;
        Block = block;
        Threads = threads;
    }

    /// <summary>
    /// step = StepFactor · compscale · max|u|: calibrated on the wavefield samples so that a compscale gives
    /// about the relative L2 error CvxCompress gives for the same compscale (1e-2 → ~3.5e-3 on dense 2D).
    /// </summary>
    internal const double StepFactor = 0.15;

    public override CodecId Id => CodecId.CvxCompress;

    public double Compscale { get; }

    public int Block { get; }

    public int Threads { get; }

    public override string GetConfigJson() => string.Create(
        CultureInfo.InvariantCulture,
        $$"""{"id":"cvxcompress","compscale":{{Compscale:R}},"block":{{Block}},"threads":{{Threads}}}""");

    internal override int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header)
    {
        Simd.Range(data, out _, out _, out var absBits);
        if (absBits >= 0x7F800000u)
        {
            CodecThrow.NonFinite("cvxcompress", FirstNonFinite(data));
        }

        var maxAbs = BitConverter.UInt32BitsToSingle(absBits);
        var step = (float)(StepFactor * Compscale * maxAbs);
        if (!(step > 0) || !float.IsFinite(1f / step))
        {
            // All zeros, or amplitudes so small that the step has no float inverse: store raw.
            return maxAbs == 0 ? EncodeZeros(dims, payload, ref header) : -1;
        }

        var layout = new BlockLayout(dims, Block);
        var coefficients = ArrayPool<int>.Shared.Rent((int)layout.TotalCoefficients);
        try
        {
            var q = coefficients.AsSpan(0, (int)layout.TotalCoefficients);
            unsafe
            {
                // Raw pointers so the parallel body (a lambda) can reach the spans' memory.
                fixed (float* src = data)
                fixed (int* dst = q)
                {
                    var s = src;
                    var d = dst;
                    var inv = 1f / step;
                    var n = data.Length;
                    var m = q.Length;
                    RunBlocks(layout, b => layout.ForwardBlock(new ReadOnlySpan<float>(s, n), b, inv, new Span<int>(d, m)));
                }
            }

            header.Param = Block;
            header.A = step;
            header.B = Compscale;
            Simd.ZigZag(q);
            return EncodeCoefficients(q, payload);
        }
        finally
        {
            ArrayPool<int>.Shared.Return(coefficients);
        }
    }

    internal override void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination)
    {
        var block = header.Param;
        if (block is not (8 or 16 or 32 or 64))
        {
            CodecThrow.Corrupt($"block size {block}");
        }

        var step = (float)header.A;
        if (step == 0)
        {
            destination.Clear();
            return;
        }

        var layout = new BlockLayout(header.Dims, block);
        var coefficients = ArrayPool<int>.Shared.Rent((int)layout.TotalCoefficients);
        try
        {
            var q = coefficients.AsSpan(0, (int)layout.TotalCoefficients);
            var used = ResidualCoder.Decode(payload, q);
            if (used != payload.Length)
            {
                CodecThrow.Corrupt("unexpected bytes after the coefficients");
            }

            Simd.UnZigZag(q);
            unsafe
            {
                fixed (int* src = q)
                fixed (float* dst = destination)
                {
                    var s = src;
                    var d = dst;
                    var n = destination.Length;
                    var m = q.Length;
                    RunBlocks(layout, b => layout.InverseBlock(new ReadOnlySpan<int>(s, m), b, step, new Span<float>(d, n)));
                }
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(coefficients);
        }
    }

    /// <summary>
    /// Codes the coefficients into the payload, or returns -1 (store raw) when they do not fit: padded edge
    /// blocks can hold many more coefficients than the array has values (a 5 x 33 x 41 array fills four
    /// 32^3 blocks), so the coder's worst case may exceed the payload; it then writes into scratch first.
    /// </summary>
    private static int EncodeCoefficients(ReadOnlySpan<int> q, Span<byte> payload)
    {
        var worst = ResidualCoder.MaxEncodedSize(q.Length);
        if (worst <= payload.Length)
        {
            return ResidualCoder.Encode(q, payload);
        }

        var scratch = ArrayPool<byte>.Shared.Rent((int)worst);
        try
        {
            var used = ResidualCoder.Encode(q, scratch);
            if (used > payload.Length)
            {
                return -1;
            }

            scratch.AsSpan(0, used).CopyTo(payload);
            return used;
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }
    }

    private void RunBlocks(BlockLayout layout, Action<int> body)
    {
        if (Threads == 1 || layout.BlockCount < 2)
        {
            for (var b = 0; b < layout.BlockCount; b++)
            {
                body(b);
            }

            return;
        }

        var options = new ParallelOptions { MaxDegreeOfParallelism = Threads == 0 ? Environment.ProcessorCount : Threads };
        Parallel.For(0, layout.BlockCount, options, body);
    }

    private static int EncodeZeros(in Dims dims, Span<byte> payload, ref CodecHeader header)
    {
        _ = dims;
        _ = payload;
        header.A = 0;
        header.Param = 32;
        return 0;
    }
}
