namespace PyRevolveNet.Storage;

/// <summary>Sizing helpers: how many checkpoints fit a byte budget.</summary>
public static class StorageBudget
{
    /// <summary>Rounds up to the pool alignment (64 bytes).</summary>
    public static long AlignUp(long bytes) => (bytes + AlignedBuffer.Alignment - 1) & ~(long)(AlignedBuffer.Alignment - 1);

    /// <summary>
    /// Bytes one memory slot takes for a checkpoint of <paramref name="checkpointBytes"/> under the codec (for a
    /// compressing codec, the planned compressed size).
    /// </summary>
    public static long SlotBytes(long checkpointBytes, IStorageCodec? codec = null) => codec is { VariableSize: true }
        ? CompactMemoryStore.BlockSize(codec.PlanningBytes(checkpointBytes))
        : AlignUp((codec ?? IdentityCodec.Instance).MaxEncodedBytes(checkpointBytes));

    /// <summary>Number of memory slots that fit <paramref name="budgetBytes"/> (at least 0, at most int.MaxValue).</summary>
    public static int SlotsFor(long budgetBytes, long checkpointBytes, IStorageCodec? codec = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(budgetBytes);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointBytes);
        var slot = Math.Max(SlotBytes(checkpointBytes, codec), AlignedBuffer.Alignment);
        return (int)Math.Min(budgetBytes / slot, int.MaxValue);
    }
}
