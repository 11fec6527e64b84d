using System.Runtime.InteropServices;
using System.Text;
using PyRevolveNet.Interop;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>The revolver C ABI driven the way Python drives it: function pointers both ways.</summary>
[Collection(nameof(NativeMemoryAccounting))]
public sealed unsafe class RevolverExportsTests : IDisposable
{
    private readonly string _dir = TempDir.Create();

    public void Dispose() => Directory.Delete(_dir, true);

    [Fact]
    public void Record_layouts_are_what_Python_declares()
    {
        Assert.Equal(16, sizeof(MemoryRegion));
        Assert.Equal(32, sizeof(RevolverCallbacks));
        Assert.Equal(72, sizeof(RevolverConfig));
        Assert.Equal(40, (int)Marshal.OffsetOf<RevolverConfig>(nameof(RevolverConfig.CodecHandle)));
        Assert.Equal(104, sizeof(PredictionRecord));
        Assert.Equal(80, sizeof(TierRecord));
        Assert.Equal(424, sizeof(SummaryRecord));
        Assert.Equal(32, sizeof(ClassicStateRecord));
        Assert.Equal(120, (int)Marshal.OffsetOf<SummaryRecord>(nameof(SummaryRecord.Disk)));
        Assert.Equal(40, (int)Marshal.OffsetOf<SummaryRecord>(nameof(SummaryRecord.Ram)));
        Assert.Equal(280, (int)Marshal.OffsetOf<SummaryRecord>(nameof(SummaryRecord.AdvanceSeconds)));
        Assert.Equal(320, (int)Marshal.OffsetOf<SummaryRecord>(nameof(SummaryRecord.Predicted)));
        Assert.Equal(96, sizeof(GradientRecord));
        Assert.Equal(64, sizeof(WavefieldInfoRecord));
    }

    [Theory]
    [InlineData(10, 3, 0)]
    [InlineData(10, 3, 1)]
    [InlineData(23, -1, 2)]
    public void Mode_A_through_the_ABI_reproduces_the_golden_trace(int nt, int ncp, int layout)
    {
        var trace = RevolverTraces.Find(nt, ncp);
        using var model = new RecordingModel();
        var gc = GCHandle.Alloc(new Context(model, failAt: -1));
        try
        {
            var handle = CreateClassic(gc, ncp, nt, layout);
            Assert.Equal(0, ApplyForward(handle));
            Assert.Equal(trace.Forward, model.Calls);
            model.Calls.Clear();
            Assert.Equal(0, ApplyReverse(handle));
            Assert.Equal(trace.Reverse, model.Calls);
            SummaryRecord summary;
            Assert.Equal(0, GetSummary(handle, &summary));
            Assert.Equal(nt, summary.ReverseSteps);
            Assert.Equal(summary.Predicted.ForwardSteps, summary.ForwardSteps);
            Assert.Equal(nt - 1, summary.Ram.Loads + summary.Disk.Loads);
            Assert.Equal(0, Free(handle));
            Assert.Equal((int)Status.InvalidHandle, Free(handle));
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
        }
        finally
        {
            gc.Free();
        }
    }

