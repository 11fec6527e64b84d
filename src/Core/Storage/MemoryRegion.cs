using System.Runtime.InteropServices;

namespace PyRevolveNet.Storage;

/// <summary>
/// One contiguous piece of live state: an address and a length in bytes. The live arrays belong to the caller
/// (numpy buffers on the Python side), so they cross as plain addresses; the layout matches the C ABI's
/// <c>{ int64 address; int64 length; }</c>.
/// </summary>
[StructLayout(LayoutKind.Sequential)]
public readonly record struct MemoryRegion(nint Address, long Length)
{
    /// <summary>Sum of the lengths.</summary>
    public static long TotalBytes(ReadOnlySpan<MemoryRegion> regions)
    {
        long total = 0;
        foreach (var r in regions)
        {
            total += r.Length;
        }

        return total;
    }
}
