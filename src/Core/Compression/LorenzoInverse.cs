using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace PyRevolveNet.Compression;

/// <summary>
/// The decoder's side of <see cref="Lorenzo"/> and zigzag in one pass over the rows, optionally ending in the
/// dequantization: each row is unzigzagged and prefix-summed in registers (a log-step scan per vector plus a
/// running carry) and the neighbour rows are added in the same loop,
/// q[k,i,j] = Σ_{j' ≤ j} r[k,i,j'] + q[k,i-1,j] + q[k-1,i,j] - q[k-1,i-1,j].
/// A row turns into floats as soon as no later row reads it (one row behind in 2D, one plane behind in 3D),
/// so it is still in cache. Integer sums wrap, so every path (Vector512, Vector256, scalar) gives the same
/// integers, and the floats come from <see cref="Simd.Dequantize"/>.
/// </summary>
internal static class LorenzoInverse
{
    /// <summary>Zigzagged Lorenzo residuals in <paramref name="q"/> to the integers, in place.</summary>
    public static void Integers(Span<int> q, in Dims dims) => Run(q, dims, default(KeepIntegers));

    /// <summary>Zigzagged Lorenzo residuals in <paramref name="q"/> to x = (float)(v + add) · scale + offset, in place.</summary>
    public static void Dequantize(Span<int> q, in Dims dims, int add, float scale, float offset) =>
        Run(q, dims, new ToFloats(add, scale, offset));

    private interface IRowDone
    {
        void Done(Span<int> rows);
    }

    private readonly struct KeepIntegers : IRowDone
    {
        public void Done(Span<int> rows)
        {
        }
    }

    private readonly struct ToFloats(int add, float scale, float offset) : IRowDone
    {
        [MethodImpl(MethodImplOptions.AggressiveInlining)]
        public void Done(Span<int> rows) => Simd.Dequantize(rows, add, scale, offset, MemoryMarshal.Cast<int, float>(rows));
    }

    private static void Run<T>(Span<int> q, in Dims dims, T done)
        where T : struct, IRowDone
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, plane = n1 * n2;

        // The level once per array (a thread-static read per row shows on short rows).
        var level = Simd.Level;
        for (var k = 0; k < n0; k++)
        {
            var p = q.Slice(k * plane, plane);
            if (k == 0)
            {
                Plane(level, p, default, n1, n2, n0 == 1, done);
            }
            else
            {
                var back = q.Slice((k - 1) * plane, plane);
                Plane(level, p, back, n1, n2, false, done);
                done.Done(back);
            }
        }

