using System.Runtime.ExceptionServices;
using System.Security.Cryptography;
using Microsoft.Win32.SafeHandles;
using PyRevolveNet.Schedules;

namespace PyRevolveNet.Storage;

/// <summary>
/// Checkpoints as files in a private directory (<c>&lt;parent&gt;/pyrevolve-net-&lt;pid&gt;-&lt;random&gt;/</c>), one
/// file per key with a checksummed header. Writes are handed to a background thread through a bounded set of
/// staging buffers (write-behind: Save returns once the data is copied), loads serve a pending write of the
/// same key from its staging buffer, and <see cref="Prefetch"/> reads a checkpoint ahead into its own buffer (read-ahead), so disk I/O
/// overlaps the computation. Damaged files raise <see cref="InvalidDataException"/>; I/O failures raise
/// <see cref="IOException"/> naming the path. Dispose removes the directory.
/// </summary>
public sealed class DiskStore : ICheckpointStore
{
    private readonly object _gate = new();
    private readonly IStorageCodec _codec;
    private readonly long _stride;
    private readonly long _maxEncoded;
    private readonly int _depth;
    private readonly Stack<WriteJob> _free = new();
    private readonly List<WriteJob> _jobs = [];
    private readonly Queue<WriteJob?> _queue = new();
    private readonly Dictionary<long, WriteJob> _pending = [];
    private readonly Dictionary<long, long> _lengths = [];
    private readonly Thread _thread;
    private AlignedBuffer? _readBuffer;
    private AlignedBuffer? _prefetchBuffer;
    private long _prefetchKey = -1;
    private int _prefetchGeneration;
    private PrefetchState _prefetchState;
    private long _prefetchLength;
    private Exception? _prefetchError;
    private int _prefetchJobGeneration;
    private Exception? _failure;
    private bool _stopping;
    private bool _disposed;
    private StoreStatistics _stats;
    private long _bytes;

