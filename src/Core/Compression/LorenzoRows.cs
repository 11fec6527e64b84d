using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// One row of the fast lossless path, fused: float bits to integers by M(b) = rotl(b, 1) (the sign moves to
/// the lowest bit, so a sign change between neighbours of similar magnitude costs their magnitude difference,
/// not the ~2^31 floats between them as with a monotone order; 1.29 -> 1.32 on dense 2D),
/// the 3D Lorenzo stencil against the row above (up), the same row of the previous plane (prev) and its row
/// above (prevUp), the difference along the row, and zigzag; decoding is the exact inverse (unzigzag, an
/// in-register prefix sum along the row, the vertical terms, the inverse map). A missing neighbour row is
/// passed as a row of zeros (M(0) = 0), so edges need no special loops. A long row goes through in segments:
/// the running value along the row (t of the last value, or the prefix sum) is passed in and returned.
/// Wrapping integer arithmetic makes every step exactly invertible for every bit pattern.
/// </summary>
internal static class LorenzoRows
{
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int M(int b) => (int)BitOperations.RotateLeft((uint)b, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static int MInv(int o) => (int)BitOperations.RotateRight((uint)o, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> M(Vector512<int> b) => Avx512F.RotateLeft(b, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector512<int> MInv(Vector512<int> o) => Avx512F.RotateRight(o, 1);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> M(Vector256<int> b) => (b << 1) | Vector256.ShiftRightLogical(b, 31);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static Vector256<int> MInv(Vector256<int> o) => Vector256.ShiftRightLogical(o, 1) | (o << 31);

    /// <summary>
    /// z[j] = zigzag(t[j] - t[j-1]), t = M(cur) - M(up) - M(prev) + M(prevUp), t[-1] = <paramref name="last"/>
    /// (0 at a row's start); returns t of the segment's last value.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Encode(ReadOnlySpan<int> cur, ReadOnlySpan<int> up, ReadOnlySpan<int> prev, ReadOnlySpan<int> prevUp, Span<int> z, int last = 0)
    {
        var n = cur.Length;
        if (n == 0)
        {
            return last;
        }

        // One length check up front; the loops below read each row at [0, n).
        if (up.Length < n || prev.Length < n || prevUp.Length < n || z.Length < n)
        {
            throw new ArgumentException("row lengths differ");
        }

        ref var c = ref MemoryMarshal.GetReference(cur);
        ref var u = ref MemoryMarshal.GetReference(up);
        ref var p = ref MemoryMarshal.GetReference(prev);
        ref var pu = ref MemoryMarshal.GetReference(prevUp);
        ref var rz = ref MemoryMarshal.GetReference(z);
        // prev and prevUp the same row (the first plane passes the -1 row twice): their terms cancel, skip them.
        var planes = !Unsafe.AreSame(ref p, ref pu);
        var j = 0;
        if (Simd.Use512 && Avx512F.IsSupported && n >= 16)
        {
            // t once per vector; t[j-1] comes from the previous vector by a lane shift (valignd).
            var tPrev = Vector512.Create(last);
            for (; j <= n - 16; j += 16)
            {
                var t = M(Vector512.LoadUnsafe(ref c, (nuint)j)) - M(Vector512.LoadUnsafe(ref u, (nuint)j));
                if (planes)
                {
                    t = t - M(Vector512.LoadUnsafe(ref p, (nuint)j)) + M(Vector512.LoadUnsafe(ref pu, (nuint)j));
                }

                var r = t - Avx512F.AlignRight32(t, tPrev, 15);
                tPrev = t;
                ((r << 1) ^ Vector512.ShiftRightArithmetic(r, 31)).StoreUnsafe(ref rz, (nuint)j);
            }

            last = tPrev.GetElement(15);
        }
        else if (Simd.Use256 && n >= 9)
        {
            var t0 = M(c) - M(u) - M(p) + M(pu) - last;
            rz = (t0 << 1) ^ (t0 >> 31);
            for (j = 1; j <= n - 8; j += 8)
            {
                var a = M(Vector256.LoadUnsafe(ref c, (nuint)j)) - M(Vector256.LoadUnsafe(ref u, (nuint)j))
                    - M(Vector256.LoadUnsafe(ref p, (nuint)j)) + M(Vector256.LoadUnsafe(ref pu, (nuint)j));
                var b = M(Vector256.LoadUnsafe(ref c, (nuint)(j - 1))) - M(Vector256.LoadUnsafe(ref u, (nuint)(j - 1)))
                    - M(Vector256.LoadUnsafe(ref p, (nuint)(j - 1))) + M(Vector256.LoadUnsafe(ref pu, (nuint)(j - 1)));
                var r = a - b;
                ((r << 1) ^ Vector256.ShiftRightArithmetic(r, 31)).StoreUnsafe(ref rz, (nuint)j);
            }

            last = M(Unsafe.Add(ref c, j - 1)) - M(Unsafe.Add(ref u, j - 1)) - M(Unsafe.Add(ref p, j - 1)) + M(Unsafe.Add(ref pu, j - 1));
        }

        for (; j < n; j++)
        {
            var t = M(Unsafe.Add(ref c, j)) - M(Unsafe.Add(ref u, j)) - M(Unsafe.Add(ref p, j)) + M(Unsafe.Add(ref pu, j));
            var r = t - last;
            last = t;
            Unsafe.Add(ref rz, j) = (r << 1) ^ (r >> 31);
        }

        return last;
    }

    /// <summary>
    /// Inverse of <see cref="Encode"/> in place: <paramref name="row"/> holds z and becomes float bits;
    /// <paramref name="acc"/> is the prefix sum before the segment (0 at a row's start); returns it after.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static int Decode(Span<int> row, ReadOnlySpan<int> up, ReadOnlySpan<int> prev, ReadOnlySpan<int> prevUp, int acc = 0)
    {
        var n = row.Length;
        if (up.Length < n || prev.Length < n || prevUp.Length < n)
        {
            throw new ArgumentException("row lengths differ");
        }

        ref var x = ref MemoryMarshal.GetReference(row);
        ref var u = ref MemoryMarshal.GetReference(up);
        ref var p = ref MemoryMarshal.GetReference(prev);
        ref var pu = ref MemoryMarshal.GetReference(prevUp);
        var j = 0;
        var planes = !Unsafe.AreSame(ref p, ref pu);
        if (Simd.Use512 && Avx512F.IsSupported && n >= 16)
        {
            var one = Vector512.Create(1);
            var lastLane = Vector512.Create(15);
            var carry = Vector512.Create(acc);
            var zero = Vector512<int>.Zero;
            for (; j <= n - 16; j += 16)
            {
                var z = Vector512.LoadUnsafe(ref x, (nuint)j);
                var r = Vector512.ShiftRightLogical(z, 1) ^ -(z & one);

                // Inclusive prefix sum in four lane shifts (valignd with zeros shifts lanes up by 1, 2, 4, 8).
                r += Avx512F.AlignRight32(r, zero, 15);
                r += Avx512F.AlignRight32(r, zero, 14);
                r += Avx512F.AlignRight32(r, zero, 12);
                r += Avx512F.AlignRight32(r, zero, 8);
                var t = r + carry;
                carry = Avx512F.PermuteVar16x32(t, lastLane);
                var o = t + M(Vector512.LoadUnsafe(ref u, (nuint)j));
                if (planes)
                {
                    o = o + M(Vector512.LoadUnsafe(ref p, (nuint)j)) - M(Vector512.LoadUnsafe(ref pu, (nuint)j));
                }

                MInv(o).StoreUnsafe(ref x, (nuint)j);
            }

            acc = carry.ToScalar();
        }
        else if (Simd.Use256 && Avx2.IsSupported && n >= 8)
        {
            var one = Vector256.Create(1);
            var lastLane = Vector256.Create(7);
            var carry = Vector256.Create(acc);

            // Lane shifts up by 1, 2, 4 across the 128-bit halves: vpermd, then zero the lanes shifted in.
            var s1 = Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6);
            var s2 = Vector256.Create(0, 0, 0, 1, 2, 3, 4, 5);
            var s4 = Vector256.Create(0, 0, 0, 0, 0, 1, 2, 3);
            var m1 = Vector256.Create(0, -1, -1, -1, -1, -1, -1, -1);
            var m2 = Vector256.Create(0, 0, -1, -1, -1, -1, -1, -1);
            var m4 = Vector256.Create(0, 0, 0, 0, -1, -1, -1, -1);
            for (; j <= n - 8; j += 8)
            {
                var z = Vector256.LoadUnsafe(ref x, (nuint)j);
                var r = Vector256.ShiftRightLogical(z, 1) ^ -(z & one);
                r += Avx2.PermuteVar8x32(r, s1) & m1;
                r += Avx2.PermuteVar8x32(r, s2) & m2;
                r += Avx2.PermuteVar8x32(r, s4) & m4;
                var t = r + carry;
                carry = Avx2.PermuteVar8x32(t, lastLane);
                var o = t + M(Vector256.LoadUnsafe(ref u, (nuint)j)) + M(Vector256.LoadUnsafe(ref p, (nuint)j)) - M(Vector256.LoadUnsafe(ref pu, (nuint)j));
                MInv(o).StoreUnsafe(ref x, (nuint)j);
            }

            acc = carry.ToScalar();
        }

        for (; j < n; j++)
        {
            var z = Unsafe.Add(ref x, j);
            acc += (int)((uint)z >> 1) ^ -(z & 1);
            Unsafe.Add(ref x, j) = MInv(acc + M(Unsafe.Add(ref u, j)) + M(Unsafe.Add(ref p, j)) - M(Unsafe.Add(ref pu, j)));
        }

        return acc;
    }
}
