namespace PyRevolveNet.Storage;

/// <summary>
/// Turns a checkpoint's regions into stored bytes and back. Every tier calls one; <see cref="IdentityCodec"/>
/// copies, <see cref="CompressingCodec"/> produces fewer bytes, up to <see cref="MaxEncodedBytes"/>.
/// </summary>
public interface IStorageCodec
{
    /// <summary>Short name, recorded in disk headers by <see cref="Id"/>.</summary>
    string Name { get; }

    /// <summary>Stable numeric id written into disk checkpoint headers.</summary>
    int Id { get; }

    /// <summary>Upper bound on the encoded size of <paramref name="rawBytes"/> of data (sizes slots and buffers).</summary>
    long MaxEncodedBytes(long rawBytes);

    /// <summary>The stored size to plan checkpoint counts with (the exact size when it does not vary).</summary>
    long PlanningBytes(long rawBytes);

    /// <summary>Stored sizes depend on the data: memory tiers give each checkpoint a block of its own size.</summary>
    bool VariableSize { get; }

    /// <summary>Encodes the regions into <paramref name="destination"/>; returns the bytes written.</summary>
    long Encode(ReadOnlySpan<MemoryRegion> source, MemoryRegion destination);

    /// <summary>Decodes <paramref name="source"/> (exactly the encoded bytes) into the regions, in place.</summary>
    void Decode(MemoryRegion source, ReadOnlySpan<MemoryRegion> destination);
}
