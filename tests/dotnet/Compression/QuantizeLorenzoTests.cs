using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>The fused encode front (quantize, outlier check, Lorenzo, zigzag) against the separate passes, at every SIMD level.</summary>
public class QuantizeLorenzoTests
{
    public static TheoryData<int[]> Shapes() =>
    [
        [1], [7], [16], [17], [33], [1000], [1, 1], [3, 5], [5, 16], [64, 33], [33, 64], [512, 512], [1, 1, 1], [2, 1, 9],
        [4, 4, 4], [3, 17, 31], [9, 1, 16], [64, 64, 64], [2, 300, 7], [1, 1, 100], [1, 3, 40],
    ];

    private static float[] Field(int n, int seed)
    {
        var rng = new Random(seed);
        var x = new float[n];
        var walk = 0.0;
        for (var i = 0; i < n; i++)
        {
            walk += rng.NextDouble() - 0.5;
            x[i] = (float)(Math.Sin(i * 0.01) + (0.05 * walk));
        }

        return x;
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Bitcomp_front_matches_the_separate_passes(int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var dims = Dims.From(shape, n);
        var x = Field(n, n);
        var expected = SimdLevels.At(SimdLevel.Scalar, () =>
        {
            var q = new int[n];
            Simd.Quantize(x, -1.2f, 1f / 4.7e-3f, 0, 511, 0, q);
            Lorenzo.Forward(q, dims);
            Simd.ZigZag(q);
            return q;
        });
        foreach (var level in SimdLevels.All)
        {
            var r = SimdLevels.At(level, () =>
            {
                var res = new int[n];
                QuantizeLorenzo.Bitcomp(x, -1.2f, 1f / 4.7e-3f, 0, 511, 0, dims, res, new int[QuantizeLorenzo.ScratchLength(dims)]);
                return res;
            });
            Assert.Equal(expected, r);
        }
    }

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Bounded_front_matches_the_separate_passes(int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var dims = Dims.From(shape, n);
        var x = Field(n, n + 1);

        // Outliers of every kind: NaN, infinities, values beyond the grid, and values at a tolerance so tight
        // that float rounding misses it.
        for (var i = 3; i < n; i += 37)
        {
            x[i] = (i % 4) switch { 0 => float.NaN, 1 => float.PositiveInfinity, 2 => -3e30f, _ => 1.0000001f };
        }

        const float bin = 2e-3f, tolF = 1e-3f;
        var scale = 1f / bin;
        var (expected, expectedOutliers) = SimdLevels.At(SimdLevel.Scalar, () =>
        {
            var q = new int[n];
            var o = new int[n];
            Simd.Quantize(x, 0f, scale, -(1 << 30), 1 << 30, 0, q);
            var c = BoundedCodec.FindOutliers(x, q, bin, tolF, o);
            foreach (var i in o[..c])
            {
                q[i] = 0;
            }

            Lorenzo.Forward(q, dims);
            Simd.ZigZag(q);
            return (q, o[..c]);
        });
        Assert.True(n <= 40 || expectedOutliers.Length > 0);
        foreach (var level in SimdLevels.All)
        {
            var (r, outliers) = SimdLevels.At(level, () =>
            {
                var res = new int[n];
                var o = new int[n];
                var c = QuantizeLorenzo.Bounded(x, scale, 1 << 30, bin, tolF, dims, res, new int[QuantizeLorenzo.ScratchLength(dims)], o);
                return (res, o[..c]);
            });
            Assert.Equal(expected, r);
            Assert.Equal(expectedOutliers, outliers);
        }
    }
}
