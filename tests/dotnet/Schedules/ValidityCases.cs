using PyRevolveNet.Schedules;

namespace PyRevolveNet.Tests.Schedules;

/// <summary>Storage limits of each schedule class, from its constructor arguments (spec §7.1).</summary>
public static class ValidityCases
{
    /// <summary>Limits a golden case's schedule must respect, and how many adjoint passes to check.</summary>
    public static (StorageLimits Limits, int Passes) ForGolden(GoldenCase c)
    {
        var n = c.MaxN;
        return c.ClassName switch
        {
            "NoneCheckpointSchedule" => (new StorageLimits(0, 0, 0), 1),

            // Its Reverse clears the adjoint dependencies, so only its first pass is valid (reference quirk).
            "SingleMemoryStorageSchedule" => (new StorageLimits(0, 0, n), 1),
            "SingleDiskStorageSchedule" => (new StorageLimits(0, n, 1), 2),
            "Revolve" => (new StorageLimits(c.Arg(1), 0, 1), 1),
            "DiskRevolve" or "PeriodicDiskRevolve" => (new StorageLimits(c.Arg(1), n, 1), 1),
            "HRevolve" => (new StorageLimits(c.Arg(1), c.Arg(2), 1), 1),
            "MultistageCheckpointSchedule" => (new StorageLimits(c.Arg(1), c.Arg(2), 1), 1),
            "MixedCheckpointSchedule" => (Mixed(c.Arg(1), c.Kwarg("storage") is { } s ? GoldenTraces.ParseStorage(s) : StorageType.Disk), 1),
            "TwoLevelCheckpointSchedule" => (TwoLevel(n, c.Arg(0), c.Arg(1), c.Kwarg("binomial_storage") is { } b ? GoldenTraces.ParseStorage(b) : StorageType.Disk), 2),
            _ => throw new NotSupportedException(c.ClassName),
        };
    }

    public static StorageLimits Mixed(long snapshots, StorageType storage) =>
        storage == StorageType.Ram ? new StorageLimits(snapshots, 0, 1) : new StorageLimits(0, snapshots, 1);

    /// <summary>Periodic checkpoints on DISK (one per started period) plus the binomial ones.</summary>
    public static StorageLimits TwoLevel(long n, long period, long snapshots, StorageType storage)
    {
        var periodic = (n + period - 1) / period;
        return storage == StorageType.Ram
            ? new StorageLimits(snapshots, periodic, 1)
            : new StorageLimits(0, periodic + snapshots, 1);
    }
}
