using System.Runtime.InteropServices;
using PyRevolveNet.Execution;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Interop;

/// <summary>
/// Python callbacks of a revolver, as C function pointers (ctypes.CFUNCTYPE) with one context value (32 bytes).
/// Each returns 0 on success; nonzero means Python stored an exception, which it re-raises after the export returns.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct RevolverCallbacks
{
    /// <summary>Passed back unchanged as the first argument of every callback.</summary>
    public nint Context;

    /// <summary>int forward(ctx, t_start, t_end): fwd_operator.apply(t_start=..., t_end=...).</summary>
    public delegate* unmanaged<nint, long, long, int> Forward;

    /// <summary>int reverse(ctx, t_start, t_end): rev_operator.apply(t_start=..., t_end=...).</summary>
    public delegate* unmanaged<nint, long, long, int> Reverse;

    /// <summary>
    /// int get_data(ctx, timestep, location, regions, capacity, count*): location 0 = checkpoint.get_data(timestep),
    /// 1 = get_data_location(timestep); writes up to capacity {address, length} pairs and their number.
    /// </summary>
    public delegate* unmanaged<nint, long, int, MemoryRegion*, int, int*, int> GetData;
}

/// <summary>Storage and live-state description of a revolver (40 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public unsafe struct RevolverConfig
{
    /// <summary>checkpoint.nbytes: total bytes of the regions get_data returns.</summary>
    public long CheckpointBytes;

    /// <summary>Most regions get_data may return (the capacity passed to it).</summary>
    public int MaxRegions;

    /// <summary><see cref="StorageLayout"/>: 0 memory, 1 disk, 2 multi-level.</summary>
    public int Layout;

    /// <summary>Cap on the RAM pool in bytes; 0 = automatic.</summary>
    public long MemoryBudgetBytes;

    /// <summary>Mode A multi-level: Revolve slots held in RAM; -1 = half of them.</summary>
    public int RamSlots;

    /// <summary>Disk write-behind depth; 0 = default (2).</summary>
    public int DiskQueueDepth;

    /// <summary>UTF-8, NUL-terminated parent directory of the disk tier; null = ".".</summary>
    public byte* DiskDirectory;

    /// <summary>Handle of a codec (CodecCreate) that compresses every tier; 0 = none.</summary>
    public long CodecHandle;

    /// <summary>Compression ratio to plan checkpoint counts with; 0 = the codec's own figure.</summary>
    public double ExpectedRatio;

    /// <summary>Shapes of the regions, flattened as (rank, dims...) per region; null = 1-D.</summary>
    public long* RegionShapes;

    /// <summary>Values in <see cref="RegionShapes"/>.</summary>
    public int RegionShapesLength;

    internal readonly StorageOptions ToOptions()
    {
        if (Layout is < 0 or > 2)
        {
            throw new ArgumentException($"unknown storage layout {Layout}");
        }

        return new StorageOptions
        {
            Layout = (StorageLayout)Layout,
            DiskDirectory = DiskDirectory == null ? "." : Marshal.PtrToStringUTF8((nint)DiskDirectory) ?? ".",
            MemoryBudgetBytes = MemoryBudgetBytes > 0 ? MemoryBudgetBytes : null,
            RamSlots = RamSlots >= 0 ? RamSlots : null,
            DiskQueueDepth = DiskQueueDepth > 0 ? DiskQueueDepth : 2,
            Codec = CodecHandle == 0 ? null : Compressing(),
        };
    }

    private readonly CompressingCodec Compressing()
    {
        if (!HandleTable.TryGet<PyRevolveNet.Compression.ICheckpointCodec>(CodecHandle, out var codec))
        {
            throw new ArgumentException($"codec: invalid codec handle {CodecHandle}", "codec");
        }

        var shapes = new List<int[]>();
        var flat = new ReadOnlySpan<long>(RegionShapes, RegionShapes == null ? 0 : RegionShapesLength);
        for (int i = 0; i < flat.Length;)
        {
            int rank = (int)flat[i];
            if (rank is < 1 or > 3 || i + 1 + rank > flat.Length)
            {
                throw new ArgumentException("region shapes: each region needs a rank of 1 to 3 and its dimensions", "region_shapes");
            }

            shapes.Add(flat.Slice(i + 1, rank).ToArray().Select(d => checked((int)d)).ToArray());
            i += 1 + rank;
        }

        return new CompressingCodec(codec, shapes, Math.Max(MaxRegions, 1), ExpectedRatio > 0 ? ExpectedRatio : null);
    }
}

