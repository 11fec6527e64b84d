using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Compression;

/// <summary>
/// <see cref="Lorenzo.Forward"/> followed by <see cref="Simd.ZigZag"/> in one pass (the same integers, bit for
/// bit): the residual of a value is the difference along the last axis of its row, minus that of the row
/// above, minus that of the row in the plane before, plus that of the row above it. Rows are visited from the
/// last to the first and each row from its end, so the neighbours read are never yet overwritten: in place,
/// and the last axis vectorizes too (the separate passes read and wrote the array three times, one of them
/// a scalar loop).
/// </summary>
internal static class LorenzoForward
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void ForwardZigZag(Span<int> v, in Dims dims)
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, plane = n1 * n2;
        for (var k = n0 - 1; k >= 0; k--)
        {
            for (var i = n1 - 1; i >= 0; i--)
            {
                var c = v.Slice((k * plane) + (i * n2), n2);
                if (k > 0 && i > 0)
                {
                    Row(c, v.Slice((k * plane) + ((i - 1) * n2), n2), v.Slice(((k - 1) * plane) + (i * n2), n2), v.Slice(((k - 1) * plane) + ((i - 1) * n2), n2));
                }
                else if (k > 0 || i > 0)
                {
                    // One neighbour row p: d(c) - d(p) - d(p) + d(p) is d(c) - d(p), exactly (wrapping).
                    var p = k > 0 ? v.Slice(((k - 1) * plane) + (i * n2), n2) : v.Slice((k * plane) + ((i - 1) * n2), n2);
                    Row(c, p, p, p);
                }
                else
                {
                    First(c);
                }
            }
        }
    }

    /// <summary>c[j] = zigzag(d(c) - d(u) - d(b) + d(bu)) at j, d(x)[j] = x[j] - x[j-1] (x[-1] = 0).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Row(Span<int> c, ReadOnlySpan<int> u, ReadOnlySpan<int> b, ReadOnlySpan<int> bu)
    {
        ref var rc = ref MemoryMarshal.GetReference(c);
        ref var ru = ref MemoryMarshal.GetReference(u);
        ref var rb = ref MemoryMarshal.GetReference(b);
        ref var rbu = ref MemoryMarshal.GetReference(bu);
        var j = c.Length;
        if (Simd.Use512)
        {
            for (; j >= 1 + 16; j -= 16)
            {
                var a = (nuint)(j - 16);
                var x = Vector512.LoadUnsafe(ref rc, a) - Vector512.LoadUnsafe(ref rc, a - 1)
                    - (Vector512.LoadUnsafe(ref ru, a) - Vector512.LoadUnsafe(ref ru, a - 1))
                    - (Vector512.LoadUnsafe(ref rb, a) - Vector512.LoadUnsafe(ref rb, a - 1))
                    + (Vector512.LoadUnsafe(ref rbu, a) - Vector512.LoadUnsafe(ref rbu, a - 1));
                (Vector512.ShiftLeft(x, 1) ^ Vector512.ShiftRightArithmetic(x, 31)).StoreUnsafe(ref rc, a);
            }
        }
        else if (Simd.Use256)
        {
            for (; j >= 1 + 8; j -= 8)
            {
                var a = (nuint)(j - 8);
                var x = Vector256.LoadUnsafe(ref rc, a) - Vector256.LoadUnsafe(ref rc, a - 1)
                    - (Vector256.LoadUnsafe(ref ru, a) - Vector256.LoadUnsafe(ref ru, a - 1))
                    - (Vector256.LoadUnsafe(ref rb, a) - Vector256.LoadUnsafe(ref rb, a - 1))
                    + (Vector256.LoadUnsafe(ref rbu, a) - Vector256.LoadUnsafe(ref rbu, a - 1));
                (Vector256.ShiftLeft(x, 1) ^ Vector256.ShiftRightArithmetic(x, 31)).StoreUnsafe(ref rc, a);
            }
        }

        for (j--; j >= 1; j--)
        {
            var x = Unsafe.Add(ref rc, j) - Unsafe.Add(ref rc, j - 1)
                - (Unsafe.Add(ref ru, j) - Unsafe.Add(ref ru, j - 1))
                - (Unsafe.Add(ref rb, j) - Unsafe.Add(ref rb, j - 1))
                + (Unsafe.Add(ref rbu, j) - Unsafe.Add(ref rbu, j - 1));
            Unsafe.Add(ref rc, j) = (x << 1) ^ (x >> 31);
        }

        if (c.Length > 0)
        {
            var x = rc - ru - rb + rbu;
            rc = (x << 1) ^ (x >> 31);
        }
    }

    /// <summary>The first row of the array: c[j] = zigzag(c[j] - c[j-1]).</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void First(Span<int> c)
    {
        ref var rc = ref MemoryMarshal.GetReference(c);
        var j = c.Length;
        if (Simd.Use512)
        {
            for (; j >= 1 + 16; j -= 16)
            {
                var a = (nuint)(j - 16);
                var x = Vector512.LoadUnsafe(ref rc, a) - Vector512.LoadUnsafe(ref rc, a - 1);
                (Vector512.ShiftLeft(x, 1) ^ Vector512.ShiftRightArithmetic(x, 31)).StoreUnsafe(ref rc, a);
            }
        }
        else if (Simd.Use256)
        {
            for (; j >= 1 + 8; j -= 8)
            {
                var a = (nuint)(j - 8);
                var x = Vector256.LoadUnsafe(ref rc, a) - Vector256.LoadUnsafe(ref rc, a - 1);
                (Vector256.ShiftLeft(x, 1) ^ Vector256.ShiftRightArithmetic(x, 31)).StoreUnsafe(ref rc, a);
            }
        }

        for (j--; j >= 1; j--)
        {
            var x = Unsafe.Add(ref rc, j) - Unsafe.Add(ref rc, j - 1);
            Unsafe.Add(ref rc, j) = (x << 1) ^ (x >> 31);
        }

        if (c.Length > 0)
        {
            rc = (rc << 1) ^ (rc >> 31);
        }
    }
}