        if (n0 > 1)
        {
            done.Done(q.Slice((n0 - 1) * plane, plane));
        }
    }

    /// <summary>
    /// The rows of one plane (<paramref name="back"/>: the plane before, empty for the first). In 2D
    /// (<paramref name="rowsDone"/>) a row is finished once the next one is computed; in 3D a plane is
    /// finished once the next plane is.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void Plane<T>(SimdLevel level, Span<int> p, Span<int> back, int n1, int n2, bool rowsDone, T done)
        where T : struct, IRowDone
    {
        for (var i = 0; i < n1; i++)
        {
            var row = p.Slice(i * n2, n2);
            if (back.IsEmpty)
            {
                if (i == 0)
                {
                    Row<LorenzoFirst>(level, row, default, default, default);
                }
                else
                {
                    Row<LorenzoUpOnly>(level, row, p.Slice((i - 1) * n2, n2), default, default);
                }
            }
            else if (i == 0)
            {
                Row<LorenzoBackOnly>(level, row, default, back[..n2], default);
            }
            else
            {
                Row<LorenzoBoth>(level, row, p.Slice((i - 1) * n2, n2), back.Slice(i * n2, n2), back.Slice((i - 1) * n2, n2));
            }

            if (rowsDone && i > 0)
            {
                done.Done(p.Slice((i - 1) * n2, n2));
            }
        }

        if (rowsDone)
        {
            done.Done(p.Slice((n1 - 1) * n2, n2));
        }
    }

    /// <summary>One row: unzigzag, prefix sum, plus the row above, plus the row behind minus the one behind above.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Row<TN>(SimdLevel level, Span<int> row, ReadOnlySpan<int> up, ReadOnlySpan<int> back, ReadOnlySpan<int> backUp)
        where TN : struct, ILorenzoNeighbours
    {
        ref var r = ref MemoryMarshal.GetReference(row);
        ref var u = ref MemoryMarshal.GetReference(up);
        ref var b = ref MemoryMarshal.GetReference(back);
        ref var bu = ref MemoryMarshal.GetReference(backUp);
        var n = row.Length;
        var i = 0;
        var acc = 0;
        if (level >= SimdLevel.Vector512 && Avx512F.IsSupported)
        {
            var zero = Vector512<int>.Zero;
            var one = Vector512.Create(1);
            var last = Vector512.Create(15);
            var carry = zero;
            for (; i <= n - 16; i += 16)
            {
                var z = Vector512.LoadUnsafe(ref r, (nuint)i);
                var x = Vector512.ShiftRightLogical(z, 1) ^ -(z & one);

                // Inclusive scan: add the lanes 1, 2, 4, 8 below (zeros shifted in), then the carry.
                x += Avx512F.AlignRight32(x, zero, 15);
                x += Avx512F.AlignRight32(x, zero, 14);
                x += Avx512F.AlignRight32(x, zero, 12);
                x += Avx512F.AlignRight32(x, zero, 8);
                x += carry;
                carry = Avx512F.PermuteVar16x32(x, last);
                if (TN.Up)
                {
                    x += Vector512.LoadUnsafe(ref u, (nuint)i);
                }

                if (TN.Back)
                {
                    x += Vector512.LoadUnsafe(ref b, (nuint)i);
                }

                if (TN.Up && TN.Back)
                {
                    x -= Vector512.LoadUnsafe(ref bu, (nuint)i);
                }

                x.StoreUnsafe(ref r, (nuint)i);
            }

            acc = carry.ToScalar();
        }
        else if (level >= SimdLevel.Vector256 && Avx2.IsSupported)
        {
            var one = Vector256.Create(1);
            var last = Vector256.Create(7);
            var by1 = Vector256.Create(0, 0, 1, 2, 3, 4, 5, 6);
            var by2 = Vector256.Create(0, 0, 0, 1, 2, 3, 4, 5);
            var by4 = Vector256.Create(0, 0, 0, 0, 0, 1, 2, 3);
            var m1 = Vector256.Create(0, -1, -1, -1, -1, -1, -1, -1);
            var m2 = Vector256.Create(0, 0, -1, -1, -1, -1, -1, -1);
            var m4 = Vector256.Create(0, 0, 0, 0, -1, -1, -1, -1);
            var carry = Vector256<int>.Zero;
            for (; i <= n - 8; i += 8)
            {
                var z = Vector256.LoadUnsafe(ref r, (nuint)i);
                var x = Vector256.ShiftRightLogical(z, 1) ^ -(z & one);
                x += Avx2.PermuteVar8x32(x, by1) & m1;
                x += Avx2.PermuteVar8x32(x, by2) & m2;
                x += Avx2.PermuteVar8x32(x, by4) & m4;
                x += carry;
                carry = Avx2.PermuteVar8x32(x, last);
                if (TN.Up)
                {
                    x += Vector256.LoadUnsafe(ref u, (nuint)i);
                }

                if (TN.Back)
                {
                    x += Vector256.LoadUnsafe(ref b, (nuint)i);
                }

                if (TN.Up && TN.Back)
                {
                    x -= Vector256.LoadUnsafe(ref bu, (nuint)i);
                }

                x.StoreUnsafe(ref r, (nuint)i);
            }

            acc = carry.ToScalar();
        }

        for (; i < n; i++)
        {
            var z = Unsafe.Add(ref r, i);
            acc += (int)((uint)z >> 1) ^ -(z & 1);
            var x = acc;
            if (TN.Up)
            {
                x += Unsafe.Add(ref u, i);
            }

            if (TN.Back)
            {
                x += Unsafe.Add(ref b, i);
            }

            if (TN.Up && TN.Back)
            {
                x -= Unsafe.Add(ref bu, i);
            }

            Unsafe.Add(ref r, i) = x;
        }
    }
}
