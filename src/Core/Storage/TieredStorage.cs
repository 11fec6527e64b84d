using PyRevolveNet.Schedules;

namespace PyRevolveNet.Storage;

/// <summary>The tiers of one revolver: RAM, DISK and WORK stores, any of them absent; disposes them together.</summary>
public sealed class TieredStorage : IDisposable
{
    public TieredStorage(ICheckpointStore? ram, ICheckpointStore? disk, ICheckpointStore? work)
    {
        Ram = ram;
        Disk = disk;
        Work = work;
    }

    public ICheckpointStore? Ram { get; set; }

    public ICheckpointStore? Disk { get; set; }

    public ICheckpointStore? Work { get; set; }

    /// <summary>The store of a tier; throws when the revolver was configured without it.</summary>
    public ICheckpointStore Get(StorageType tier) => tier switch
    {
        StorageType.Ram => Ram,
        StorageType.Disk => Disk,
        StorageType.Work => Work,
        _ => null,
    } ?? throw new InvalidOperationException($"no {tier} storage tier is configured");

    public StoreStatistics StatisticsOf(StorageType tier) => tier switch
    {
        StorageType.Ram => Ram?.Statistics ?? default,
        StorageType.Disk => Disk?.Statistics ?? default,
        StorageType.Work => Work?.Statistics ?? default,
        _ => default,
    };

    public void Dispose()
    {
        // Dispose each once even when two tiers share a store; keep going so a failing disk cleanup
        // does not leak the memory pool.
        var stores = new[] { Ram, Disk, Work };
        Ram = Disk = Work = null;
        List<Exception>? errors = null;
        for (var i = 0; i < stores.Length; i++)
        {
            var s = stores[i];
            if (s is null || Array.IndexOf(stores, s) != i)
            {
                continue;
            }

            try
            {
                s.Dispose();
            }
            catch (IOException e)
            {
                (errors ??= []).Add(e);
            }
        }

        if (errors is not null)
        {
            throw errors.Count == 1 ? errors[0] : new AggregateException(errors);
        }
    }
}
