using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Storage;

/// <summary>A native block of doubles for storage tests, with views as regions.</summary>
public sealed unsafe class NativeBlock : IDisposable
{
    private readonly AlignedBuffer _buffer;

    public NativeBlock(int count)
    {
        _buffer = new AlignedBuffer(count * sizeof(double));
        Count = count;
    }

    public int Count { get; }

    public Span<double> Values => new((void*)_buffer.Address, Count);

    public MemoryRegion Region(int start, int count) => new(_buffer.Address + (start * sizeof(double)), count * sizeof(double));

    public void Fill(double seed)
    {
        for (var i = 0; i < Count; i++)
        {
            Values[i] = seed + (i * 0.5);
        }
    }

    public void Dispose() => _buffer.Dispose();
}
