using PyRevolveNet.Compression;
using PyRevolveNet.Execution;
using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;
using PyRevolveNet.Tests.Execution;

namespace PyRevolveNet.Tests.Storage;

/// <summary>Compressed checkpoints: the region codec, the right-sized memory tier, and whole revolver runs.</summary>
public sealed unsafe class CompressedStorageTests
{
    private static float[] Wave(int n, double phase, double amplitude = 1) =>
        Enumerable.Range(0, n).Select(i => (float)(amplitude * Math.Sin((0.05 * i) + phase) * Math.Exp(-0.0001 * i))).ToArray();

    private static long RoundTrip(CompressingCodec codec, float[][] data, float[][] back)
    {
        fixed (float* a = data[0], b = data[1], c = data[2], ra = back[0], rb = back[1], rc = back[2])
        {
            MemoryRegion[] src = [new((nint)a, data[0].Length * 4L), new((nint)b, data[1].Length * 4L), new((nint)c, data[2].Length * 4L)];
            MemoryRegion[] dst = [new((nint)ra, back[0].Length * 4L), new((nint)rb, back[1].Length * 4L), new((nint)rc, back[2].Length * 4L)];
            using var buffer = new AlignedBuffer(codec.MaxEncodedBytes(MemoryRegion.TotalBytes(src)));
            var length = codec.Encode(src, buffer.Region(0, buffer.Length));
            codec.Decode(buffer.Region(0, length), dst);
            return length;
        }
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(200_000)] // above the parallel threshold: regions coded on two threads
    public void Lossless_regions_round_trip_exactly_with_and_without_shapes(int n)
    {
        var codec = new CompressingCodec(new LosslessCodec(), [[n / 100, 100], [n]], maxRegions: 3);
        float[][] data = [Wave(n, 0), Wave(n, 1), Wave(7, 2)];
        float[][] back = [new float[n], new float[n], new float[7]];
        var length = RoundTrip(codec, data, back);
        for (int r = 0; r < 3; r++)
        {
            Assert.Equal(data[r], back[r]);
        }

        Assert.True(length < codec.MaxEncodedBytes(((2L * n) + 7) * 4));
    }

    [Fact]
    public void Bounded_codec_keeps_its_bound_in_every_region()
    {
        const double tol = 1e-3;
        var codec = new CompressingCodec(new BoundedCodec(tolerance: tol), maxRegions: 3);
        float[][] data = [Wave(5000, 0, 3), Wave(5000, 1, 0.1), Wave(33, 2)];
        float[][] back = [new float[5000], new float[5000], new float[33]];
        var length = RoundTrip(codec, data, back);
        for (int r = 0; r < 3; r++)
        {
            Assert.True(data[r].Zip(back[r]).Max(p => Math.Abs(p.First - p.Second)) <= tol);
        }

        Assert.True(length < 5000 * 4, $"{length} bytes: the smooth data should compress");
    }

    [Fact]
    public void Second_order_pairs_store_the_earlier_level_as_a_difference()
    {
        // u(t-1), u(t) of a slowly varying wave: the restored pair's difference is the coded difference, whose
        // error is bounded relative to the (small) difference itself, not to u.
        const int n = 4096;
        var earlier = Wave(n, 0, 5);
        var later = Wave(n, 0.02, 5);
        var codec = new CompressingCodec(new BoundedCodec(relTolerance: 1e-3), secondOrderPair: true);
        var plain = new CompressingCodec(new BoundedCodec(relTolerance: 1e-3));
        double DifferenceError(CompressingCodec c)
        {
            var e = new float[n];
            var l = new float[n];
            fixed (float* pe = earlier, pl = later, re = e, rl = l)
            {
                MemoryRegion[] src = [new((nint)pe, n * 4), new((nint)pl, n * 4)];
                MemoryRegion[] dst = [new((nint)re, n * 4), new((nint)rl, n * 4)];
                using var buffer = new AlignedBuffer(c.MaxEncodedBytes(2L * n * 4));
                c.Decode(buffer.Region(0, c.Encode(src, buffer.Region(0, buffer.Length))), dst);
            }

            Assert.True(later.Zip(l).Max(p => Math.Abs(p.First - p.Second)) <= 1e-3 * 5 * 1.0001);
            return Enumerable.Range(0, n).Max(i => Math.Abs((l[i] - e[i]) - (later[i] - earlier[i])));
        }

        double maxDifference = Enumerable.Range(0, n).Max(i => Math.Abs(later[i] - earlier[i]));
        var paired = DifferenceError(codec);
        Assert.True(paired <= (1e-3 * maxDifference) + 1e-6, $"difference error {paired}, bound {1e-3 * maxDifference}");
        Assert.True(paired * 10 < DifferenceError(plain));
    }

