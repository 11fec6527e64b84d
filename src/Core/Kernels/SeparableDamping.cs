namespace PyRevolveNet.Kernels;

/// <summary>
/// A damping field that is a sum of one profile per axis, <c>damp(x, y, z) = px(x) + py(y) + pz(z)</c> (1/time),
/// as Devito's absorbing layer is. Given in this form, <see cref="AcousticCoefficients"/> lets the kernels compute
/// <c>e = a damp/dt</c> from a per-row value and a per-last-axis-index value instead of reading a whole e field:
/// inside the layer (about half the points of a 3D grid with a 40-point layer) one memory stream fewer.
/// </summary>
public sealed class SeparableDamping
{
    private readonly double[][] _axes;

    /// <param name="axes">one profile per grid axis (interior points of that axis), non-negative and finite</param>
    public SeparableDamping(params double[][] axes)
    {
        ArgumentNullException.ThrowIfNull(axes);
        if (axes.Length is not (2 or 3))
        {
            ThrowHelper.Argument(nameof(axes), "a damping profile per axis is needed (2 or 3 axes)");
        }

        _axes = new double[axes.Length][];
        for (int a = 0; a < axes.Length; a++)
        {
            if (axes[a] is null)
            {
                ThrowHelper.Argument(nameof(axes), $"the profile of axis {a} is missing");
            }

            foreach (double d in axes[a])
            {
                if (!(d >= 0 && double.IsFinite(d)))
                {
                    ThrowHelper.Argument(nameof(axes), $"damping must be non-negative and finite (axis {a} has {d})");
                }
            }

            _axes[a] = (double[])axes[a].Clone();
        }
    }

    public int Rank => _axes.Length;

    /// <summary>The profile of axis <paramref name="axis"/>.</summary>
    public ReadOnlySpan<double> Axis(int axis) => _axes[axis];

    /// <summary>Throws unless there is one profile per axis of <paramref name="grid"/>, of that axis's length.</summary>
    public void CheckFits(GridShape grid, string name)
    {
        ArgumentNullException.ThrowIfNull(grid);
        if (Rank != grid.Rank)
        {
            ThrowHelper.Argument(name, $"the damping has {Rank} axes, the grid {grid.Rank}");
        }

        for (int a = 0; a < Rank; a++)
        {
            if (_axes[a].Length != grid.Shape[a])
            {
                ThrowHelper.Argument(name, $"the damping profile of axis {a} has {_axes[a].Length} points, the grid {grid.Shape[a]}");
            }
        }
    }

    /// <summary>The damping field (interior-shaped, C-order): the axes' values summed in double, in axis order.</summary>
    public float[] ToArray(GridShape grid)
    {
        CheckFits(grid, nameof(grid));
        var shape = grid.Shape;
        int n0 = shape[0], n1 = shape[1], n2 = Rank == 3 ? shape[2] : 1;
        var damp = new float[grid.InteriorPoints];
        for (int x = 0; x < n0; x++)
        {
            for (int y = 0; y < n1; y++)
            {
                for (int z = 0; z < n2; z++)
                {
                    double d = _axes[0][x] + _axes[1][y];
                    if (Rank == 3)
                    {
                        d += _axes[2][z];
                    }

                    damp[(((long)x * n1) + y) * n2 + z] = (float)d;
                }
            }
        }

        return damp;
    }
}
