using System.Buffers.Binary;
using PyRevolveNet.Compression;
using FloatCodec = PyRevolveNet.Compression.ICheckpointCodec;

namespace PyRevolveNet.Storage;

/// <summary>
/// Stores checkpoints through a float32 codec of <see cref="PyRevolveNet.Compression"/>: each region is one
/// self-describing codec stream (with its shape when known, so predictors see rows and planes), after a small
/// table of stream lengths. Regions are coded in parallel on the cores (the caller waits for the save anyway,
/// and one core does not keep up with the kernels). Stored sizes vary with the data, so memory tiers keep each
/// checkpoint in a block of its own size (<see cref="CompactMemoryStore"/>) and budgets count
/// <see cref="PlanningBytes"/>.
/// </summary>
public sealed class CompressingCodec : IStorageCodec
{
    private const uint Magic = 0x434E5250; // "PRNC"
    private const int ParallelThreshold = 256 << 10;
    private const int StreamHeaderBytes = 64;
    private readonly int[][] _shapes;
    private readonly int _maxRegions;
    private readonly double _ratio;

    /// <param name="codec">the float codec (thread-safe, as all of them are)</param>
    /// <param name="regionShapes">shape of region i (C order); regions of another size are coded as 1-D</param>
    /// <param name="maxRegions">most regions a checkpoint has (bounds the worst-case size)</param>
    /// <param name="expectedRatio">raw / stored size to plan checkpoint counts with; null: the codec's own figure
    /// when its size is fixed (bitcomp without entropy: 32 / nbits, noop: 1), else 1 (no gain assumed)</param>
    /// <param name="secondOrderPair">checkpoints are (u(t-1), u(t)) of a second-order-in-time scheme: region 0 is
    /// stored as u'(t) - u(t-1), the difference from the decoded region 1 (see <see cref="SecondOrderPair"/>)</param>
    public CompressingCodec(FloatCodec codec, IReadOnlyList<int[]>? regionShapes = null, int maxRegions = 8, double? expectedRatio = null, bool secondOrderPair = false)
    {
        SecondOrderPair = secondOrderPair;
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxRegions, 1);
        if (expectedRatio is { } r && !(r >= 1 && double.IsFinite(r)))
        {
            throw new ArgumentOutOfRangeException(nameof(expectedRatio), $"expected_ratio must be a finite number >= 1, got {r}");
        }

