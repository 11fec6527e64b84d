using System.Buffers;
using System.Buffers.Binary;
using System.Globalization;

namespace PyRevolveNet.Compression;

/// <summary>
/// Wavelet coding in CvxCompress's spirit: the array is cut into blocks (block^rank, default 32; edge blocks
/// padded by replicating the border), each block goes through a separable multi-level CDF 9/7 transform down
/// to 4 samples a side, each band is quantized uniformly with step / gain (the band's synthesis gain,
/// <see cref="BandGains"/>: a coefficient's error reaches the samples scaled by it, so this gives every band
/// about the same error per sample; step = <see cref="StepFactor"/> · compscale · max|u|), and the integers
/// are entropy coded by <see cref="CoefficientCoder"/>. Lossy without a hard bound: the error scales with
/// compscale (see docs/codecs.md). Segments of whole blocks are coded independently, in parallel when
/// threads != 1 (the stream is the same for any thread count). Non-finite input is refused.
/// Header: mode = payload format (2), param = block, a = step, b = compscale (aux unused: the stream must not
/// depend on the thread count).
/// Payload: the tables (<see cref="CoefficientTables"/>), per segment three u32 stream sizes (codes,
/// magnitudes, signs), then each segment's three streams in that order.
/// </summary>
public sealed class CvxCompressCodec : CheckpointCodec
{
    /// <summary>The payload format this build writes and reads (header mode).</summary>
    internal const byte Format = 2;

    /// <summary>
    /// step = StepFactor · compscale · max|u|, calibrated on the wavefield samples so that a compscale gives
    /// about the relative L2 error CvxCompress reaches with the same compscale (see docs/codecs.md).
    /// </summary>
    internal const double StepFactor = 0.26;

    /// <summary>Larger amplitudes could overflow the transform's float range: such data is stored raw.</summary>
    private const float MaxAmplitude = 1e30f;

    private const int DirectoryEntry = 12;

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

        header.Mode = Format;
        header.Param = Block;
        header.B = Compscale;
        var maxAbs = BitConverter.UInt32BitsToSingle(absBits);
        if (maxAbs == 0)
        {
            header.A = 0;
            return 0;
        }

        var step = (float)(StepFactor * Compscale * maxAbs);
        if (!(step > 0) || !float.IsFinite(1f / step) || maxAbs > MaxAmplitude)
        {
            return -1;
        }

        var layout = new BlockLayout(dims, Block);
        if (layout.Plan is not { } plan)
        {
            return -1; // a single value: nothing to transform, stored raw
        }

        header.A = step;
        var segments = layout.SegmentCount;
        var tables = plan.Classes * CoefficientCoder.TablesPerClass;
        var slots = tables * CoefficientCoder.Slots;
        var statsLength = CoefficientCoder.StatsLength(plan.Classes);
        var full = SegmentCoefficients(layout, 0);
        var total = ((long)(segments - 1) * full) + SegmentCoefficients(layout, segments - 1);
        if (total > int.MaxValue / 2 || (long)DirectoryEntry * segments >= payload.Length)
        {
            return -1;
        }

