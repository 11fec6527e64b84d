using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>The fused decode pass (unzigzag + inverse Lorenzo + dequantize) against the separate stages, at every SIMD level.</summary>
public class LorenzoInverseTests
{
    public static TheoryData<int[]> Shapes() =>
    [
        [1], [7], [16], [17], [1000], [1, 1], [3, 5], [5, 16], [64, 33], [33, 64], [512, 512], [1, 1, 1], [2, 1, 9],
        [4, 4, 4], [3, 17, 31], [9, 1, 16], [64, 64, 64], [2, 300, 7],
    ];

    [Theory]
    [MemberData(nameof(Shapes))]
    public void Fused_pass_matches_the_separate_stages(int[] shape)
    {
        var n = shape.Aggregate(1, (a, b) => a * b);
        var dims = Dims.From(shape, n);
        var rng = new Random(n);

        // Residuals of every size (wrapping sums included) and the small ones of smooth fields.
        var z = new int[n];
        for (var i = 0; i < n; i++)
        {
            z[i] = rng.Next(3) == 0 ? rng.Next(int.MinValue, int.MaxValue) : rng.Next(-5, 6);
        }

        var ints = (int[])z.Clone();
        SimdLevels.At(SimdLevel.Scalar, () =>
        {
            Simd.UnZigZag(ints);
            Lorenzo.Inverse(ints, dims);
        });
        var floats = new float[n];
        SimdLevels.At(SimdLevel.Scalar, () => Simd.Dequantize(ints, 3, 1.5e-3f, -0.25f, floats));
        foreach (var level in SimdLevels.All)
        {
            var a = (int[])z.Clone();
            SimdLevels.At(level, () => LorenzoInverse.Integers(a, dims));
            Assert.Equal(ints, a);
            var f = (int[])z.Clone();
            SimdLevels.At(level, () => LorenzoInverse.Dequantize(f, dims, 3, 1.5e-3f, -0.25f));
            Assert.Equal(floats.Select(BitConverter.SingleToInt32Bits), f);
        }
    }
}
