using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

/// <summary>Small models for the kernel tests: variable velocity, a damping layer, fields with noise.</summary>
internal static class KernelTestModel
{
    public static GridShape Grid(int rank, int spaceOrder, int n0, int n1, int n2 = 0, double h = 10.0) =>
        rank == 2 ? new GridShape([n0, n1], [h, h * 1.1], spaceOrder) : new GridShape([n0, n1, n2], [h, h * 1.1, h * 0.9], spaceOrder);

    /// <summary>Velocities 1.5..3.5 (km/s) with a smooth trend and point noise; damping layer of <paramref name="layer"/> points.</summary>
    /// <summary>Every width this run can accelerate (scalar first), each with plane/row pairs on and off.</summary>
    public static IEnumerable<(SimdWidth Width, bool Pairs)> WidthsAndPairs()
    {
        foreach (var width in new[] { SimdWidth.Scalar, SimdWidth.Vector128, SimdWidth.Vector256, SimdWidth.Vector512 })
        {
            if (SimdSupport.IsAccelerated(width))
            {
                yield return (width, true);
                yield return (width, false);
            }
        }
    }

    /// <param name="separable">the layer given as per-axis profiles (the kernels form e), as the solver does</param>
    public static AcousticCoefficients Coefficients(GridShape grid, int layer, int seed, double cflFraction = 0.9, bool separable = false)
    {
        var rng = new Random(seed);
        var v = new float[grid.InteriorPoints];
        for (int i = 0; i < v.Length; i++)
        {
            v[i] = (float)(1.5 + (1.5 * i / v.Length) + (0.5 * rng.NextDouble()));
        }

        double dt = cflFraction * Cfl.StabilityLimit(grid, v.Max());
        if (separable)
        {
            return new AcousticCoefficients(grid, v, DampingProfile.DevitoAxes(grid, layer), dt);
        }

        float[] damp = layer > 0 ? DampingProfile.Devito(grid, layer) : [];
        return new AcousticCoefficients(grid, v, damp, dt);
    }

    /// <summary>Random interior values in [-1, 1]; halo and padding stay zero.</summary>
    public static void Randomize(GridShape grid, Span<float> field, Random rng)
    {
        var interior = new float[grid.InteriorPoints];
        for (int i = 0; i < interior.Length; i++)
        {
            interior[i] = (float)((2 * rng.NextDouble()) - 1);
        }

        grid.Scatter(interior, field);
    }

    public static double[] Coordinates(GridShape grid, int count, double fraction, int seed)
    {
        var rng = new Random(seed);
        var c = new double[count * grid.Rank];
        for (int p = 0; p < count; p++)
        {
            for (int d = 0; d < grid.Rank; d++)
            {
                double extent = (grid.Shape[d] - 1) * grid.Spacing[d];
                c[(p * grid.Rank) + d] = d == grid.Rank - 1
                    ? extent * (0.1 + (0.8 * p / Math.Max(count - 1, 1))) + (0.37 * grid.Spacing[d])
                    : extent * fraction * (0.9 + (0.1 * rng.NextDouble()));
            }
        }

        return c;
    }
}
