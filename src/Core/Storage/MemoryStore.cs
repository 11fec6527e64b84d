using PyRevolveNet.Schedules;

namespace PyRevolveNet.Storage;

/// <summary>
/// Checkpoints in one 64-byte aligned native pool of fixed slots (slot stride = the codec's worst case rounded
/// to 64 bytes): no allocation per checkpoint. A store made with <c>maxSlots</c> above <c>slots</c> grows by
/// whole pools of <c>slots</c> slots when full (used for WORK, whose need is unknown for online schedules).
/// Variable-size compressed checkpoints go to <see cref="CompactMemoryStore"/> instead (see <see cref="Create"/>).
/// </summary>
public sealed class MemoryStore : ICheckpointStore
{
    private readonly List<AlignedBuffer> _pools = [];
    private readonly Dictionary<long, int> _slotOf;
    private readonly Stack<int> _free;
    private readonly List<long> _lengths = [];
    private readonly IStorageCodec _codec;
    private readonly int _slotsPerPool;
    private readonly int _maxSlots;
    private readonly long _stride;
    private readonly long _maxEncoded;
    private StoreStatistics _stats;
    private long _bytes;

    /// <param name="checkpointBytes">Raw bytes of one checkpoint.</param>
    /// <param name="slots">Slots of the first pool (allocated now).</param>
    /// <param name="maxSlots">Most slots ever (growth by pools of <paramref name="slots"/>); defaults to <paramref name="slots"/>.</param>
    public MemoryStore(long checkpointBytes, int slots, IStorageCodec? codec = null, int? maxSlots = null, StorageType tier = StorageType.Ram)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(slots, 1);
        _codec = codec ?? IdentityCodec.Instance;
        CheckpointBytes = checkpointBytes;
        Tier = tier;
        _slotsPerPool = slots;
        _maxSlots = Math.Max(maxSlots ?? slots, slots);
        _maxEncoded = _codec.MaxEncodedBytes(checkpointBytes);
        _stride = StorageBudget.AlignUp(_maxEncoded);
        _slotOf = new Dictionary<long, int>(slots);
        _free = new Stack<int>(slots);
        AddPool();
    }

    /// <summary>
    /// The memory tier for <paramref name="codec"/>: fixed slots in one pool, or with a variable-size codec a
    /// <see cref="CompactMemoryStore"/> capped by <paramref name="budgetBytes"/>.
    /// </summary>
    public static ICheckpointStore Create(long checkpointBytes, int slots, IStorageCodec? codec, int? maxSlots = null, StorageType tier = StorageType.Ram, long? budgetBytes = null) =>
        codec is { VariableSize: true }
            ? new CompactMemoryStore(checkpointBytes, codec, budgetBytes, tier)
            : new MemoryStore(checkpointBytes, slots, codec, maxSlots, tier);

    public StorageType Tier { get; }

    public long CheckpointBytes { get; }

    /// <summary>Slots allocated so far.</summary>
    public int Capacity => _lengths.Count;

    public StoreStatistics Statistics => _stats with { Count = _slotOf.Count, Bytes = _bytes, ReservedBytes = _stride * Capacity };

    public void Save(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        var existing = _slotOf.TryGetValue(key, out var slot);
        if (!existing)
        {
            slot = TakeSlot();
        }

        long written;
        try
        {
            written = _codec.Encode(regions, SlotRegion(slot, _maxEncoded));
        }
        catch
        {
            // A failed save leaves the store as it was (an overwritten slot is dropped: its bytes are gone).
            if (existing)
            {
                Remove(key);
            }
            else
            {
                _free.Push(slot);
            }

            throw;
        }

        if (existing)
        {
            _bytes -= _lengths[slot];
        }
        else
        {
            _slotOf.Add(key, slot);
        }

        _lengths[slot] = written;
        _bytes += written;
        _stats = _stats.AfterSave(written, _slotOf.Count, _bytes);
    }

    public void Load(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        if (!_slotOf.TryGetValue(key, out var slot))
        {
            StorageErrors.ThrowMissing(TierName, key);
        }

        var length = _lengths[slot];
        _codec.Decode(SlotRegion(slot, length), regions);
        _stats = _stats with { Loads = _stats.Loads + 1, BytesRead = _stats.BytesRead + length };
    }

    public bool Remove(long key)
    {
        if (!_slotOf.Remove(key, out var slot))
        {
            return false;
        }

        _bytes -= _lengths[slot];
        _lengths[slot] = 0;
        _free.Push(slot);
        return true;
    }

    public bool Contains(long key) => _slotOf.ContainsKey(key);

    public void Clear()
    {
        foreach (var slot in _slotOf.Values)
        {
            _lengths[slot] = 0;
            _free.Push(slot);
        }

        _slotOf.Clear();
        _bytes = 0;
    }

    public void Prefetch(long key)
    {
    }

    public void Dispose()
    {
        foreach (var pool in _pools)
        {
            pool.Dispose();
        }

        _pools.Clear();
        _slotOf.Clear();
    }

    private string TierName => $"{Tier} memory tier";

    private int TakeSlot()
    {
        if (_free.Count == 0)
        {
            if (Capacity >= _maxSlots)
            {
                StorageErrors.ThrowFull(TierName, Capacity, _stride);
            }

            AddPool();
        }

        return _free.Pop();
    }

    private void AddPool()
    {
        var count = Math.Min(_slotsPerPool, _maxSlots - Capacity);
        _pools.Add(new AlignedBuffer(_stride * count));
        var first = Capacity;
        for (var i = 0; i < count; i++)
        {
            _lengths.Add(0);
        }

        // Lowest slot on top so a fresh store fills its pool in order.
        for (var i = first + count - 1; i >= first; i--)
        {
            _free.Push(i);
        }
    }

    private MemoryRegion SlotRegion(int slot, long length)
    {
        var pool = _pools[slot / _slotsPerPool];
        if (pool.IsDisposed)
        {
            StorageErrors.ThrowDisposed(TierName);
        }

        return pool.Region(slot % _slotsPerPool * _stride, length);
    }
}
