namespace PyRevolveNet.Kernels;

/// <summary>Absorbing-layer damping profiles (interior-shaped, C-order).</summary>
public static class DampingProfile
{
    /// <summary>
    /// Devito's layer as in acoustic.c: inside <paramref name="layer"/> points of every face,
    /// <c>damp += 1.5 ln(1000)/(layer h) (pos - sin(2 pi pos)/(2 pi))</c>, pos = normalised depth into the layer;
    /// zero elsewhere. Units 1/time with h in the model's length unit.
    /// </summary>
    public static float[] Devito(GridShape grid, int layer)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegative(layer);
        var shape = grid.Shape;
        var damp = new float[grid.InteriorPoints];
        int n0 = shape[0], n1 = shape[1], n2 = grid.Rank == 3 ? shape[2] : 1;
        Span<int> idx = stackalloc int[3];
        for (int x = 0; x < n0; x++)
        {
            for (int y = 0; y < n1; y++)
            {
                for (int z = 0; z < n2; z++)
                {
                    idx[0] = x;
                    idx[1] = y;
                    idx[2] = z;
                    double d = 0;
                    for (int a = 0; a < grid.Rank; a++)
                    {
                        int p = idx[a], n = shape[a];
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
                            double coeff = 1.5 * Math.Log(1000.0) / (layer * grid.Spacing[a]);
                            d += coeff * (pos - (Math.Sin(2 * Math.PI * pos) / (2 * Math.PI)));
                        }
                    }

                    damp[(((long)x * n1) + y) * n2 + z] = (float)d;
                }
            }
        }

        return damp;
    }
}
