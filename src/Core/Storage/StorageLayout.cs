namespace PyRevolveNet.Storage;

/// <summary>Which tiers hold the checkpoints of a revolver.</summary>
public enum StorageLayout
{
    /// <summary>Everything in the memory pool (pyrevolve's NumpyStorage).</summary>
    Memory = 0,

    /// <summary>Everything in disk files (pyrevolve's DiskStorage).</summary>
    Disk = 1,

    /// <summary>RAM and DISK tiers: chosen by the schedule's StorageType (mode B), or by slot (mode A).</summary>
    MultiLevel = 2,
}
