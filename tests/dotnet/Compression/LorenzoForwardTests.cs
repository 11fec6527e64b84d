using PyRevolveNet.Compression;

namespace PyRevolveNet.Tests.Compression;

/// <summary>The fused Lorenzo + zigzag pass gives the separate passes' integers at every SIMD level.</summary>
public class LorenzoForwardTests
{
    [Theory]
    [InlineData(1, 1, 1)]
    [InlineData(1, 1, 17)]
    [InlineData(1, 1, 1000)]
    [InlineData(1, 7, 33)]
    [InlineData(1, 64, 512)]
    [InlineData(3, 5, 9)]
    [InlineData(5, 1, 40)]
    [InlineData(9, 17, 16)]
    [InlineData(64, 64, 64)]
    public void Fused_forward_matches_Lorenzo_then_zigzag(int n0, int n1, int n2)
    {
        var rng = new Random(n0 * 1000 + n1 * 10 + n2);
        var n = n0 * n1 * n2;
        var q = new int[n];
        for (var i = 0; i < n; i++)
        {
            // Wrapping cases too: extremes of int next to small values.
            q[i] = rng.Next(10) == 0 ? (rng.Next(2) == 0 ? int.MinValue : int.MaxValue) : rng.Next(-300, 300);
        }

        var dims = new Dims(3, n0, n1, n2);
        var expected = (int[])q.Clone();
        SimdLevels.At(SimdLevel.Scalar, () =>
        {
            Lorenzo.Forward(expected, dims);
            Simd.ZigZag(expected);
        });
        foreach (var level in SimdLevels.All)
        {
            var got = (int[])q.Clone();
            SimdLevels.At(level, () => LorenzoForward.ForwardZigZag(got, dims));
            Assert.Equal(expected, got);
        }
    }
}
