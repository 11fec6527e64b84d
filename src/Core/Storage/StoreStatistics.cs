namespace PyRevolveNet.Storage;

/// <summary>What a tier holds and has done.</summary>
public readonly record struct StoreStatistics
{
    public long Count { get; init; }

    public long PeakCount { get; init; }

    /// <summary>Stored (encoded) bytes now.</summary>
    public long Bytes { get; init; }

    public long PeakBytes { get; init; }

    public long Saves { get; init; }

    public long Loads { get; init; }

    public long BytesWritten { get; init; }

    public long BytesRead { get; init; }

    /// <summary>Bytes reserved by the tier (pool, staging buffers).</summary>
    public long ReservedBytes { get; init; }

    /// <summary>Saves kept beyond the memory budget because the data compressed worse than planned.</summary>
    public long OverBudgetSaves { get; init; }

    /// <summary>After a save of <paramref name="written"/> bytes that left <paramref name="count"/> checkpoints of <paramref name="bytes"/> bytes.</summary>
    internal StoreStatistics AfterSave(long written, long count, long bytes) => this with
    {
        Saves = Saves + 1,
        BytesWritten = BytesWritten + written,
        PeakCount = Math.Max(PeakCount, count),
        PeakBytes = Math.Max(PeakBytes, bytes),
    };
}
