using PyRevolveNet.Execution;
using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

[CollectionDefinition(nameof(NativeMemoryAccounting), DisableParallelization = true)]
public sealed class NativeMemoryAccounting;

/// <summary>Failures unwind cleanly: the exception propagates, files and native memory are released.</summary>
[Collection(nameof(NativeMemoryAccounting))]
public sealed class RevolverFailureTests : IDisposable
{
    private readonly string _dir = TempDir.Create();

    public void Dispose() => Directory.Delete(_dir, true);

    public static TheoryData<StorageLayout, bool, bool> Cases()
    {
        var data = new TheoryData<StorageLayout, bool, bool>();
        foreach (var layout in Enum.GetValues<StorageLayout>())
        {
            foreach (var modeB in new[] { false, true })
            {
                foreach (var inReverse in new[] { false, true })
                {
                    data.Add(layout, modeB, inReverse);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void Operator_throwing_mid_run_leaves_nothing_behind(StorageLayout layout, bool modeB, bool inReverse)
    {
        var before = AlignedBuffer.LiveBytes;
        using (var model = new FailingModel(failAtForwardCall: inReverse ? 30 : 5))
        {
            var options = new StorageOptions { Layout = layout, DiskDirectory = _dir };
            using Revolver revolver = modeB
                ? new ScheduleRevolver(model, model, model, () => new ClassicRevolveSchedule(20, 3), options)
                : new ClassicRevolver(model, model, model, 3, 20, options);
            var e = Assert.Throws<TimeoutException>(() =>
            {
                revolver.ApplyForward();
                revolver.ApplyReverse();
            });
            Assert.Equal("operator failed", e.Message);
            Assert.True(revolver.IsClosed);
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
            Assert.Throws<ObjectDisposedException>(revolver.ApplyReverse);
        }

        Assert.Equal(before, AlignedBuffer.LiveBytes);
    }

    [Fact]
    public void Successful_run_releases_everything_on_dispose()
    {
        var before = AlignedBuffer.LiveBytes;
        using (var model = new DevitoLikeModel())
        {
            using var revolver = new ClassicRevolver(model, model, model, 4, 30, new StorageOptions { Layout = StorageLayout.MultiLevel, DiskDirectory = _dir });
            revolver.ApplyForward();
            Assert.NotEmpty(Directory.GetFileSystemEntries(_dir));
            revolver.ApplyReverse();
            revolver.Close();
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
        }

        Assert.Equal(before, AlignedBuffer.LiveBytes);
    }

    /// <summary>The Devito-like model whose forward operator throws on its n-th call.</summary>
    private sealed class FailingModel(int failAtForwardCall) : IForwardOperator, IReverseOperator, ILiveState, IDisposable
    {
        private readonly DevitoLikeModel _inner = new();
        private int _calls;

        public long CheckpointBytes => _inner.CheckpointBytes;

        public int MaxRegions => _inner.MaxRegions;

        public void Advance(long tStart, long tEnd)
        {
            if (++_calls == failAtForwardCall)
            {
                throw new TimeoutException("operator failed");
            }

            _inner.Advance(tStart, tEnd);
        }

        public void Reverse(long tStart, long tEnd) => _inner.Reverse(tStart, tEnd);

        public int GetData(long timestep, Span<MemoryRegion> regions) => _inner.GetData(timestep, regions);

        public int GetDataLocation(long timestep, Span<MemoryRegion> regions) => _inner.GetDataLocation(timestep, regions);

        public void Dispose() => _inner.Dispose();
    }
}
