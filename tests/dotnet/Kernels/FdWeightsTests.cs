using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

public class FdWeightsTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(4)]
    [InlineData(8)]
    [InlineData(12)]
    [InlineData(16)]
    public void Central_weights_match_Fornberg_and_differentiate_polynomials(int spaceOrder)
    {
        double[] w = FdWeights.SecondDerivative(spaceOrder);
        int k = spaceOrder / 2;
        double[] nodes = Enumerable.Range(-k, (2 * k) + 1).Select(i => (double)i).ToArray();
        double[] f = FdWeights.Fornberg(2, nodes, 0);
        for (int j = 0; j <= k; j++)
        {
            Assert.Equal(f[k + j], w[j], 1e-10);
            Assert.Equal(f[k - j], w[j], 1e-10);
        }

        // Exact for x^p, p <= SO+1: sum_j w_j (j^p + (-j)^p) = 2 for p = 2, 0 otherwise.
        for (int p = 0; p <= spaceOrder + 1; p++)
        {
            double s = p == 0 ? w[0] : 0, scale = 1;
            for (int j = 1; j <= k; j++)
            {
                s += w[j] * (Math.Pow(j, p) + Math.Pow(-j, p));
                scale += Math.Abs(w[j]) * Math.Pow(j, p);
            }

            Assert.Equal(p == 2 ? 2.0 : 0.0, s, 1e-13 * scale);
        }
    }

    [Fact]
    public void Fourth_order_weights_are_the_textbook_ones()
    {
        Assert.Equal([-2.5, 4.0 / 3, -1.0 / 12], FdWeights.SecondDerivative(4), new Comparison(1e-14));
        Assert.Throws<ArgumentException>(() => FdWeights.SecondDerivative(3));
    }

    private sealed class Comparison(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;

        public int GetHashCode(double obj) => 0;
    }
}