/// <summary><see cref="RunPrediction"/> across the ABI (104 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct PredictionRecord
{
    public long Steps;
    public long ForwardSteps;
    public long ReverseSteps;
    public long ScheduleForwardSteps;
    public long PeakRamCheckpoints;
    public long PeakDiskCheckpoints;
    public long PeakWorkCheckpoints;
    public long PeakRamBytes;
    public long PeakDiskBytes;
    public long PeakWorkBytes;
    public long Saves;
    public long Loads;
    public double RecomputeRatio;

    internal static PredictionRecord From(in RunPrediction p) => new()
    {
        Steps = p.Steps,
        ForwardSteps = p.ForwardSteps,
        ReverseSteps = p.ReverseSteps,
        ScheduleForwardSteps = p.ScheduleForwardSteps,
        PeakRamCheckpoints = p.PeakRamCheckpoints,
        PeakDiskCheckpoints = p.PeakDiskCheckpoints,
        PeakWorkCheckpoints = p.PeakWorkCheckpoints,
        PeakRamBytes = p.PeakRamBytes,
        PeakDiskBytes = p.PeakDiskBytes,
        PeakWorkBytes = p.PeakWorkBytes,
        Saves = p.Saves,
        Loads = p.Loads,
        RecomputeRatio = p.RecomputeRatio,
    };
}

/// <summary>One tier's <see cref="StoreStatistics"/> (72 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct TierRecord
{
    public long Count;
    public long PeakCount;
    public long Bytes;
    public long PeakBytes;
    public long Saves;
    public long Loads;
    public long BytesWritten;
    public long BytesRead;
    public long ReservedBytes;
    public long OverBudgetSaves;

    internal static TierRecord From(in StoreStatistics s) => new()
    {
        Count = s.Count,
        PeakCount = s.PeakCount,
        Bytes = s.Bytes,
        PeakBytes = s.PeakBytes,
        Saves = s.Saves,
        Loads = s.Loads,
        BytesWritten = s.BytesWritten,
        BytesRead = s.BytesRead,
        ReservedBytes = s.ReservedBytes,
        OverBudgetSaves = s.OverBudgetSaves,
    };
}

/// <summary><see cref="RunSummary"/> across the ABI (424 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct SummaryRecord
{
    public long Steps;
    public long ForwardSteps;
    public long ReverseSteps;
    public long AdvanceCalls;
    public long RecomputedSteps;
    public TierRecord Ram;
    public TierRecord Disk;
    public TierRecord Work;
    public double AdvanceSeconds;
    public double ReverseSeconds;
    public double SaveSeconds;
    public double LoadSeconds;
    public double TotalSeconds;
    public PredictionRecord Predicted;

    internal static SummaryRecord From(in RunSummary s) => new()
    {
        Steps = s.Steps,
        ForwardSteps = s.ForwardSteps,
        ReverseSteps = s.ReverseSteps,
        AdvanceCalls = s.AdvanceCalls,
        RecomputedSteps = s.RecomputedSteps,
        Ram = TierRecord.From(s.Ram),
        Disk = TierRecord.From(s.Disk),
        Work = TierRecord.From(s.Work),
        AdvanceSeconds = s.AdvanceSeconds,
        ReverseSeconds = s.ReverseSeconds,
        SaveSeconds = s.SaveSeconds,
        LoadSeconds = s.LoadSeconds,
        TotalSeconds = s.TotalSeconds,
        Predicted = PredictionRecord.From(s.Predicted),
    };
}

/// <summary>Classic Revolve's state after one call (crevolve's CRevolve properties; 32 bytes).</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ClassicStateRecord
{
    /// <summary><see cref="PyRevolveNet.Schedules.ClassicAction"/>: 1 advance .. 7 error.</summary>
    public int Action;
    public int Capo;
    public int OldCapo;
    public int Check;
    public int Fine;
    public int Info;
    public int Advances;
    public int Takeshots;
}
