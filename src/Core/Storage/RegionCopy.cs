namespace PyRevolveNet.Storage;

/// <summary>memcpy-class gather and scatter between live regions and one contiguous buffer.</summary>
public static unsafe class RegionCopy
{
    /// <summary>Copies the regions one after the other into <paramref name="destination"/>; returns the bytes copied.</summary>
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

            Buffer.MemoryCopy((void*)r.Address, dst + offset, r.Length, r.Length);
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

            Buffer.MemoryCopy(src + offset, (void*)r.Address, r.Length, r.Length);
            offset += r.Length;
        }
    }

    /// <summary>A byte span over a native range; callers keep ranges below 2 GiB (see <see cref="Chunk"/>).</summary>
    public static Span<byte> AsSpan(nint address, long length) => new((void*)address, checked((int)length));

    /// <summary>Largest piece handed to span-based APIs at once.</summary>
    public const int Chunk = 1 << 30;
}