        Codec = codec;
        _shapes = regionShapes?.Select(s => s.ToArray()).ToArray() ?? [];
        _maxRegions = Math.Max(maxRegions, _shapes.Length);
        _ratio = expectedRatio ?? NominalRatio(codec);
    }

    public FloatCodec Codec { get; }

    /// <summary>
    /// A leapfrog scheme restarted from (u(t-1)', u(t)') carries their difference as its velocity: independent
    /// errors in the two levels become a spurious source of size error / dt. So the earlier level is coded as
    /// d = u(t) - u(t-1) and restored as u(t-1)' = u(t)' - d': the pair's difference is then d', whose error is
    /// relative to d (about omega dt times u), not to u.
    /// </summary>
    public bool SecondOrderPair { get; }

    /// <summary>The ratio budgets are planned with.</summary>
    public double PlanningRatio => _ratio;

    public string Name => CodecFactory.NameOf(Codec.Id);

    public int Id => 0x100 + (int)Codec.Id;

    public bool VariableSize => true;

    public long MaxEncodedBytes(long rawBytes) =>
        TableBytes(_maxRegions) + (_maxRegions * (long)Codec.MaxEncodedSize(0)) + rawBytes;

    // Planned: the data at the expected ratio plus the framing of a two-region checkpoint (table, stream headers).
    public long PlanningBytes(long rawBytes) =>
        Math.Min(MaxEncodedBytes(rawBytes), (long)Math.Ceiling(rawBytes / _ratio) + TableBytes(2) + (2L * StreamHeaderBytes));

    public unsafe long Encode(ReadOnlySpan<MemoryRegion> source, MemoryRegion destination)
    {
        int n = source.Length;
        if (n > _maxRegions)
        {
            throw new ArgumentException($"a checkpoint of {n} regions; this codec was set up for at most {_maxRegions}");
        }

        var regions = source.ToArray();
        var worst = new long[n];
        var table = TableBytes(n);
        long offset = table;
        for (int i = 0; i < n; i++)
        {
            worst[i] = offset;
            offset += Codec.MaxEncodedSize(Floats(regions[i], i));
        }

        if (offset > destination.Length)
        {
            StorageErrors.ThrowTooLarge(destination.Length);
        }

        // Each stream is written at its worst-case offset (so the regions can be coded at once), then packed.
        var lengths = new long[n];
        if (IsPair(regions))
        {
            EncodePair(regions, destination, worst, lengths);
        }
        else
        {
            ForEach(regions, i =>
            {
                var r = regions[i];
                var floats = new ReadOnlySpan<float>((void*)r.Address, (int)(r.Length / 4));
                var room = RegionCopy.AsSpan(destination.Address + (nint)worst[i], Codec.MaxEncodedSize(floats.Length));
                lengths[i] = Codec.Encode(floats, ShapeOf(i, floats.Length), room);
            });
        }

        var all = RegionCopy.AsSpan(destination.Address, offset);
        BinaryPrimitives.WriteUInt32LittleEndian(all, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(all[4..], n);
        long position = table;
        for (int i = 0; i < n; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(all[(8 + (8 * i))..], lengths[i]);
            all.Slice((int)worst[i], (int)lengths[i]).CopyTo(all[(int)position..]);
            position += lengths[i];
        }

        return position;
    }

    public unsafe void Decode(MemoryRegion source, ReadOnlySpan<MemoryRegion> destination)
    {
        var bytes = RegionCopy.AsSpan(source.Address, source.Length);
        int n = destination.Length;
        if (bytes.Length < 8 || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
        {
            throw new InvalidDataException("stored checkpoint is damaged: no compressed-checkpoint table");
        }

        if (BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]) != n || bytes.Length < TableBytes(n))
        {
            throw new InvalidDataException($"stored checkpoint holds {BinaryPrimitives.ReadInt32LittleEndian(bytes[4..])} regions, the location has {n}");
        }

        var starts = new long[n];
        var lengths = new long[n];
        long position = TableBytes(n);
        for (int i = 0; i < n; i++)
        {
            lengths[i] = BinaryPrimitives.ReadInt64LittleEndian(bytes[(8 + (8 * i))..]);
            if (lengths[i] < 0 || lengths[i] > bytes.Length - position)
            {
                throw new InvalidDataException("stored checkpoint is damaged: a stream runs past its end");
            }

            starts[i] = position;
            position += lengths[i];
        }

        var regions = destination.ToArray();
        ForEach(regions, i =>
        {
            var r = regions[i];
            var floats = new Span<float>((void*)r.Address, Floats(r, i));
            Codec.Decode(RegionCopy.AsSpan(source.Address + (nint)starts[i], lengths[i]), floats);
        });

        if (IsPair(regions))
        {
            // u(t-1)' = u(t)' - d'
            var later = new ReadOnlySpan<float>((void*)regions[1].Address, Floats(regions[1], 1));
            var earlier = new Span<float>((void*)regions[0].Address, later.Length);
            Subtract(later, earlier, earlier);
        }
    }

    // destination = a - b (destination may alias either); one vector width is plenty for a memory-bound loop.
    private static void Subtract(ReadOnlySpan<float> a, ReadOnlySpan<float> b, Span<float> destination)
    {
        int i = 0;
        if (System.Numerics.Vector.IsHardwareAccelerated)
        {
            for (; i <= a.Length - System.Numerics.Vector<float>.Count; i += System.Numerics.Vector<float>.Count)
            {
                (new System.Numerics.Vector<float>(a[i..]) - new System.Numerics.Vector<float>(b[i..])).CopyTo(destination[i..]);
            }
        }

        for (; i < a.Length; i++)
        {
            destination[i] = a[i] - b[i];
        }
    }

    private bool IsPair(MemoryRegion[] regions) =>
        SecondOrderPair && regions.Length == 2 && regions[0].Length == regions[1].Length;

    // Region 1 as it is, region 0 as d = u(t) - u(t-1); both coded at once.
    private unsafe void EncodePair(MemoryRegion[] regions, MemoryRegion destination, long[] worst, long[] lengths)
    {
        int count = Floats(regions[1], 1);
        var scratch = System.Buffers.ArrayPool<float>.Shared.Rent(count);
        try
        {
            fixed (float* d = scratch)
            {
                var difference = new Span<float>(d, count);
                Subtract(new ReadOnlySpan<float>((void*)regions[1].Address, count), new ReadOnlySpan<float>((void*)regions[0].Address, count), difference);
                MemoryRegion[] sources = [new((nint)d, count * 4L), regions[1]];
                ForEach(sources, i =>
                {
                    var floats = new ReadOnlySpan<float>((void*)sources[i].Address, count);
                    var room = RegionCopy.AsSpan(destination.Address + (nint)worst[i], Codec.MaxEncodedSize(count));
                    lengths[i] = Codec.Encode(floats, ShapeOf(i, count), room);
                });
            }
        }
        finally
        {
            System.Buffers.ArrayPool<float>.Shared.Return(scratch);
        }
    }

    private static long TableBytes(int regions) => 8 + (8L * regions);

    private static double NominalRatio(FloatCodec codec) => codec switch
    {
        BitcompCodec { Entropy: false } b => 32.0 / b.Nbits,
        _ => 1.0,
    };

    private static int Floats(MemoryRegion r, int index)
    {
        if (r.Length % sizeof(float) != 0 || r.Length / sizeof(float) > int.MaxValue / 4)
        {
            throw new ArgumentException(
                $"compressed checkpoints hold float32 arrays below 2 GiB each; region {index} has {r.Length} bytes");
        }

        return (int)(r.Length / sizeof(float));
    }

    private static void ForEach(MemoryRegion[] regions, Action<int> body)
    {
        if (regions.Length < 2 || MemoryRegion.TotalBytes(regions) < ParallelThreshold || Environment.ProcessorCount < 2)
        {
            for (int i = 0; i < regions.Length; i++)
            {
                body(i);
            }

            return;
        }

        Parallel.For(0, regions.Length, body);
    }

    private ReadOnlySpan<int> ShapeOf(int index, int floats)
    {
        if (index < _shapes.Length)
        {
            long product = 1;
            foreach (var d in _shapes[index])
            {
                product *= d;
            }

            if (product == floats && _shapes[index].Length is >= 1 and <= 3)
            {
                return _shapes[index];
            }
        }

        return new[] { floats };
    }
}
