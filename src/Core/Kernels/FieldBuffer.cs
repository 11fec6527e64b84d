using PyRevolveNet.Storage;

namespace PyRevolveNet.Kernels;

/// <summary>
/// A zeroed float array in native memory (<see cref="AlignedBuffer"/>: 64-byte aligned, huge pages when large):
/// fields, coefficients, gradients. Native memory keeps the large arrays out of the GC heap and lets worker
/// threads use them without pinning.
/// </summary>
public sealed unsafe class FieldBuffer : IDisposable
{
    private readonly AlignedBuffer _memory;

    public FieldBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        _memory = new AlignedBuffer((long)length * sizeof(float));
    }

    /// <summary>A buffer for one field of <paramref name="grid"/>.</summary>
    public FieldBuffer(GridShape grid)
        : this(grid.Length)
    {
    }

    public int Length { get; }

    /// <summary>The first float (the address stays valid until Dispose).</summary>
    public float* Data => (float*)_memory.Address;

    public Span<float> Span => new((void*)_memory.Address, Length);

    /// <summary>Sets every element (halo and padding included) to zero.</summary>
    public void Clear() => Span.Clear();

    public void Dispose() => _memory.Dispose();
}