    [Fact]
    public void Callback_failure_unwinds_cleanly_and_reports_CallbackFailed()
    {
        var model = new RecordingModel();
        var before = AlignedBuffer.LiveBytes;
        var gc = GCHandle.Alloc(new Context(model, failAt: 4));
        try
        {
            var handle = CreateClassic(gc, 3, 20, 2);
            Assert.Equal((int)Status.CallbackFailed, ApplyForward(handle));
            Assert.Contains("forward operator", LastError(), StringComparison.Ordinal);
            Assert.Empty(Directory.GetFileSystemEntries(_dir));
            Assert.Equal((int)Status.InvalidState, ApplyReverse(handle));
            Assert.Equal(0, Free(handle));
        }
        finally
        {
            gc.Free();
        }

        Assert.Equal(before, AlignedBuffer.LiveBytes);
        model.Dispose();
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-2)]
    [InlineData(20000)]
    public void Bad_checkpoint_counts_are_InvalidArgument(int ncp)
    {
        using var model = new RecordingModel();
        var gc = GCHandle.Alloc(new Context(model, failAt: -1));
        try
        {
            var callbacks = Callbacks(gc);
            var config = Config(0);
            long handle;
            delegate* unmanaged<long, int, long, RevolverConfig*, RevolverCallbacks*, long*, int> create = &RevolverExports.RevolverCreateClassic;
            Assert.Equal((int)Status.InvalidArgument, create(ncp, 1, 10, &config, &callbacks, &handle));
            Assert.Contains("n_checkpoints", LastError(), StringComparison.Ordinal);
            Assert.Equal((int)Status.InvalidArgument, create(3, 1, -1, &config, &callbacks, &handle));
            Assert.Contains("n_timesteps", LastError(), StringComparison.Ordinal);
        }
        finally
        {
            gc.Free();
        }
    }

    [Fact]
    public void Mode_B_over_a_schedule_handle_runs_online()
    {
        using var model = new RecordingModel();
        var gc = GCHandle.Alloc(new Context(model, failAt: -1));
        try
        {
            long schedule;
            delegate* unmanaged<int, long*, int, double*, int, long*, int> scheduleCreate = &ScheduleExports.ScheduleCreate;
            Assert.Equal(0, scheduleCreate((int)ScheduleKind.SingleMemoryStorage, null, 0, null, 0, &schedule));
            var callbacks = Callbacks(gc);
            var config = Config(0);
            long handle;
            delegate* unmanaged<long, RevolverConfig*, RevolverCallbacks*, long*, int> create = &RevolverExports.RevolverCreateScheduled;
            Assert.Equal(0, create(schedule, &config, &callbacks, &handle));
            delegate* unmanaged<long, long, int> advance = &RevolverExports.RevolverAdvanceForward;
            delegate* unmanaged<long, int> finish = &RevolverExports.RevolverFinishForward;
            Assert.Equal(0, advance(handle, 3));
            Assert.Equal(0, advance(handle, 2));
            Assert.Equal(0, finish(handle));
            Assert.Equal(0, ApplyReverse(handle));
            Assert.Equal("R(4,5)", model.Calls.First(c => c.StartsWith('R')));
            Assert.Equal(5, model.Calls.Count(c => c.StartsWith('R')));
            PredictionRecord p;
            delegate* unmanaged<long, PredictionRecord*, int> prediction = &RevolverExports.RevolverGetPrediction;
            Assert.Equal(0, prediction(handle, &p));
            Assert.Equal(9, p.ForwardSteps);
            Assert.Equal(0, Free(handle));
            Assert.Equal(0, Free(schedule));
        }
        finally
        {
            gc.Free();
        }
    }

    [Fact]
    public void Classic_exports_follow_crevolve()
    {
        delegate* unmanaged<int, int> adjust = &RevolverExports.ClassicAdjust;
        Assert.Equal(4, adjust(30));
        delegate* unmanaged<int, int, long*, int> create = &RevolverExports.ClassicCreate;
        delegate* unmanaged<long, ClassicStateRecord*, int> next = &RevolverExports.ClassicNext;
        long h;
        Assert.Equal(0, create(3, 10, &h));
        ClassicStateRecord s;
        Assert.Equal(0, next(h, &s));
        Assert.Equal((2, 0, 0, 0), (s.Action, s.Capo, s.OldCapo, s.Check));
        Assert.Equal(0, next(h, &s));
        Assert.Equal((1, 4, 0), (s.Action, s.Capo, s.OldCapo));
        Assert.Equal(0, Free(h));
        Assert.Equal((int)Status.InvalidArgument, create(0, 10, &h));
        Assert.Contains("snapshots", LastError(), StringComparison.Ordinal);
    }

    private long CreateClassic(GCHandle gc, int ncp, int nt, int layout)
    {
        var callbacks = Callbacks(gc);
        var config = Config(layout);
        long handle;
        delegate* unmanaged<long, int, long, RevolverConfig*, RevolverCallbacks*, long*, int> create = &RevolverExports.RevolverCreateClassic;
        var status = create(ncp, ncp < 0 ? 0 : 1, nt, &config, &callbacks, &handle);
        Assert.True(status == 0, LastError());
        return handle;
    }

    private RevolverConfig Config(int layout)
    {
        var dir = Marshal.StringToCoTaskMemUTF8(_dir);
        // Read at creation only; leaking one small string per test is harmless.
        return new RevolverConfig { CheckpointBytes = 8, MaxRegions = 1, Layout = layout, RamSlots = -1, DiskDirectory = (byte*)dir };
    }

    private static RevolverCallbacks Callbacks(GCHandle gc) => new()
    {
        Context = GCHandle.ToIntPtr(gc),
        Forward = &Forward,
        Reverse = &Reverse,
        GetData = &GetData,
    };

    private static int ApplyForward(long h)
    {
        delegate* unmanaged<long, int> f = &RevolverExports.RevolverApplyForward;
        return f(h);
    }

    private static int ApplyReverse(long h)
    {
        delegate* unmanaged<long, int> f = &RevolverExports.RevolverApplyReverse;
        return f(h);
    }

    private static int GetSummary(long h, SummaryRecord* s)
    {
        delegate* unmanaged<long, SummaryRecord*, int> f = &RevolverExports.RevolverGetSummary;
        return f(h, s);
    }

    private static int Free(long h)
    {
        delegate* unmanaged<long, int> f = &CommonExports.FreeHandle;
        return f(h);
    }

    private static string LastError()
    {
        delegate* unmanaged<byte*, int, int> f = &CommonExports.GetLastError;
        var buffer = new byte[4096];
        fixed (byte* p = buffer)
        {
            var n = f(p, buffer.Length);
            return Encoding.UTF8.GetString(buffer, 0, Math.Min(n, buffer.Length));
        }
    }

    private static Context Of(nint ctx) => (Context)GCHandle.FromIntPtr(ctx).Target!;

    [UnmanagedCallersOnly]
    private static int Forward(nint ctx, long a, long b)
    {
        var c = Of(ctx);
        if (++c.ForwardCalls == c.FailAt)
        {
            return 1; // Python stored an exception
        }

        c.Model.Advance(a, b);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int Reverse(nint ctx, long a, long b)
    {
        Of(ctx).Model.Reverse(a, b);
        return 0;
    }

    [UnmanagedCallersOnly]
    private static int GetData(nint ctx, long step, int location, MemoryRegion* regions, int capacity, int* count)
    {
        var model = Of(ctx).Model;
        var span = new Span<MemoryRegion>(regions, capacity);
        *count = location == 0 ? model.GetData(step, span) : model.GetDataLocation(step, span);
        return 0;
    }

    private sealed class Context(RecordingModel model, int failAt)
    {
        public RecordingModel Model { get; } = model;

        public int FailAt { get; } = failAt;

        public int ForwardCalls { get; set; }
    }
}
