namespace PyRevolveNet.Storage;

/// <summary>memcpy-class gather and scatter between live regions and one contiguous buffer.</summary>
public static unsafe class RegionCopy
{
    /// <summary>
    /// Copies the regions one after the other into <paramref name="destination"/>; returns the bytes copied.
    /// Large regions are written with non-temporal stores (<see cref="StreamingCopy"/>): a checkpoint is not read
    /// again until its restore, much later.
    /// </summary>
    public static long Gather(ReadOnlySpan<MemoryRegion> regions, MemoryRegion destination)
    {
        var dst = (byte*)destination.Address;
        long offset = 0;
        foreach (var r in regions)
        {
            if (r.Length > destination.Length - offset)
            {
                StorageErrors.ThrowTooLarge(destination.Length);
            }

            Copy((byte*)r.Address, dst + offset, r.Length, streaming: true);
            offset += r.Length;
        }

        return offset;
    }

    /// <summary>Copies consecutive chunks of <paramref name="source"/> into the regions (in place).</summary>
    public static void Scatter(MemoryRegion source, ReadOnlySpan<MemoryRegion> regions)
    {
        var src = (byte*)source.Address;
        long offset = 0;
        foreach (var r in regions)
        {
            if (r.Length > source.Length - offset)
            {
                StorageErrors.ThrowSizeMismatch(source.Length, MemoryRegion.TotalBytes(regions));
            }

            Copy(src + offset, (byte*)r.Address, r.Length);
            offset += r.Length;
        }
    }

    /// <summary>Copies below this size run on the calling thread; larger ones are split over two cores.</summary>
    public const long ParallelThreshold = 4 << 20;

    /// <summary>
    /// memcpy, split in two halves on two cores for large checkpoints: one core does not saturate the memory
    /// bandwidth of this machine kind, and the caller is waiting for the copy anyway.
    /// </summary>
    public static void Copy(byte* source, byte* destination, long length) => Copy(source, destination, length, streaming: false);

    private static void Copy(byte* source, byte* destination, long length, bool streaming)
    {
        if (length < ParallelThreshold || Environment.ProcessorCount < 2)
        {
            CopyHere(source, destination, length, streaming);
            return;
        }

        CopyOnTwoCores((nint)source, (nint)destination, length, streaming);
    }

    // Separate from Copy so that the lambda's closure is only allocated for large copies (a closure over
    // parameters is allocated on entry to the method that declares it).
    private static void CopyOnTwoCores(nint source, nint destination, long length, bool streaming) =>
        OnTwoCores(length, 64, (offset, part) => CopyHere((byte*)(source + (nint)offset), (byte*)(destination + (nint)offset), part, streaming));

    /// <summary>
    /// Runs <paramref name="work"/>(offset, length) on the two halves of [0, <paramref name="length"/>), the second
    /// on another core; the halves meet at a multiple of <paramref name="granularity"/> (a power of two).
    /// </summary>
    internal static void OnTwoCores(long length, long granularity, Action<long, long> work)
    {
        var half = (length / 2) & ~(granularity - 1);
        var second = Task.Run(() => work(half, length - half));
        work(0, half);
        second.Wait();
    }

    // On the calling thread; non-temporal stores are fenced by the thread that issued them.
    private static void CopyHere(byte* source, byte* destination, long length, bool streaming)
    {
        if (streaming)
        {
            StreamingCopy.Copy(source, destination, length);
            StreamingCopy.Fence();
        }
        else
        {
            Buffer.MemoryCopy(source, destination, length, length);
        }
    }

    /// <summary>A byte span over a native range; callers keep ranges below 2 GiB (see <see cref="Chunk"/>).</summary>
    public static Span<byte> AsSpan(nint address, long length) => new((void*)address, checked((int)length));

    /// <summary>Largest piece handed to span-based APIs at once.</summary>
    public const int Chunk = 1 << 30;
}
