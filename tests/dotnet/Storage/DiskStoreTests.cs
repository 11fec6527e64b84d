using PyRevolveNet.Storage;
using PyRevolveNet.Tests.Execution;

namespace PyRevolveNet.Tests.Storage;

public sealed class DiskStoreTests : IDisposable
{
    private readonly string _dir = TempDir.Create();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Round_trip_with_write_behind_and_read_ahead()
    {
        using var live = new NativeBlock(1000);
        MemoryRegion[] regions = [live.Region(500, 500), live.Region(0, 500)];
        string path;
        using (var store = new DiskStore(_dir, 1000 * sizeof(double), queueDepth: 2))
        {
            path = store.Directory;
            Assert.StartsWith(Path.Combine(_dir, $"pyrevolve-net-{Environment.ProcessId}-"), path, StringComparison.Ordinal);
            for (var k = 0; k < 20; k++)
            {
                live.Fill(k);
                store.Save(k, regions);
            }

            live.Fill(-1);
            store.Load(19, regions); // may still be pending: waits for its write
            Assert.Equal(19, live.Values[0]);
            store.Flush();
            store.Prefetch(3);
            store.Load(3, regions);
            Assert.Equal(3, live.Values[0]);
            Assert.Equal(3 + (999 * 0.5), live.Values[999]);

            // A save after a read-ahead of the same key invalidates it.
            store.Prefetch(4);
            live.Fill(44);
            store.Save(4, regions);
            live.Fill(0);
            store.Load(4, regions);
            Assert.Equal(44, live.Values[0]);
            Assert.True(store.Remove(4));
            Assert.False(File.Exists(store.PathOf(4)));
            Assert.Equal(19, store.Statistics.Count);
        }

        Assert.False(Directory.Exists(path));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(4)]
    public void Random_saves_loads_prefetches_and_removes_agree_with_a_model(int depth)
    {
        using var live = new NativeBlock(257);
        MemoryRegion[] regions = [live.Region(0, 100), live.Region(100, 157)];
        using var store = new DiskStore(_dir, 257 * sizeof(double), queueDepth: depth);
        var model = new Dictionary<long, double>();
        var random = new Random(depth);
        for (var i = 0; i < 2000; i++)
        {
            var key = random.Next(8);
            switch (random.Next(5))
            {
                case 0 or 1:
                    live.Fill(i);
                    store.Save(key, regions);
                    model[key] = i;
                    break;
                case 2:
                    store.Prefetch(key);
                    break;
                case 3 when model.ContainsKey(key):
                    live.Fill(-7);
                    store.Load(key, regions);
                    Assert.Equal(model[key], live.Values[0]);
                    Assert.Equal(model[key] + (256 * 0.5), live.Values[256]);
                    break;
                case 4:
                    Assert.Equal(model.Remove(key), store.Remove(key));
                    break;
            }
        }

        store.Flush();
        Assert.Equal(model.Count, Directory.GetFiles(store.Directory).Length);
    }

    [Theory]
    [InlineData("flip-payload")]
    [InlineData("flip-header")]
    [InlineData("truncate")]
    [InlineData("delete")]
    public void Damaged_file_raises_InvalidDataException(string damage)
    {
        using var live = new NativeBlock(64);
        MemoryRegion[] regions = [live.Region(0, 64)];
        using var store = new DiskStore(_dir, 64 * sizeof(double));
        live.Fill(1);
        store.Save(5, regions);
        store.Flush();
        var file = store.PathOf(5);
        switch (damage)
        {
            case "flip-payload":
                Flip(file, 64 + 100);
                break;
            case "flip-header":
                Flip(file, 20);
                break;
            case "truncate":
                using (var f = new FileStream(file, FileMode.Open))
                {
                    f.SetLength(f.Length - 8);
                }

                break;
            default:
                File.Delete(file);
                break;
        }

        var e = Assert.Throws<InvalidDataException>(() => store.Load(5, regions));
        Assert.Contains(file, e.Message, StringComparison.Ordinal);

        // Through the read-ahead path too.
        store.Prefetch(5);
        Assert.Throws<InvalidDataException>(() => store.Load(5, regions));
    }

    [Fact]
    public void Unusable_directory_raises_IOException_naming_the_path()
    {
        var blocker = Path.Combine(_dir, "a-file");
        File.WriteAllText(blocker, "not a directory");
        var e = Assert.Throws<IOException>(() => new DiskStore(blocker, 8));
        Assert.Contains(blocker, e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Write_failure_surfaces_as_IOException_naming_the_file()
    {
        using var live = new NativeBlock(8);
        MemoryRegion[] regions = [live.Region(0, 8)];
        var store = new DiskStore(_dir, 8 * sizeof(double));
        try
        {
            Directory.Delete(store.Directory, true); // the directory vanishes under the store
            store.Save(1, regions);
            var e = Assert.Throws<IOException>(store.Flush);
            Assert.Contains(store.PathOf(1), e.Message, StringComparison.Ordinal);
        }
        finally
        {
            store.Dispose();
        }

        Assert.False(Directory.Exists(store.Directory));
    }

    private static void Flip(string file, long offset)
    {
        var bytes = File.ReadAllBytes(file);
        bytes[offset] ^= 0x40;
        File.WriteAllBytes(file, bytes);
    }
}
