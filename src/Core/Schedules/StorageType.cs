namespace PyRevolveNet.Schedules;

/// <summary>Where checkpoint data lives. Values match checkpoint_schedules' StorageType
/// (RAM = 0, DISK = 1, WORK = -1); NONE is None there and 2 here.</summary>
public enum StorageType : sbyte
{
    /// <summary>The working location the forward and adjoint use directly.</summary>
    Work = -1,

    /// <summary>Checkpoint storage in memory.</summary>
    Ram = 0,

    /// <summary>Checkpoint storage on disk.</summary>
    Disk = 1,

    /// <summary>No storage (a forward that keeps nothing).</summary>
    None = 2,
}

/// <summary>Reference text of storage types: <c>StorageType.RAM</c> and so on.</summary>
public static class StorageTypeText
{
    public static string ToReferenceString(this StorageType storage) => storage switch
    {
        StorageType.Ram => "StorageType.RAM",
        StorageType.Disk => "StorageType.DISK",
        StorageType.Work => "StorageType.WORK",
        StorageType.None => "StorageType.NONE",
        _ => throw new ArgumentOutOfRangeException(nameof(storage), storage, "unknown storage type"),
    };
}
