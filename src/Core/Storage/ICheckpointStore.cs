using PyRevolveNet.Schedules;

namespace PyRevolveNet.Storage;

/// <summary>
/// One checkpoint tier. Keys are chosen by the engine (Revolve slots or step numbers); saving under a key that
/// exists replaces it. Save copies out of the live regions, Load copies into them; both are memcpy-class.
/// </summary>
public interface ICheckpointStore : IDisposable
{
    /// <summary>Ram, Disk or Work.</summary>
    StorageType Tier { get; }

    /// <summary>Raw bytes of one checkpoint.</summary>
    long CheckpointBytes { get; }

    void Save(long key, ReadOnlySpan<MemoryRegion> regions);

    void Load(long key, ReadOnlySpan<MemoryRegion> regions);

    /// <summary>Drops the checkpoint; false when none was stored under the key.</summary>
    bool Remove(long key);

    bool Contains(long key);

    /// <summary>Drops every checkpoint (keeps the reserved memory for reuse).</summary>
    void Clear();

    /// <summary>Hint that <paramref name="key"/> will be loaded soon (disk read-ahead); others ignore it.</summary>
    void Prefetch(long key);

    StoreStatistics Statistics { get; }
}
