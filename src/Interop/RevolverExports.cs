using System.Runtime.InteropServices;
using PyRevolveNet.Execution;
using PyRevolveNet.Schedules;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Interop;

/// <summary>
/// C ABI over the revolvers (pyrevolve's Revolver classes). Create one (mode A: classic Revolve with
/// n_checkpoints and n_timesteps; mode B: any schedule handle), run it, read its prediction and summary, close it,
/// free it with FreeHandle. Every export returns a <see cref="Status"/>; after CallbackFailed the revolver is
/// closed (checkpoints released, disk files removed) and Python re-raises the exception its callback stored.
/// </summary>
public static unsafe class RevolverExports
{
    /// <summary>
    /// Mode A. <paramref name="checkpointsGiven"/> = 0 means n_checkpoints=None (Revolve's adjust(n_timesteps), at least 1).
    /// </summary>
    [UnmanagedCallersOnly]
    public static int RevolverCreateClassic(long nCheckpoints, int checkpointsGiven, long nTimesteps, RevolverConfig* config, RevolverCallbacks* callbacks, long* handle)
    {
        try
        {
            CheckPointers(config, callbacks, handle);
            if (checkpointsGiven != 0 && (nCheckpoints < 1 || nCheckpoints > ClassicRevolve.MaxSnapshots))
            {
                ScheduleErrors.ThrowInvalid("n_checkpoints", $"n_checkpoints must be between 1 and {ClassicRevolve.MaxSnapshots}, got {nCheckpoints}");
            }

            var operators = new CallbackOperators(*callbacks, *config);
            var revolver = new ClassicRevolver(operators, operators, operators, checkpointsGiven != 0 ? (int)nCheckpoints : null, nTimesteps, config->ToOptions());
            *handle = HandleTable.Add(revolver);
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>Mode B over a schedule made by ScheduleCreate that has not produced actions yet.</summary>
    [UnmanagedCallersOnly]
    public static int RevolverCreateScheduled(long scheduleHandle, RevolverConfig* config, RevolverCallbacks* callbacks, long* handle)
    {
        try
        {
            CheckPointers(config, callbacks, handle);
            if (!HandleTable.TryGet<CheckpointSchedule>(scheduleHandle, out var schedule))
            {
                return (int)HandleTable.InvalidHandle<CheckpointSchedule>(scheduleHandle);
            }

            var operators = new CallbackOperators(*callbacks, *config);
            var revolver = new ScheduleRevolver(operators, operators, operators, ScheduleRecipes.FactoryFor(schedule), config->ToOptions());
            *handle = HandleTable.Add(revolver);
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>apply_forward(): offline schedules run to their end.</summary>
    [UnmanagedCallersOnly]
    public static int RevolverApplyForward(long handle) => HandleCalls.With<Revolver>(handle, r => r.ApplyForward());

    /// <summary>Mode B online schedules: run exactly n_timesteps forward steps and end the forward phase.</summary>
    [UnmanagedCallersOnly]
    public static int RevolverApplyForwardSteps(long handle, long nTimesteps) => HandleCalls.With<ScheduleRevolver>(handle, r => r.ApplyForward(nTimesteps));

    /// <summary>Mode B: run <paramref name="steps"/> more forward steps (the caller decides when to stop).</summary>
    [UnmanagedCallersOnly]
    public static int RevolverAdvanceForward(long handle, long steps) => HandleCalls.With<ScheduleRevolver>(handle, r => r.AdvanceForward(steps));

    /// <summary>Mode B: end the forward phase at the current step (finalizes an online schedule).</summary>
    [UnmanagedCallersOnly]
    public static int RevolverFinishForward(long handle) => HandleCalls.With<ScheduleRevolver>(handle, r => r.FinishForward());

    /// <summary>apply_reverse().</summary>
    [UnmanagedCallersOnly]
    public static int RevolverApplyReverse(long handle) => HandleCalls.With<Revolver>(handle, r => r.ApplyReverse());

    /// <summary>
    /// Bytes one memory checkpoint is planned to take under <paramref name="config"/> (its codec and expected
    /// ratio included): Python divides budgets by it to choose checkpoint counts.
    /// </summary>
    [UnmanagedCallersOnly]
    public static int RevolverPlannedCheckpointBytes(RevolverConfig* config, long* bytes)
    {
        try
        {
            if (config == null || bytes == null)
            {
                return (int)Errors.Fail(Status.InvalidArgument, "null pointer argument");
            }

            *bytes = StorageBudget.SlotBytes(config->CheckpointBytes, config->ToOptions().Codec);
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>The prediction made at creation (mode B online: after the forward phase ended; zeros before).</summary>
    [UnmanagedCallersOnly]
    public static int RevolverGetPrediction(long handle, PredictionRecord* prediction) =>
        HandleCalls.With<Revolver>(handle, r => *prediction = PredictionRecord.From(r.Prediction), prediction);

    /// <summary>Mode B: prediction for a given number of steps (dry run on a fresh schedule).</summary>
    [UnmanagedCallersOnly]
    public static int RevolverPredict(long handle, long steps, PredictionRecord* prediction) =>
        HandleCalls.With<ScheduleRevolver>(handle, r => *prediction = PredictionRecord.From(r.PredictFor(steps)), prediction);

    /// <summary>What ran so far, with the prediction beside it.</summary>
    [UnmanagedCallersOnly]
    public static int RevolverGetSummary(long handle, SummaryRecord* summary) =>
        HandleCalls.With<Revolver>(handle, r => *summary = SummaryRecord.From(r.Summary), summary);

    /// <summary>Mode A: the steps at which checkpoints were taken (storage_ckps), up to capacity; count = total.</summary>
    [UnmanagedCallersOnly]
    public static int RevolverGetCheckpointSteps(long handle, long* buffer, int capacity, int* count) =>
        HandleCalls.With<ClassicRevolver>(handle, r =>
        {
            var steps = r.CheckpointSteps;
            for (var i = 0; i < Math.Min(capacity, steps.Count); i++)
            {
                buffer[i] = steps[i];
            }

            *count = steps.Count;
        }, count);

    /// <summary>Releases checkpoints and disk files now; the handle stays valid (for summaries) until FreeHandle.</summary>
    [UnmanagedCallersOnly]
    public static int RevolverClose(long handle) => HandleCalls.With<Revolver>(handle, r => r.Close());

    /// <summary>crevolve.CRevolve(snapshots, timesteps): offline classic Revolve.</summary>
    [UnmanagedCallersOnly]
    public static int ClassicCreate(int snapshots, int steps, long* handle)
    {
        try
        {
            if (handle == null)
            {
                throw new ArgumentException("handle pointer is null");
            }

            *handle = HandleTable.Add(new ClassicRevolve(snapshots, steps));
            return (int)Status.Ok;
        }
        catch (Exception e)
        {
            return (int)Errors.From(e);
        }
    }

    /// <summary>revolve(): the next action and the counters after it (an Error action is data, not a failure).</summary>
    [UnmanagedCallersOnly]
    public static int ClassicNext(long handle, ClassicStateRecord* state) => HandleCalls.With<ClassicRevolve>(handle, r =>
    {
        var action = r.Next();
        *state = new ClassicStateRecord
        {
            Action = (int)action,
            Capo = r.Capo,
            OldCapo = r.OldCapo,
            Check = r.Check,
            Fine = r.Fine,
            Info = r.Info,
            Advances = r.Advances,
            Takeshots = r.Takeshots,
        };
    }, state);

    [UnmanagedCallersOnly]
    public static int ClassicAdjust(int steps) => ClassicRevolve.Adjust(steps);

    [UnmanagedCallersOnly]
    public static int ClassicMaxRange(int snapshots, int reps) => ClassicRevolve.MaxRange(snapshots, reps);

    [UnmanagedCallersOnly]
    public static int ClassicNumForw(int steps, int snapshots) => ClassicRevolve.NumForw(steps, snapshots);

    [UnmanagedCallersOnly]
    public static double ClassicExpense(int steps, int snapshots) => ClassicRevolve.Expense(steps, snapshots);

    private static void CheckPointers(RevolverConfig* config, RevolverCallbacks* callbacks, long* handle)
    {
        if (config == null || callbacks == null || handle == null)
        {
            throw new ArgumentException("config, callbacks and handle pointers must not be null");
        }
    }
}
