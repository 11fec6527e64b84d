using System.Runtime.InteropServices;

namespace PyRevolveNet.Kernels;

/// <summary>
/// A zeroed, 64-byte aligned native float buffer (one cache line, one AVX-512 vector): fields, coefficients,
/// gradients. Native memory keeps the large arrays out of the GC heap and lets worker threads use them
/// without pinning. Large buffers are 2 MB aligned and advised to use huge pages (see HugePages).
/// </summary>
public sealed unsafe class AlignedBuffer : IDisposable
{
    private float* _data;

    public AlignedBuffer(int length)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(length);
        Length = length;
        nuint bytes = (nuint)Math.Max(length, 1) * sizeof(float);
        bool huge = bytes >= HugePages.Threshold;
        if (huge)
        {
            bytes = (bytes + HugePages.PageSize - 1) & ~(HugePages.PageSize - 1);
        }

        _data = (float*)NativeMemory.AlignedAlloc(bytes, huge ? HugePages.PageSize : 64);
        if (huge)
        {
            HugePages.Advise(_data, bytes);
        }

        NativeMemory.Clear(_data, bytes);
    }

    /// <summary>A buffer for one field of <paramref name="grid"/>.</summary>
    public AlignedBuffer(GridShape grid)
        : this(grid.Length)
    {
    }

    ~AlignedBuffer() => Free();

    public int Length { get; }

    public Span<float> Span
    {
        get
        {
            if (_data == null)
            {
                ThrowHelper.Disposed(this);
            }

            return new Span<float>(_data, Length);
        }
    }

    /// <summary>Sets every element (halo and padding included) to zero.</summary>
    public void Clear() => Span.Clear();

    public void Dispose()
    {
        Free();
        GC.SuppressFinalize(this);
    }

    private void Free()
    {
        if (_data != null)
        {
            NativeMemory.AlignedFree(_data);
            _data = null;
        }
    }
}
