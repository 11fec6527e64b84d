namespace PyRevolveNet.Storage;

/// <summary>How a revolver stores its checkpoints.</summary>
public sealed record StorageOptions
{
    public StorageLayout Layout { get; init; } = StorageLayout.Memory;

    /// <summary>Parent of the private checkpoint directory of the disk tier.</summary>
    public string DiskDirectory { get; init; } = ".";

    /// <summary>
    /// Cap on the RAM tier's pool; null: sized from the prediction (offline) or grown on demand (online). A layout
    /// that cannot fit is refused when the revolver is made.
    /// </summary>
    public long? MemoryBudgetBytes { get; init; }

    /// <summary>Mode A multi-level: Revolve slots below this number live in RAM, the others on disk (default half).</summary>
    public int? RamSlots { get; init; }

    /// <summary>Codec of every tier (identity by default).</summary>
    public IStorageCodec? Codec { get; init; }

    /// <summary>Disk write-behind depth: checkpoints that may wait to be written while the computation goes on.</summary>
    public int DiskQueueDepth { get; init; } = 2;

    public static StorageOptions Default { get; } = new();
}
