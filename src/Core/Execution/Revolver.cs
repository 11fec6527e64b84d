using System.Diagnostics;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Execution;

/// <summary>
/// Common shell of the engines: runs a phase, keeps time, and on any failure (an operator throwing, storage
/// failing) releases every tier at once (native pool freed, disk directory removed) before the exception
/// propagates; the revolver is then closed. Not thread-safe: one caller at a time, like the operators.
/// </summary>
public abstract class Revolver : IDisposable
{
    private long _wallTicks;
    private bool _closed;

    private protected Revolver(ExecutionCore core, TieredStorage storage, long steps)
    {
        Core = core;
        Storage = storage;
        Steps = steps;
    }

    /// <summary>Number of time steps (0 while an online schedule has not been told).</summary>
    public long Steps { get; private protected set; }

    /// <summary>What the run will cost; computed by a dry run of this engine.</summary>
    public RunPrediction Prediction { get; private protected set; }

    /// <summary>True once the forward phase is complete.</summary>
    public bool ForwardDone { get; private protected set; }

    /// <summary>True once the reverse phase is complete.</summary>
    public bool ReverseDone { get; private protected set; }

    public bool IsClosed => _closed;

    private protected ExecutionCore Core { get; }

    private protected TieredStorage Storage { get; }

    /// <summary>Runs the forward sweep, saving checkpoints, until the state is at the last step.</summary>
    public void ApplyForward() => Run(RunForward);

    /// <summary>Runs the adjoint sweep back to step 0, restoring and recomputing as the schedule says.</summary>
    public void ApplyReverse() => Run(RunReverse);

    public RunSummary Summary => new()
    {
        Steps = Steps,
        ForwardSteps = Core.ForwardSteps,
        ReverseSteps = Core.ReverseSteps,
        AdvanceCalls = Core.AdvanceCalls,
        Predicted = Prediction,
        Ram = Storage.Ram?.Statistics ?? default,
        Disk = Storage.Disk?.Statistics ?? default,
        Work = Storage.Work?.Statistics ?? default,
        AdvanceSeconds = Seconds(Core.AdvanceTicks),
        ReverseSeconds = Seconds(Core.ReverseTicks),
        SaveSeconds = Seconds(Core.SaveTicks),
        LoadSeconds = Seconds(Core.LoadTicks),
        TotalSeconds = Seconds(_wallTicks),
    };

    /// <summary>Releases the tiers (memory pool, disk files); the revolver cannot run afterwards.</summary>
    public void Close() => Dispose();

    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    protected virtual void Dispose(bool disposing)
    {
        if (!_closed && disposing)
        {
            _closed = true;
            Storage.Dispose();
        }
    }

    private protected abstract void RunForward();

    private protected abstract void RunReverse();

    /// <summary>Runs a piece of work; on failure closes the revolver (tiers released) and rethrows.</summary>
    private protected void Run(Action work)
    {
        ObjectDisposedException.ThrowIf(_closed, this);
        var t0 = Stopwatch.GetTimestamp();
        try
        {
            work();
        }
        catch
        {
            try
            {
                Dispose();
            }
            catch (IOException)
            {
                // The original failure matters more than a cleanup problem.
            }

            throw;
        }
        finally
        {
            _wallTicks += Stopwatch.GetTimestamp() - t0;
        }
    }

    private protected static RunPrediction PredictionFrom(ExecutionCore dry, TieredStorage tiers, long steps, long scheduleForwardSteps)
    {
        var ram = tiers.Ram?.Statistics ?? default;
        var disk = tiers.Disk?.Statistics ?? default;
        var work = tiers.Work?.Statistics ?? default;
        return new RunPrediction
        {
            Steps = steps,
            ForwardSteps = dry.ForwardSteps,
            ReverseSteps = dry.ReverseSteps,
            ScheduleForwardSteps = scheduleForwardSteps,
            PeakRamCheckpoints = ram.PeakCount,
            PeakDiskCheckpoints = disk.PeakCount,
            PeakWorkCheckpoints = work.PeakCount,
            PeakRamBytes = ram.PeakBytes,
            PeakDiskBytes = disk.PeakBytes,
            PeakWorkBytes = work.PeakBytes,
            Saves = ram.Saves + disk.Saves + work.Saves,
            Loads = ram.Loads + disk.Loads + work.Loads,
        };
    }

    private static double Seconds(long ticks) => (double)ticks / Stopwatch.Frequency;
}
