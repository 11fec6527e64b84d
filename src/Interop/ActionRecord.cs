using System.Runtime.InteropServices;
using PyRevolveNet.Schedules;

namespace PyRevolveNet.Interop;

/// <summary>
/// One action as it crosses to Python, with the schedule's state right after it (40 bytes, blittable).
/// Python reads batches of these as a numpy structured array; keep the two layouts in step.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public struct ActionRecord
{
    public const byte WriteIcs = 1;
    public const byte WriteAdjDeps = 2;
    public const byte ClearAdjDeps = 4;
    public const byte Exhausted = 8;

    /// <summary>Forward/Reverse: n0. Copy/Move: n.</summary>
    public long N0;

    /// <summary>Forward/Reverse: n1.</summary>
    public long N1;

    /// <summary>schedule.n after the action.</summary>
    public long N;

    /// <summary>schedule.r after the action.</summary>
    public long R;

    /// <summary><see cref="ActionType"/>.</summary>
    public byte Type;

    /// <summary>Forward: storage. Copy/Move: source. As <see cref="StorageType"/>.</summary>
    public sbyte Storage;

    /// <summary>Copy/Move: destination.</summary>
    public sbyte To;

    /// <summary>The flag bits above (action flags, and is_exhausted after the action).</summary>
    public byte Flags;

    private readonly int _padding;

    public static ActionRecord From(in CheckpointAction a, CheckpointSchedule s) => new()
    {
        N0 = a.N0,
        N1 = a.N1,
        N = s.N,
        R = s.R,
        Type = (byte)a.Type,
        Storage = (sbyte)a.Storage,
        To = (sbyte)a.To,
        Flags = (byte)((a.WriteIcs ? WriteIcs : 0) | (a.WriteAdjDeps ? WriteAdjDeps : 0)
            | (a.ClearAdjDeps ? ClearAdjDeps : 0) | (s.IsExhausted ? Exhausted : 0)),
    };
}

/// <summary>A schedule's state and description, for Python properties.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ScheduleStateRecord
{
    public long N;
    public long R;

    /// <summary>-1 while not known (online, not finalized).</summary>
    public long MaxN;

    public int IsExhausted;
    public int IsOnline;
    public int AllowsRepeatedAdjoint;
    public int IsRunning;
}

/// <summary><see cref="ScheduleCost"/> as it crosses to Python.</summary>
[StructLayout(LayoutKind.Sequential)]
public struct ScheduleCostRecord
{
    public long Steps;
    public long ForwardSteps;
    public long ReverseSteps;
    public long PeakRamCheckpoints;
    public long PeakDiskCheckpoints;
    public long PeakWorkUnits;
    public long RamWrites;
    public long DiskWrites;
    public long RamReads;
    public long DiskReads;
    public long Actions;

    public static ScheduleCostRecord From(in ScheduleCost c) => new()
    {
        Steps = c.Steps,
        ForwardSteps = c.ForwardSteps,
        ReverseSteps = c.ReverseSteps,
        PeakRamCheckpoints = c.PeakRamCheckpoints,
        PeakDiskCheckpoints = c.PeakDiskCheckpoints,
        PeakWorkUnits = c.PeakWorkUnits,
        RamWrites = c.RamWrites,
        DiskWrites = c.DiskWrites,
        RamReads = c.RamReads,
        DiskReads = c.DiskReads,
        Actions = c.Actions,
    };
}
