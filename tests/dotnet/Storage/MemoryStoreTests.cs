using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Storage;

public class MemoryStoreTests
{
    [Fact]
    public void Round_trip_over_several_regions_and_overwrite()
    {
        using var live = new NativeBlock(100);
        using var store = new MemoryStore(100 * sizeof(double), 3);
        MemoryRegion[] regions = [live.Region(60, 40), live.Region(0, 60)];
        live.Fill(1);
        store.Save(7, regions);
        live.Fill(2);
        store.Save(8, regions);
        live.Fill(3);
        store.Save(7, regions); // replaces
        live.Fill(0);
        store.Load(8, regions);
        Assert.Equal(2, live.Values[0]);
        Assert.Equal(2 + (99 * 0.5), live.Values[99]);
        store.Load(7, regions);
        Assert.Equal(3, live.Values[0]);
        Assert.Equal(2, store.Statistics.Count);
        Assert.Equal(3, store.Statistics.Saves);
        Assert.True(store.Remove(7));
        Assert.False(store.Contains(7));
        Assert.Throws<KeyNotFoundException>(() => store.Load(7, regions));
    }

    [Fact]
    public void Pool_is_64_byte_aligned_and_full_store_refuses()
    {
        using var live = new NativeBlock(3);
        using var store = new MemoryStore(3 * sizeof(double), 2);
        MemoryRegion[] regions = [live.Region(0, 3)];
        store.Save(0, regions);
        store.Save(1, regions);
        var e = Assert.Throws<InvalidOperationException>(() => store.Save(2, regions));
        Assert.Contains("slots", e.Message, StringComparison.Ordinal);
        Assert.Equal(2 * 64, store.Statistics.ReservedBytes);
    }

    [Fact]
    public void Growable_store_adds_pools()
    {
        using var live = new NativeBlock(4);
        using var store = new MemoryStore(4 * sizeof(double), 2, maxSlots: 10);
        MemoryRegion[] regions = [live.Region(0, 4)];
        for (var k = 0; k < 10; k++)
        {
            live.Fill(k);
            store.Save(k, regions);
        }

        for (var k = 9; k >= 0; k--)
        {
            store.Load(k, regions);
            Assert.Equal(k, live.Values[0]);
        }

        Assert.Equal(10, store.Capacity);
        store.Clear();
        Assert.Equal(0, store.Statistics.Count);
        Assert.Throws<InvalidOperationException>(() =>
        {
            for (var k = 0; k < 11; k++)
            {
                store.Save(k, regions);
            }
        });
    }

    [Fact]
    public void Size_mismatch_on_load_is_refused()
    {
        using var live = new NativeBlock(10);
        using var store = new MemoryStore(10 * sizeof(double), 2);
        store.Save(0, [live.Region(0, 10)]);
        Assert.Throws<ArgumentException>(() => store.Load(0, [live.Region(0, 9)]));
        Assert.Throws<ArgumentException>(() => store.Save(1, [live.Region(0, 10), live.Region(0, 1)]));
    }

    [Theory]
    [InlineData(1000, 100, 7)]
    [InlineData(1000, 64, 15)]
    [InlineData(0, 8, 0)]
    [InlineData(640, 0, 10)]
    public void Budget_gives_slot_counts(long budget, long bytes, int slots) => Assert.Equal(slots, StorageBudget.SlotsFor(budget, bytes));

    [Fact]
    public void Crc32c_hardware_and_software_agree_with_the_standard_vector()
    {
        var data = "123456789"u8.ToArray();
        Assert.Equal(0xE3069283u, Crc32C.Compute(data));
        Assert.Equal(0xE3069283u, ~Crc32C.AppendSoftware(~0u, data));
        var random = new byte[1037];
        new Random(5).NextBytes(random);
        Assert.Equal(~Crc32C.AppendSoftware(~0u, random), Crc32C.Compute(random));
    }
}
