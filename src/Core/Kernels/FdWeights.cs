namespace PyRevolveNet.Kernels;

/// <summary>Finite-difference weights.</summary>
public static class FdWeights
{
    /// <summary>
    /// Central second-derivative weights of order <paramref name="spaceOrder"/> (as fdw() in acoustic.c):
    /// w[0] is the centre, w[j] the weight of the points at +-j (j = 1..SO/2), for unit spacing.
    /// w_j = 2 (-1)^(j+1) (K!)^2 / (j^2 (K-j)! (K+j)!), w_0 = -2 sum w_j, K = SO/2.
    /// </summary>
    public static double[] SecondDerivative(int spaceOrder)
    {
        if (spaceOrder < 2 || spaceOrder % 2 != 0 || spaceOrder > 32)
        {
            ThrowHelper.Argument(nameof(spaceOrder), $"space order {spaceOrder} must be even, 2..32");
        }

        int k = spaceOrder / 2;
        var f = new double[(2 * k) + 1];
        f[0] = 1;
        for (int i = 1; i < f.Length; i++)
        {
            f[i] = f[i - 1] * i;
        }

        var w = new double[k + 1];
        for (int j = 1; j <= k; j++)
        {
            w[j] = (j % 2 == 1 ? 2.0 : -2.0) * f[k] * f[k] / ((double)j * j * f[k - j] * f[k + j]);
            w[0] -= 2 * w[j];
        }

        return w;
    }

    /// <summary>
    /// Fornberg's weights for the <paramref name="derivative"/>-th derivative at <paramref name="x0"/> from the
    /// given nodes (unit spacing); used for Devito's critical dt, which takes them on an asymmetric node set.
    /// </summary>
    public static double[] Fornberg(int derivative, ReadOnlySpan<double> nodes, double x0)
    {
        int n = nodes.Length - 1;
        int m = derivative;
        var c = new double[m + 1, n + 1];
        c[0, 0] = 1;
        double c1 = 1;
        double c4 = nodes[0] - x0;
        for (int i = 1; i <= n; i++)
        {
            int mn = Math.Min(i, m);
            double c2 = 1;
            double c5 = c4;
            c4 = nodes[i] - x0;
            for (int j = 0; j < i; j++)
            {
                double c3 = nodes[i] - nodes[j];
                c2 *= c3;
                if (j == i - 1)
                {
                    for (int s = mn; s >= 1; s--)
                    {
                        c[s, i] = c1 * ((s * c[s - 1, i - 1]) - (c5 * c[s, i - 1])) / c2;
                    }

                    c[0, i] = -c1 * c5 * c[0, i - 1] / c2;
                }

                for (int s = mn; s >= 1; s--)
                {
                    c[s, j] = ((c4 * c[s, j]) - (s * c[s - 1, j])) / c3;
                }

                c[0, j] = c4 * c[0, j] / c3;
            }

            c1 = c2;
        }

        var result = new double[n + 1];
        for (int i = 0; i <= n; i++)
        {
            result[i] = c[m, i];
        }

        return result;
    }
}
