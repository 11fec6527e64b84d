using PyRevolveNet.Schedules;

namespace PyRevolveNet.Storage;

/// <summary>
/// Compressed checkpoints in memory, each in a block of its own size, so that a memory budget holds as many
/// checkpoints as their compressed sizes allow. A save encodes into one staging buffer (the codec's worst
/// case), then copies the bytes into a block: a spare block of a dropped checkpoint when one is large enough
/// (no allocation, no page faults in steady state), else a new one. Block sizes are rounded up (1/16 of the
/// size, whole cache lines) so that checkpoints of similar sizes reuse each other's blocks.
/// <para>Budget: blocks (in use and spare) stay within <c>budgetBytes</c>; spares are freed first. A save that
/// does not fit even then (the data compressed worse than planned) is still kept, never lost, and counted in
/// <see cref="StoreStatistics.OverBudgetSaves"/>; the staging buffers are not counted.</para>
/// <para>Background coding (on when the machine has two cores or more): a save copies the checkpoint raw into a
/// staging buffer (memcpy speed) and returns; a pool thread compresses it while the caller computes on. The
/// next call on the store waits for it (one save in flight), so a load of that checkpoint, or a failure of
/// its coding, is seen there.</para>
/// </summary>
public sealed unsafe class CompactMemoryStore : ICheckpointStore
{
    private readonly IStorageCodec _codec;
    private readonly long? _budget;
    private readonly Dictionary<long, Block> _blocks = [];
    private readonly List<AlignedBuffer> _spares = [];
    private readonly bool _background;
    private AlignedBuffer? _staging;
    private AlignedBuffer? _raw;
    private MemoryRegion[] _rawRegions = [];
    private Task? _inFlight;
    private StoreStatistics _stats;
    private long _bytes;
    private long _blockBytes;

    /// <param name="background">compress on a pool thread while the caller goes on (null: when there are 2+ cores)</param>
    public CompactMemoryStore(long checkpointBytes, IStorageCodec codec, long? budgetBytes = null, StorageType tier = StorageType.Ram, bool? background = null)
    {
        _background = background ?? Environment.ProcessorCount >= 2;
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointBytes);
        ArgumentNullException.ThrowIfNull(codec);
        CheckpointBytes = checkpointBytes;
        Tier = tier;
        _codec = codec;
        _budget = budgetBytes;
        _staging = new AlignedBuffer(codec.MaxEncodedBytes(checkpointBytes));
    }

    public StorageType Tier { get; }

    public long CheckpointBytes { get; }

    public StoreStatistics Statistics
    {
        get
        {
            Settle();
            return _stats with
            {
                Count = _blocks.Count,
                Bytes = _bytes,
                ReservedBytes = _blockBytes + (_staging?.Length ?? 0) + (_raw?.Length ?? 0),
            };
        }
    }

    public void Save(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        Settle();
        if (_staging is null)
        {
            Disposed();
        }

        if (_blocks.Remove(key, out var old))
        {
            _bytes -= old.Length;
            _spares.Add(old.Buffer);
        }

        if (!_background)
        {
            Store(key, regions);
            return;
        }

        // The live regions change as soon as we return: take a raw copy, code it on a pool thread.
        var raw = _raw ??= new AlignedBuffer(CheckpointBytes);
        RegionCopy.Gather(regions, raw.Region(0, raw.Length));
        if (_rawRegions.Length != regions.Length)
        {
            _rawRegions = new MemoryRegion[regions.Length];
        }

        long offset = 0;
        for (int i = 0; i < regions.Length; i++)
        {
            _rawRegions[i] = new MemoryRegion(raw.Address + (nint)offset, regions[i].Length);
            offset += regions[i].Length;
        }

        var pending = _rawRegions;
        _inFlight = Task.Run(() => Store(key, pending));
    }

    /// <summary>Waits for the save in flight; its failure (if any) is thrown here.</summary>
    public void Settle()
    {
        var task = _inFlight;
        if (task is null)
        {
            return;
        }

        _inFlight = null;
        try
        {
            task.Wait();
        }
        catch (AggregateException e) when (e.InnerExceptions.Count == 1)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Capture(e.InnerExceptions[0]).Throw();
        }
    }

    private void Store(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        var staging = _staging ?? Disposed();
        var length = _codec.Encode(regions, staging.Region(0, staging.Length));

        var buffer = TakeBlock(length);
        RegionCopy.Copy((byte*)staging.Address, (byte*)buffer.Address, length);
        _blocks.Add(key, new Block(buffer, length));
        _bytes += length;
        _stats = _stats.AfterSave(length, _blocks.Count, _bytes);
    }

    public void Load(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        Settle();
        if (!_blocks.TryGetValue(key, out var block))
        {
            StorageErrors.ThrowMissing($"{Tier} memory tier", key);
        }

        _codec.Decode(block.Buffer.Region(0, block.Length), regions);
        _stats = _stats with { Loads = _stats.Loads + 1, BytesRead = _stats.BytesRead + block.Length };
    }

    public bool Remove(long key)
    {
        Settle();
        if (!_blocks.Remove(key, out var block))
        {
            return false;
        }

        _bytes -= block.Length;
        _spares.Add(block.Buffer);
        return true;
    }

    public bool Contains(long key)
    {
        Settle();
        return _blocks.ContainsKey(key);
    }

    public void Clear()
    {
        Settle();
        foreach (var block in _blocks.Values)
        {
            _spares.Add(block.Buffer);
        }

        _blocks.Clear();
        _bytes = 0;
    }

    public void Prefetch(long key)
    {
    }

    public void Dispose()
    {
        try
        {
            Settle();
        }
        catch (Exception)
        {
            // Disposing after a failed save: the failure was (or will be) reported by the run; free the memory.
        }

        foreach (var block in _blocks.Values)
        {
            block.Buffer.Dispose();
        }

        foreach (var spare in _spares)
        {
            spare.Dispose();
        }

        _blocks.Clear();
        _spares.Clear();
        _blockBytes = 0;
        _staging?.Dispose();
        _staging = null;
        _raw?.Dispose();
        _raw = null;
    }

    /// <summary>Block size for <paramref name="length"/> stored bytes: up to 1/16 more, in whole cache lines.</summary>
    internal static long BlockSize(long length)
    {
        var step = Math.Max(64, (length / 16 + 63) & ~63L);
        return (length + step - 1) / step * step;
    }

    private AlignedBuffer TakeBlock(long length)
    {
        // Smallest spare that holds the data.
        int best = -1;
        for (int i = 0; i < _spares.Count; i++)
        {
            if (_spares[i].Length >= length && (best < 0 || _spares[i].Length < _spares[best].Length))
            {
                best = i;
            }
        }

        if (best >= 0)
        {
            var spare = _spares[best];
            _spares.RemoveAt(best);
            return spare;
        }

        var size = BlockSize(length);
        for (int i = _spares.Count - 1; i >= 0 && _budget is { } budget && _blockBytes + size > budget; i--)
        {
            _blockBytes -= _spares[i].Length;
            _spares[i].Dispose();
            _spares.RemoveAt(i);
        }

        if (_budget is { } limit && _blockBytes + size > limit)
        {
            _stats = _stats with { OverBudgetSaves = _stats.OverBudgetSaves + 1 };
        }

        _blockBytes += size;
        return new AlignedBuffer(size);
    }

    private AlignedBuffer Disposed()
    {
        StorageErrors.ThrowDisposed($"{Tier} memory tier");
        return null!;
    }

    private readonly record struct Block(AlignedBuffer Buffer, long Length);
}
