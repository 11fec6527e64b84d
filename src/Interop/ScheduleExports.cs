using System.Runtime.InteropServices;
using PyRevolveNet.Schedules;

namespace PyRevolveNet.Interop;

/// <summary>C ABI over <see cref="CheckpointSchedule"/>: create, read actions in batches, finalize, state.</summary>
public static unsafe class ScheduleExports
{
    [UnmanagedCallersOnly]
    public static int ScheduleCreate(int kind, long* ints, int intCount, double* reals, int realCount, long* handle)
    {
        try
        {
            var schedule = ScheduleFactory.Create((ScheduleKind)kind, new(ints, intCount), new(reals, realCount));
            ScheduleRecipes.Remember(schedule, (ScheduleKind)kind, new(ints, intCount), new(reals, realCount));
            *handle = HandleTable.Add(schedule);
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>
    /// Writes up to <paramref name="capacity"/> next actions into <paramref name="buffer"/>; 0 written means
    /// the stream has ended. A batch stops right after a Forward produced while the schedule is not finalized,
    /// because what follows depends on whether Python finalizes it.
    /// </summary>
    [UnmanagedCallersOnly]
    public static int ScheduleNext(long handle, ActionRecord* buffer, int capacity, int* count) =>
        HandleCalls.With<CheckpointSchedule>(handle, s =>
        {
            if (buffer == null && capacity > 0)
            {
                throw new ArgumentException("buffer is null");
            }

            var written = 0;
            *count = 0;
            while (written < capacity && s.MoveNext())
            {
                var a = s.Current;
                buffer[written++] = ActionRecord.From(a, s);
                if (a.Type == ActionType.Forward && s.MaxN is null)
                {
                    break;
                }
            }

            *count = written;
        }, count);

    [UnmanagedCallersOnly]
    public static int ScheduleFinalize(long handle, long n) => HandleCalls.With<CheckpointSchedule>(handle, s => s.Finalize(n));

    [UnmanagedCallersOnly]
    public static int ScheduleGetState(long handle, ScheduleStateRecord* state) =>
        HandleCalls.With<CheckpointSchedule>(handle, s => *state = new ScheduleStateRecord
        {
            N = s.N,
            R = s.R,
            MaxN = s.MaxN ?? -1,
            IsExhausted = s.IsExhausted ? 1 : 0,
            IsOnline = s.IsOnline ? 1 : 0,
            AllowsRepeatedAdjoint = s.AllowsRepeatedAdjoint ? 1 : 0,
            IsRunning = s.IsRunning ? 1 : 0,
        }, state);

    [UnmanagedCallersOnly]
    public static int ScheduleUsesStorageType(long handle, int storage, int* result) =>
        HandleCalls.With<CheckpointSchedule>(handle, s => *result = s.UsesStorageType((StorageType)storage) ? 1 : 0, result);

    /// <summary>Consumes the schedule through one adjoint pass and reports its cost (see ScheduleAnalysis).</summary>
    [UnmanagedCallersOnly]
    public static int ScheduleAnalyze(long handle, long steps, ScheduleCostRecord* cost) =>
        HandleCalls.With<CheckpointSchedule>(handle, s => *cost = ScheduleCostRecord.From(ScheduleAnalysis.Analyze(s, steps)), cost);
}
