namespace PyRevolveNet.Kernels;

/// <summary>Absorbing-layer damping profiles.</summary>
public static class DampingProfile
{
    /// <summary>
    /// Devito's layer as in acoustic.c: inside <paramref name="layer"/> points of every face,
    /// <c>damp += 1.5 ln(1000)/(layer h) (pos - sin(2 pi pos)/(2 pi))</c>, pos = normalised depth into the layer;
    /// zero elsewhere. Units 1/time with h in the model's length unit. Interior-shaped, C-order.
    /// </summary>
    public static float[] Devito(GridShape grid, int layer) => DevitoAxes(grid, layer).ToArray(grid);

    /// <summary>The same layer as <see cref="Devito"/>, as its per-axis profiles (it is a sum of them).</summary>
    public static SeparableDamping DevitoAxes(GridShape grid, int layer)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        var axes = new double[grid.Rank][];
        for (int a = 0; a < grid.Rank; a++)
        {
            int n = grid.Shape[a];
            axes[a] = new double[n];
            double coeff = 1.5 * Math.Log(1000.0) / (layer * grid.Spacing[a]);
            for (int p = 0; p < n; p++)
            {
                double pos = -1;
                if (p < layer)
                {
                    pos = (double)(layer - p) / layer;
                }
                else if (p >= n - layer)
                {
                    pos = (double)(p - (n - layer) + 1) / layer;
                }

                if (pos > 0)
                {
                    axes[a][p] = coeff * (pos - (Math.Sin(2 * Math.PI * pos) / (2 * Math.PI)));
                }
            }
        }

        return new SeparableDamping(axes);
    }
}
