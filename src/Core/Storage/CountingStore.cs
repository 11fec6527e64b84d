using PyRevolveNet.Schedules;

namespace PyRevolveNet.Storage;

/// <summary>A tier that keeps only keys: used by dry runs to predict counts and peak bytes exactly.</summary>
public sealed class CountingStore(StorageType tier, long checkpointBytes) : ICheckpointStore
{
    private readonly HashSet<long> _keys = [];
    private StoreStatistics _stats;

    public StorageType Tier => tier;

    public long CheckpointBytes => checkpointBytes;

    public StoreStatistics Statistics => _stats with { Count = _keys.Count, Bytes = _keys.Count * checkpointBytes };

    public void Save(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        _keys.Add(key);
        _stats = _stats with
        {
            Saves = _stats.Saves + 1,
            BytesWritten = _stats.BytesWritten + checkpointBytes,
            PeakCount = Math.Max(_stats.PeakCount, _keys.Count),
            PeakBytes = Math.Max(_stats.PeakBytes, _keys.Count * checkpointBytes),
        };
    }

    public void Load(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        if (!_keys.Contains(key))
        {
            StorageErrors.ThrowMissing($"{tier} tier", key);
        }

        _stats = _stats with { Loads = _stats.Loads + 1, BytesRead = _stats.BytesRead + checkpointBytes };
    }

    public bool Remove(long key) => _keys.Remove(key);

    public bool Contains(long key) => _keys.Contains(key);

    public void Clear() => _keys.Clear();

    public void Prefetch(long key)
    {
    }

    public void Dispose() => _keys.Clear();
}