        // Per segment: its unit descriptors, statistics, and its magnitude and sign streams (written while its
        // values are in cache; at most 30 + 1 bits per value). Only the code streams wait for the tables.
        var valueRoom = (4 * full) + 16;
        var desc = ArrayPool<ulong>.Shared.Rent((int)(total / CoefficientCoder.UnitSize));
        var values = ArrayPool<byte>.Shared.Rent((int)Math.Min((long)segments * valueRoom, int.MaxValue));
        var stats = ArrayPool<int>.Shared.Rent(segments * statsLength);
        var starts = ArrayPool<int>.Shared.Rent(3 * segments);
        var codes = ArrayPool<uint>.Shared.Rent(slots);
        try
        {
            if ((long)segments * valueRoom > values.Length)
            {
                return -1;
            }

            SegmentRunner.Run(layout, Threads, data, Span<byte>.Empty, new TransformJob(layout, step, full, statsLength, valueRoom, desc, stats, values));

            // Tables from the whole array's statistics; then every stream's exact size and place.
            Span<long> counts = stackalloc long[slots];
            counts.Clear();
            for (var k = 0; k < segments; k++)
            {
                var s = stats.AsSpan(k * statsLength, slots);
                for (var i = 0; i < slots; i++)
                {
                    counts[i] += s[i];
                }
            }

            Span<byte> lengths = stackalloc byte[slots];
            CoefficientTables.Build(counts, tables, lengths, codes);
            var head = CoefficientTables.Write(lengths, tables, payload);
            long offset = head + (DirectoryEntry * segments);
            for (var k = 0; k < segments; k++)
            {
                var s = stats.AsSpan(k * statsLength, statsLength);
                long codeBits = 0;
                for (var i = 0; i < slots; i++)
                {
                    codeBits += (long)s[i] * lengths[i];
                }

                Span<long> size = [CoefficientCoder.StreamBytes(codeBits), CoefficientCoder.StreamBytes(s[^2]), CoefficientCoder.StreamBytes(s[^1])];
                for (var j = 0; j < 3; j++)
                {
                    starts[(3 * k) + j] = (int)Math.Min(offset, int.MaxValue);
                    offset += size[j];
                    if (offset > payload.Length)
                    {
                        return -1;
                    }

                    BinaryPrimitives.WriteUInt32LittleEndian(payload[(head + (DirectoryEntry * k) + (4 * j))..], (uint)size[j]);
                }
            }

            SegmentRunner.Run(layout, Threads, ReadOnlySpan<byte>.Empty, payload[..(int)offset], new CodeJob(layout, full, valueRoom, slots, desc, values, starts, codes));
            return (int)offset;
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(codes);
            ArrayPool<int>.Shared.Return(starts);
            ArrayPool<int>.Shared.Return(stats);
            ArrayPool<byte>.Shared.Return(values);
            ArrayPool<ulong>.Shared.Return(desc);
        }
    }

    internal override void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination)
    {
        if (header.Mode != Format)
        {
            CodecThrow.Corrupt($"cvxcompress payload format {header.Mode}; this build reads format {Format}");
        }

        var block = header.Param;
        if (block is not (8 or 16 or 32 or 64))
        {
            CodecThrow.Corrupt($"block size {block}");
        }

        var step = (float)header.A;
        if (step == 0)
        {
            if (!payload.IsEmpty)
            {
                CodecThrow.Corrupt("payload after an all-zero array");
            }

            destination.Clear();
            return;
        }

        if (!(step > 0) || !float.IsFinite(step))
        {
            CodecThrow.Corrupt($"quantization step {header.A}");
        }

        var layout = new BlockLayout(header.Dims, block);
        if (layout.Plan is not { } plan)
        {
            CodecThrow.Corrupt("a coded stream of a single value");
            return;
        }

        var segments = layout.SegmentCount;
        var tables = plan.Classes * CoefficientCoder.TablesPerClass;
        Span<byte> lengths = stackalloc byte[tables * CoefficientCoder.Slots];
        var head = CoefficientTables.Read(payload, tables, lengths);
        long offset = head + ((long)DirectoryEntry * segments);
        if (offset > payload.Length)
        {
            CodecThrow.Corrupt("truncated segment directory");
        }

        var starts = ArrayPool<int>.Shared.Rent(3 * segments);
        var entries = ArrayPool<ushort>.Shared.Rent(CoefficientTables.DecodeSize(lengths, tables));
        var tableStart = ArrayPool<int>.Shared.Rent(2 * tables);
        try
        {
            for (var k = 0; k < 3 * segments; k++)
            {
                starts[k] = (int)offset;
                offset += BinaryPrimitives.ReadUInt32LittleEndian(payload[(head + (4 * k))..]);
                if (offset > payload.Length)
                {
                    CodecThrow.Corrupt("coefficient streams run past the payload");
                }
            }

            if (offset != payload.Length)
            {
                CodecThrow.Corrupt("unexpected bytes after the coefficient streams");
            }

            CoefficientTables.BuildDecode(lengths, tables, entries, tableStart.AsSpan(0, tables), tableStart.AsSpan(tables, tables));
            SegmentRunner.Run(layout, Threads, payload, destination, new DecodeJob(layout, step, 3 * segments, tables, starts, entries, tableStart));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(tableStart);
            ArrayPool<ushort>.Shared.Return(entries);
            ArrayPool<int>.Shared.Return(starts);
        }
    }

    /// <summary>Coefficients (with the per-band unit padding) of segment k.</summary>
    private static int SegmentCoefficients(in BlockLayout layout, int k)
    {
        Span<int> units = stackalloc int[layout.Plan!.Bands.Length];
        return layout.BandUnits(layout.BlocksIn(k), units);
    }

    /// <summary>
    /// Transforms and quantizes segment k's blocks, describes and counts its units, and writes its magnitude and
    /// sign streams into values (magnitudes first, each stream's size from the counts).
    /// </summary>
    private static void TransformSegment(in BlockLayout layout, float step, ReadOnlySpan<float> data, int k, Span<ulong> desc, Span<int> stats, Span<byte> values, Span<float> x, Span<float> tmp)
    {
        var plan = layout.Plan!;
        var bands = plan.Bands.Length;
        Span<int> units = stackalloc int[bands];
        Span<int> runStart = stackalloc int[bands];
        Span<float> mul = stackalloc float[bands];
        var blocks = layout.BlocksIn(k);
        var count = RunStarts(layout, blocks, units, runStart);
        for (var b = 0; b < bands; b++)
        {
            mul[b] = (float)(plan.Bands[b].Gain / step);
        }

        var q = ArrayPool<int>.Shared.Rent(count);
        try
        {
            var seg = q.AsSpan(0, count);
            for (var s = 0; s < blocks; s++)
            {
                layout.Load(data, (k * layout.SegmentBlocks) + s, x);
                layout.Transform(x, tmp, forward: true);
                BandQuantizer.Quantize(x, layout, mul, runStart, s, seg);
            }

            for (var b = 0; b < bands; b++)
            {
                var used = blocks * plan.BandVolume(b);
                seg.Slice(runStart[b] + used, (units[b] * CoefficientCoder.UnitSize) - used).Clear();
            }

            stats.Clear();
            var d = desc[..(count / CoefficientCoder.UnitSize)];
            CoefficientCoder.Count(seg, plan, units, d, stats);
            var magBytes = (int)CoefficientCoder.StreamBytes(stats[^2]);
            var signBytes = (int)CoefficientCoder.StreamBytes(stats[^1]);
            CoefficientCoder.EmitValues(seg, d, values[..magBytes], values.Slice(magBytes, signBytes));
        }
        finally
        {
            ArrayPool<int>.Shared.Return(q);
        }
    }

    private static void DecodeSegment(in BlockLayout layout, float step, ReadOnlySpan<byte> payload, ReadOnlySpan<int> starts, ushort[] entries, ReadOnlySpan<int> tableStart, int k, Span<float> destination, Span<float> x, Span<float> tmp)
    {
        var plan = layout.Plan!;
        var bands = plan.Bands.Length;
        var tables = plan.Classes * CoefficientCoder.TablesPerClass;
        Span<int> units = stackalloc int[bands];
        Span<int> runStart = stackalloc int[bands];
        Span<float> deq = stackalloc float[bands];
        var blocks = layout.BlocksIn(k);
        var count = RunStarts(layout, blocks, units, runStart);
        for (var b = 0; b < bands; b++)
        {
            deq[b] = (float)(step / plan.Bands[b].Gain);
        }

        var q = ArrayPool<int>.Shared.Rent(count);
        var desc = ArrayPool<uint>.Shared.Rent(count / CoefficientCoder.UnitSize);
        try
        {
            var seg = q.AsSpan(0, count);
            int c = starts[3 * k], m = starts[(3 * k) + 1], g = starts[(3 * k) + 2];
            var end = 3 * (k + 1) < starts.Length ? starts[3 * (k + 1)] : payload.Length;
            var decode = new CoefficientCoder.DecodeTables(entries, tableStart[..tables], tableStart.Slice(tables, tables));
            CoefficientCoder.Decode(payload[c..m], payload[m..g], payload[g..end], plan, units, decode, desc, seg);
            for (var s = 0; s < blocks; s++)
            {
                BandQuantizer.Dequantize(seg, layout, deq, runStart, s, x);
                layout.Transform(x, tmp, forward: false);
                layout.Store(x, (k * layout.SegmentBlocks) + s, destination);
            }
        }
        finally
        {
            ArrayPool<uint>.Shared.Return(desc);
            ArrayPool<int>.Shared.Return(q);
        }
    }

    /// <summary>Units per band and where each band's run starts in a segment of the given blocks; returns its size.</summary>
    private static int RunStarts(in BlockLayout layout, int blocks, Span<int> units, Span<int> runStart)
    {
        var count = layout.BandUnits(blocks, units);
        var p = 0;
        for (var b = 0; b < units.Length; b++)
        {
            runStart[b] = p;
            p += units[b] * CoefficientCoder.UnitSize;
        }

        return count;
    }

    /// <summary>Phase 1 of encoding: transform, quantize, describe and count a segment, write its value streams.</summary>
    private readonly struct TransformJob(BlockLayout layout, float step, int full, int statsLength, int valueRoom, ulong[] desc, int[] stats, byte[] values) : ISegmentJob<float, byte>
    {
        public void Run(int k, ReadOnlySpan<float> input, Span<byte> output, Span<float> work, Span<float> scratch) =>
            TransformSegment(layout, step, input, k, desc.AsSpan(k * full / CoefficientCoder.UnitSize), stats.AsSpan(k * statsLength, statsLength), values.AsSpan(k * valueRoom, valueRoom), work, scratch);
    }

    /// <summary>Phase 2 of encoding: a segment's code stream with the global tables, and its value streams copied in place.</summary>
    private readonly struct CodeJob(BlockLayout layout, int full, int valueRoom, int slots, ulong[] desc, byte[] values, int[] starts, uint[] codes) : ISegmentJob<byte, byte>
    {
        public void Run(int k, ReadOnlySpan<byte> input, Span<byte> output, Span<float> work, Span<float> scratch)
        {
            Span<int> units = stackalloc int[layout.Plan!.Bands.Length];
            layout.BandUnits(layout.BlocksIn(k), units);
            int c = starts[3 * k], m = starts[(3 * k) + 1];
            var end = k + 1 < layout.SegmentCount ? starts[3 * (k + 1)] : output.Length;
            CoefficientCoder.EmitCodes(desc.AsSpan(k * full / CoefficientCoder.UnitSize), layout.Plan!, units, codes.AsSpan(0, slots), output[c..m]);
            values.AsSpan(k * valueRoom, end - m).CopyTo(output[m..end]);
        }
    }

    /// <summary>Decoding: a segment's coefficients, dequantized and inverse transformed into the destination.</summary>
    private readonly struct DecodeJob(BlockLayout layout, float step, int streams, int tables, int[] starts, ushort[] entries, int[] tableStart) : ISegmentJob<byte, float>
    {
        public void Run(int k, ReadOnlySpan<byte> input, Span<float> output, Span<float> work, Span<float> scratch) =>
            DecodeSegment(layout, step, input, starts.AsSpan(0, streams), entries, tableStart.AsSpan(0, 2 * tables), k, output, work, scratch);
    }
}