    /// <param name="parentDirectory">Where the private directory is made (created when missing).</param>
    /// <param name="checkpointBytes">Raw bytes of one checkpoint.</param>
    /// <param name="queueDepth">Checkpoints that may wait to be written (each takes one staging buffer).</param>
    public DiskStore(string parentDirectory, long checkpointBytes, IStorageCodec? codec = null, int queueDepth = 2, StorageType tier = StorageType.Disk)
    {
        ArgumentException.ThrowIfNullOrEmpty(parentDirectory);
        ArgumentOutOfRangeException.ThrowIfNegative(checkpointBytes);
        ArgumentOutOfRangeException.ThrowIfLessThan(queueDepth, 1);
        _codec = codec ?? IdentityCodec.Instance;
        CheckpointBytes = checkpointBytes;
        Tier = tier;
        _depth = queueDepth;
        _maxEncoded = _codec.MaxEncodedBytes(checkpointBytes);
        _stride = StorageBudget.AlignUp(Math.Max(_maxEncoded, 1));
        var parent = Path.GetFullPath(parentDirectory);
        Directory = Path.Combine(parent, $"pyrevolve-net-{Environment.ProcessId}-{Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(6))}");
        try
        {
            System.IO.Directory.CreateDirectory(Directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot create the checkpoint directory {Directory}: {e.Message}", e);
        }

        _thread = new Thread(IoLoop) { IsBackground = true, Name = "pyrevolve-net disk I/O" };
        _thread.Start();
    }

    private enum PrefetchState
    {
        Idle,
        Pending,
        Ready,
        Failed,
    }

    /// <summary>The private directory holding the checkpoint files.</summary>
    public string Directory { get; }

    public StorageType Tier { get; }

    public long CheckpointBytes { get; }

    public StoreStatistics Statistics
    {
        get
        {
            lock (_gate)
            {
                return _stats with { Count = _lengths.Count, Bytes = _bytes, ReservedBytes = _stride * (_jobs.Count + (_readBuffer is null ? 0 : 1) + (_prefetchBuffer is null ? 0 : 1)) };
            }
        }
    }

    /// <summary>Path of the file of a key.</summary>
    public string PathOf(long key) => Path.Combine(Directory, $"ckp-{key}.bin");

    public void Save(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        WriteJob job;
        lock (_gate)
        {
            ThrowIfUnusable();
            while (_free.Count == 0 && _jobs.Count >= _depth && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            ThrowIfUnusable();
            if (!_free.TryPop(out job!))
            {
                job = new WriteJob(new AlignedBuffer(_stride));
                _jobs.Add(job);
            }
        }

        long length;
        try
        {
            length = _codec.Encode(regions, job.Buffer.Region(0, _maxEncoded));
        }
        catch
        {
            lock (_gate)
            {
                _free.Push(job);
            }

            throw;
        }

        lock (_gate)
        {
            job.Key = key;
            job.Length = length;
            _pending[key] = job;
            if (_lengths.TryGetValue(key, out var old))
            {
                _bytes -= old;
            }

            _lengths[key] = length;
            _bytes += length;
            if (_prefetchKey == key)
            {
                InvalidatePrefetch();
            }

            _stats = _stats.AfterSave(length, _lengths.Count, _bytes);
            _queue.Enqueue(job);
            Monitor.PulseAll(_gate);
        }
    }

    public void Load(long key, ReadOnlySpan<MemoryRegion> regions)
    {
        long length;
        AlignedBuffer buffer;
        lock (_gate)
        {
            ThrowIfUnusable();
            if (_pending.TryGetValue(key, out var pending))
            {
                // Still queued or being written: the staging buffer holds exactly the bytes going to disk, and the
                // I/O thread only reads it, so serve the load from memory instead of waiting for two disk trips.
                _codec.Decode(pending.Buffer.Region(0, pending.Length), regions);
                _stats = _stats with { Loads = _stats.Loads + 1, BytesRead = _stats.BytesRead + pending.Length };
                return;
            }

            if (!_lengths.ContainsKey(key))
            {
                StorageErrors.ThrowMissing($"disk tier {Directory}", key);
            }

            if (_prefetchKey == key && _prefetchState != PrefetchState.Idle)
            {
                while (_prefetchState == PrefetchState.Pending)
                {
                    Monitor.Wait(_gate);
                }

                if (_prefetchState == PrefetchState.Failed)
                {
                    var error = _prefetchError!;
                    InvalidatePrefetch();
                    ExceptionDispatchInfo.Capture(error).Throw();
                }

                buffer = _prefetchBuffer!;
                length = _prefetchLength;
            }
            else
            {
                buffer = _readBuffer ??= new AlignedBuffer(_stride);
                length = -1;
            }
        }

        if (length < 0)
        {
            length = ReadFile(key, buffer);
        }

        _codec.Decode(buffer.Region(0, length), regions);
        lock (_gate)
        {
            _stats = _stats with { Loads = _stats.Loads + 1, BytesRead = _stats.BytesRead + length };
        }
    }

    /// <summary>Starts reading <paramref name="key"/> into the read-ahead buffer on the I/O thread.</summary>
    public void Prefetch(long key)
    {
        lock (_gate)
        {
            if (_disposed || _failure is not null || !_lengths.ContainsKey(key) || _pending.ContainsKey(key)
                || (_prefetchKey == key && _prefetchState is PrefetchState.Pending or PrefetchState.Ready))
            {
                return;
            }

            _prefetchBuffer ??= new AlignedBuffer(_stride);
            _prefetchKey = key;
            _prefetchState = PrefetchState.Pending;
            _prefetchJobGeneration = ++_prefetchGeneration;
            _queue.Enqueue(null); // null = the read-ahead request
            Monitor.PulseAll(_gate);
        }
    }

    public bool Remove(long key)
    {
        lock (_gate)
        {
            ThrowIfUnusable();
            while (_pending.ContainsKey(key) && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            if (!_lengths.Remove(key, out var length))
            {
                return false;
            }

            _bytes -= length;
            if (_prefetchKey == key)
            {
                InvalidatePrefetch();
            }
        }

        Delete(PathOf(key));
        return true;
    }

    public bool Contains(long key)
    {
        lock (_gate)
        {
            return _lengths.ContainsKey(key);
        }
    }

    public void Clear()
    {
        long[] keys;
        lock (_gate)
        {
            keys = [.. _lengths.Keys];
        }

        foreach (var key in keys)
        {
            Remove(key);
        }
    }

    /// <summary>Waits until every queued write is on disk; rethrows a background write failure.</summary>
    public void Flush()
    {
        lock (_gate)
        {
            while (_pending.Count > 0 && _failure is null)
            {
                Monitor.Wait(_gate);
            }

            ThrowIfUnusable();
        }
    }

    /// <summary>Stops the I/O thread, frees the buffers and removes the directory with its files.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _stopping = true;
            _queue.Clear();
            Monitor.PulseAll(_gate);
        }

        _thread.Join();
        foreach (var job in _jobs)
        {
            job.Buffer.Dispose();
        }

        _readBuffer?.Dispose();
        _prefetchBuffer?.Dispose();
        try
        {
            if (System.IO.Directory.Exists(Directory))
            {
                System.IO.Directory.Delete(Directory, recursive: true);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot remove the checkpoint directory {Directory}: {e.Message}", e);
        }
    }

    private void InvalidatePrefetch()
    {
        _prefetchKey = -1;
        _prefetchState = PrefetchState.Idle;
        _prefetchError = null;
        _prefetchGeneration++;
    }

    private void ThrowIfUnusable()
    {
        if (_disposed)
        {
            StorageErrors.ThrowDisposed($"disk tier {Directory}");
        }

        if (_failure is not null)
        {
            ExceptionDispatchInfo.Capture(_failure).Throw();
        }
    }

    private void IoLoop()
    {
        while (true)
        {
            WriteJob? job;
            long prefetchKey;
            int generation;
            lock (_gate)
            {
                while (_queue.Count == 0 && !_stopping)
                {
                    Monitor.Wait(_gate);
                }

                if (_stopping)
                {
                    return;
                }

                job = _queue.Dequeue();
                prefetchKey = _prefetchKey;
                generation = _prefetchJobGeneration;
            }

            if (job is not null)
            {
                Exception? error = null;
                try
                {
                    WriteFile(job);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                {
                    error = new IOException($"writing checkpoint file {PathOf(job.Key)} failed: {e.Message}", e);
                }

                lock (_gate)
                {
                    _failure ??= error;
                    if (_pending.TryGetValue(job.Key, out var latest) && latest == job)
                    {
                        _pending.Remove(job.Key);
                    }

                    _free.Push(job);
                    Monitor.PulseAll(_gate);
                }
            }
            else
            {
                long length = 0;
                Exception? error = null;
                try
                {
                    length = prefetchKey < 0 ? 0 : ReadFile(prefetchKey, _prefetchBuffer!);
                }
                catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
                {
                    error = e;
                }

                lock (_gate)
                {
                    if (generation == _prefetchGeneration && _prefetchState == PrefetchState.Pending)
                    {
                        _prefetchLength = length;
                        _prefetchError = error;
                        _prefetchState = error is null ? PrefetchState.Ready : PrefetchState.Failed;
                    }

                    Monitor.PulseAll(_gate);
                }
            }
        }
    }

    private void WriteFile(WriteJob job)
    {
        var path = PathOf(job.Key);
        var temporary = path + ".tmp";
        var payload = job.Buffer.Region(0, job.Length);
        Span<byte> header = stackalloc byte[CheckpointFileHeader.Size];
        new CheckpointFileHeader(job.Key, job.Length, CheckpointBytes, _codec.Id, Crc32C.Compute(payload)).Write(header);
        using (var handle = File.OpenHandle(temporary, FileMode.Create, FileAccess.Write, FileShare.None, FileOptions.None, CheckpointFileHeader.Size + job.Length))
        {
            RandomAccess.Write(handle, header, 0);
            for (long offset = 0; offset < job.Length; offset += RegionCopy.Chunk)
            {
                var n = Math.Min(RegionCopy.Chunk, job.Length - offset);
                RandomAccess.Write(handle, RegionCopy.AsSpan(payload.Address + (nint)offset, n), CheckpointFileHeader.Size + offset);
            }
        }

        File.Move(temporary, path, overwrite: true);
    }

    /// <summary>Reads and verifies the file of <paramref name="key"/> into <paramref name="buffer"/>; returns the payload length.</summary>
    private long ReadFile(long key, AlignedBuffer buffer)
    {
        var path = PathOf(key);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.Read);
        }
        catch (FileNotFoundException e)
        {
            throw new InvalidDataException($"corrupt checkpoint store: file {path} of key {key} is missing", e);
        }

        using (handle)
        {
            var fileLength = RandomAccess.GetLength(handle);
            Span<byte> headerBytes = stackalloc byte[CheckpointFileHeader.Size];
            var got = RandomAccess.Read(handle, headerBytes, 0);
            var h = CheckpointFileHeader.Read(headerBytes[..got], path, key);
            if (h.PayloadLength > buffer.Length)
            {
                CheckpointFileHeader.Corrupt(path, $"payload of {h.PayloadLength} bytes exceeds the slot size {buffer.Length}");
            }

            if (fileLength != CheckpointFileHeader.Size + h.PayloadLength)
            {
                CheckpointFileHeader.Corrupt(path, $"truncated or padded: {fileLength} bytes, expected {CheckpointFileHeader.Size + h.PayloadLength}");
            }

            for (long offset = 0; offset < h.PayloadLength;)
            {
                var n = (int)Math.Min(RegionCopy.Chunk, h.PayloadLength - offset);
                var read = RandomAccess.Read(handle, RegionCopy.AsSpan(buffer.Address + (nint)offset, n), CheckpointFileHeader.Size + offset);
                if (read <= 0)
                {
                    CheckpointFileHeader.Corrupt(path, "truncated while reading");
                }

                offset += read;
            }

            if (Crc32C.Compute(buffer.Region(0, h.PayloadLength)) != h.PayloadCrc)
            {
                CheckpointFileHeader.Corrupt(path, "payload checksum mismatch");
            }

            return h.PayloadLength;
        }
    }

    private static void Delete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new IOException($"cannot remove checkpoint file {path}: {e.Message}", e);
        }
    }

    /// <summary>A staging buffer and the write it carries; reused, so saving does not allocate.</summary>
    private sealed class WriteJob(AlignedBuffer buffer)
    {
        public AlignedBuffer Buffer { get; } = buffer;

        public long Key { get; set; }

        public long Length { get; set; }
    }
}
