using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Kernels;

/// <summary>
/// Copies into memory that is not read again soon (a saved wavefield) with non-temporal stores: the destination
/// lines go to DRAM without being read first (no read-for-ownership) and without evicting the fields the stencil
/// works on. Measured on the Xeon into a 2.7 GB array, 4 MB per call: 12-14 GB/s against 5-7 GB/s for memcpy.
/// The stores are weakly ordered: call <see cref="Fence"/> before anyone else reads the destination.
/// </summary>
internal static unsafe class StreamingCopy
{
    /// <summary>Below this many floats a plain copy is as fast.</summary>
    private const int MinLength = 256;

    /// <summary>Copies <paramref name="source"/> into the start of <paramref name="destination"/>.</summary>
    public static void Copy(ReadOnlySpan<float> source, Span<float> destination)
    {
        if (!Avx.IsSupported || source.Length < MinLength)
        {
            source.CopyTo(destination);
            return;
        }

        destination = destination[..source.Length];

        // The non-temporal store intrinsics take pointers; the spans are pinned for the loop.
        fixed (float* s = source)
        fixed (float* d = destination)
        {
            nint n = source.Length;
            nint head = (nint)((32 - ((nuint)d & 31)) & 31) / sizeof(float);
            source[..(int)head].CopyTo(destination);
            nint i = head;
            for (; i + 8 <= n; i += 8)
            {
                Avx.StoreAlignedNonTemporal(d + i, Vector256.Load(s + i));
            }

            source[(int)i..].CopyTo(destination[(int)i..]);
        }
    }

    /// <summary>Orders the non-temporal stores before any later store (sfence).</summary>
    public static void Fence()
    {
        if (Sse.IsSupported)
        {
            Sse.StoreFence();
        }
    }
}