    [Fact]
    public void Damaged_or_mismatched_checkpoints_are_refused()
    {
        var codec = new CompressingCodec(new BitcompCodec(12));
        var data = Wave(100, 0);
        var back = new float[100];
        fixed (float* p = data, q = back)
        {
            MemoryRegion[] src = [new((nint)p, 400)];
            using var buffer = new AlignedBuffer(codec.MaxEncodedBytes(400));
            var length = codec.Encode(src, buffer.Region(0, buffer.Length));
            nint address = (nint)q, input = (nint)p;
            Assert.Throws<InvalidDataException>(() => codec.Decode(buffer.Region(0, length), [new(address, 200), new(address + 200, 200)]));
            RegionCopy.AsSpan(buffer.Address, length)[(int)length - 5] ^= 0x40;
            Assert.Throws<InvalidDataException>(() => codec.Decode(buffer.Region(0, length), [new(address, 400)]));
            RegionCopy.AsSpan(buffer.Address, length)[0] ^= 0x40;
            Assert.Throws<InvalidDataException>(() => codec.Decode(buffer.Region(0, length), [new(address, 400)]));
            var odd = Assert.Throws<ArgumentException>(() => codec.Encode([new(input, 6)], buffer.Region(0, buffer.Length)));
            Assert.Contains("float32", odd.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Compact_store_keeps_right_sized_blocks_and_reuses_them()
    {
        const int n = 50_000;
        var codec = new CompressingCodec(new BoundedCodec(relTolerance: 1e-3));
        using var store = new CompactMemoryStore(n * 4, codec);
        var data = Wave(n, 0);
        var back = new float[n];
        fixed (float* p = data, q = back)
        {
            MemoryRegion[] src = [new((nint)p, n * 4)];
            MemoryRegion[] dst = [new((nint)q, n * 4)];
            for (int k = 0; k < 4; k++)
            {
                store.Save(k, src);
            }

            var reserved = store.Statistics.ReservedBytes;
            Assert.True(store.Statistics.Bytes < n * 4, "four compressed checkpoints take less than one raw one");
            for (int round = 0; round < 5; round++)
            {
                Assert.True(store.Remove(round % 4));
                store.Save(round % 4, src);
                store.Save(2, src); // replace in place
            }

            Assert.Equal(reserved, store.Statistics.ReservedBytes);
            store.Load(3, dst);
            Assert.True(data.Zip(back).Max(x => Math.Abs(x.First - x.Second)) <= 1e-3 * data.Max(Math.Abs));
            Assert.Equal(4, store.Statistics.Count);
            Assert.Throws<KeyNotFoundException>(() => store.Load(9, dst));
        }
    }

    [Fact]
    public void Compact_store_over_its_budget_keeps_the_data_and_counts_it()
    {
        const int n = 10_000;
        var noise = new Random(3);
        var data = Enumerable.Range(0, n).Select(_ => (float)noise.NextDouble()).ToArray();
        var back = new float[n];
        using var store = new CompactMemoryStore(n * 4, new CompressingCodec(new LosslessCodec()), budgetBytes: 2 * n * 4);
        fixed (float* p = data, q = back)
        {
            MemoryRegion[] src = [new((nint)p, n * 4)];
            for (int k = 0; k < 3; k++)
            {
                store.Save(k, src);
            }

            Assert.True(store.Statistics.OverBudgetSaves >= 1);
            store.Load(2, [new((nint)q, n * 4)]);
            Assert.Equal(data, back);
        }
    }

    [Fact]
    public void Background_coding_stores_the_same_bytes_and_reports_a_failure_at_the_next_call()
    {
        const int n = 40_000;
        var data = Wave(n, 0.3, 2);
        var nan = Wave(n, 0.1);
        nan[n / 2] = float.NaN;
        var codec = new CompressingCodec(new BitcompCodec(9));
        using var background = new CompactMemoryStore(n * 4, codec, background: true);
        using var inline = new CompactMemoryStore(n * 4, codec, background: false);
        var fromBackground = new float[n];
        var fromInline = new float[n];
        fixed (float* p = data, q = fromBackground, r = fromInline, bad = nan)
        {
            MemoryRegion[] src = [new((nint)p, n * 4)];
            background.Save(1, src);
            inline.Save(1, src);
            data.AsSpan().Clear(); // the live state moves on at once: the background copy must not see it
            background.Load(1, [new((nint)q, n * 4)]);
            inline.Load(1, [new((nint)r, n * 4)]);
            Assert.Equal(fromInline, fromBackground);
            Assert.Equal(inline.Statistics.Bytes, background.Statistics.Bytes);

            MemoryRegion[] poisoned = [new((nint)bad, n * 4)];
            Assert.Throws<ArgumentException>(() => inline.Save(2, poisoned));
            background.Save(2, poisoned);                       // returns at once; the coding fails later
            Assert.Throws<ArgumentException>(() => background.Contains(2));
            Assert.False(background.Contains(2));
            Assert.True(background.Contains(1));
        }

        Assert.Contains(fromBackground, v => v != 0);
    }

    [Theory]
    [InlineData(StorageLayout.Memory)]
    [InlineData(StorageLayout.MultiLevel)]
    public void A_lossless_compressed_run_equals_the_reference_and_fits_more_checkpoints(StorageLayout layout)
    {
        const int nt = 60;
        using var model = new DevitoLikeModel();
        var codec = new CompressingCodec(new LosslessCodec(), expectedRatio: 3);

        // The budget holds 4 raw checkpoints, so 10 compressed ones at a planned ratio of 3 (stored sizes vary).
        long budget = 4 * model.CheckpointBytes;
        var planned = StorageBudget.SlotsFor(budget, model.CheckpointBytes, codec);
        Assert.True(planned > StorageBudget.SlotsFor(budget, model.CheckpointBytes));
        var options = new StorageOptions { Layout = layout, Codec = codec, DiskDirectory = Path.GetTempPath() };
        Func<CheckpointSchedule> schedule = layout == StorageLayout.Memory
            ? () => new ClassicRevolveSchedule(nt, Math.Min(planned, 6))
            : () => new HRevolve(nt, 2, 3);
        using var revolver = new ScheduleRevolver(model, model, model, schedule, options);
        revolver.ApplyForward();
        revolver.ApplyReverse();
        var reference = DevitoLikeModel.Reference(nt);
        Assert.Equal(reference.Gradient, model.Gradient);
        Assert.Equal(reference.V, model.V);
        // The codec framed every save (an identity copy would write exactly saves x checkpoint bytes).
        var s = revolver.Summary;
        Assert.NotEqual((s.Ram.Saves + s.Disk.Saves) * model.CheckpointBytes, s.Ram.BytesWritten + s.Disk.BytesWritten);
    }
}
