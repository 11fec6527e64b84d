namespace PyRevolveNet.Storage;

/// <summary>No compression: the stored bytes are the regions laid end to end.</summary>
public sealed class IdentityCodec : IStorageCodec
{
    public static IdentityCodec Instance { get; } = new();

    public string Name => "identity";

    public int Id => 0;

    public long MaxEncodedBytes(long rawBytes) => rawBytes;

    public long PlanningBytes(long rawBytes) => rawBytes;

    public bool VariableSize => false;

    public long Encode(ReadOnlySpan<MemoryRegion> source, MemoryRegion destination) => RegionCopy.Gather(source, destination);

    public void Decode(MemoryRegion source, ReadOnlySpan<MemoryRegion> destination)
    {
        var total = MemoryRegion.TotalBytes(destination);
        if (total != source.Length)
        {
            StorageErrors.ThrowSizeMismatch(source.Length, total);
        }

        RegionCopy.Scatter(source, destination);
    }
}
