using PyRevolveNet.Storage;

namespace PyRevolveNet.Execution;

/// <summary>What a revolver did (so far), with the prediction beside it.</summary>
public readonly record struct RunSummary
{
    public long Steps { get; init; }

    public long ForwardSteps { get; init; }

    public long ReverseSteps { get; init; }

    /// <summary>Forward operator calls (one call may cover several steps).</summary>
    public long AdvanceCalls { get; init; }

    /// <summary>ForwardSteps - Steps once the forward phase is complete.</summary>
    public long RecomputedSteps => ForwardSteps - Steps;

    public RunPrediction Predicted { get; init; }

    public StoreStatistics Ram { get; init; }

    public StoreStatistics Disk { get; init; }

    public StoreStatistics Work { get; init; }

    public long Saves => Ram.Saves + Disk.Saves + Work.Saves;

    public long Loads => Ram.Loads + Disk.Loads + Work.Loads;

    public double AdvanceSeconds { get; init; }

    public double ReverseSeconds { get; init; }

    /// <summary>get_data plus storing (for disk: the hand-off to the write-behind queue).</summary>
    public double SaveSeconds { get; init; }

    /// <summary>get_data_location plus restoring (for disk: waiting for the read).</summary>
    public double LoadSeconds { get; init; }

    /// <summary>Wall time inside ApplyForward/ApplyReverse.</summary>
    public double TotalSeconds { get; init; }
}
