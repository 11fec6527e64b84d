using System.Runtime.CompilerServices;
namespace PyRevolveNet.Compression;

/// <summary>
/// The Lorenzo predictor on integers, as a product of differences along each axis (wrapping arithmetic, so
/// exactly invertible). Forward leaves the residual of predicting each value from its lower neighbours;
/// Inverse is a prefix sum along each axis. Rows and planes go through the SIMD kernels; the last axis is a
/// scalar running difference/sum (one add per value, cheap next to the entropy coder).
/// </summary>
internal static class Lorenzo
{
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Forward(Span<int> v, in Dims dims)
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, plane = n1 * n2;
        for (var k = n0 - 1; k >= 1; k--)
        {
            var cur = v.Slice(k * plane, plane);
            Simd.Subtract(cur, v.Slice((k - 1) * plane, plane), cur);
        }

        for (var k = 0; k < n0; k++)
        {
            var p = v.Slice(k * plane, plane);
            for (var i = n1 - 1; i >= 1; i--)
            {
                var row = p.Slice(i * n2, n2);
                Simd.Subtract(row, p.Slice((i - 1) * n2, n2), row);
            }

            for (var i = 0; i < n1; i++)
            {
                var row = p.Slice(i * n2, n2);
                for (var j = n2 - 1; j >= 1; j--)
                {
                    row[j] -= row[j - 1];
                }
            }
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    public static void Inverse(Span<int> v, in Dims dims)
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, plane = n1 * n2;
        for (var k = 0; k < n0; k++)
        {
            var p = v.Slice(k * plane, plane);
            for (var i = 0; i < n1; i++)
            {
                var row = p.Slice(i * n2, n2);
                var acc = 0;
                for (var j = 0; j < row.Length; j++)
                {
                    acc += row[j];
                    row[j] = acc;
                }

                if (i > 0)
                {
                    Simd.AddInPlace(row, p.Slice((i - 1) * n2, n2));
                }
            }

            if (k > 0)
            {
                Simd.AddInPlace(p, v.Slice((k - 1) * plane, plane));
            }
        }
    }
}
