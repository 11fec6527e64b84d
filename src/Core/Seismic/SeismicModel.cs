using PyRevolveNet.Kernels;

namespace PyRevolveNet.Seismic;

/// <summary>
/// Devito's <c>Model</c>: a velocity grid (km/s) on the physical domain, spacing (m), origin (m), an absorbing
/// layer of <see cref="Nbl"/> points on every face and the space order. The computational grid is the physical
/// one extended by the layer; the velocity there is the edge value repeated (Devito pads with mode "edge").
/// </summary>
public sealed class SeismicModel
{
    private readonly double[] _origin;
    private readonly int[] _shape;
    private readonly float[] _velocity;
    private float[]? _damping;

    /// <param name="velocity">C-order velocity of the physical domain (shape <paramref name="shape"/>)</param>
    /// <param name="shape">points per axis of the physical domain (2 or 3 axes)</param>
    /// <param name="spacing">grid spacing per axis</param>
    /// <param name="origin">coordinates of the first physical point</param>
    /// <param name="spaceOrder">FD space order (2, 4, 8, 12, 16)</param>
    /// <param name="nbl">absorbing layer width in points</param>
    public SeismicModel(ReadOnlySpan<float> velocity, ReadOnlySpan<int> shape, ReadOnlySpan<double> spacing, ReadOnlySpan<double> origin, int spaceOrder, int nbl)
    {
        if (shape.Length is not (2 or 3))
        {
            throw new ArgumentException($"shape must have 2 or 3 axes, got {shape.Length}", nameof(shape));
        }

        if (origin.Length != shape.Length)
        {
            throw new ArgumentException($"origin needs {shape.Length} values, got {origin.Length}", nameof(origin));
        }

        ArgumentOutOfRangeException.ThrowIfNegative(nbl);
        long points = 1;
        var full = new int[shape.Length];
        for (int d = 0; d < shape.Length; d++)
        {
            if (shape[d] < 2)
            {
                throw new ArgumentException($"shape needs at least 2 points per axis, got {shape[d]} on axis {d}", nameof(shape));
            }

            points *= shape[d];
            full[d] = shape[d] + (2 * nbl);
        }

        if (velocity.Length != points)
        {
            throw new ArgumentException($"velocity has {velocity.Length} values, the shape needs {points}", nameof(velocity));
        }

        _shape = shape.ToArray();
        _origin = origin.ToArray();
        Nbl = nbl;
        Grid = new GridShape(full, spacing, spaceOrder);
        _velocity = Extend(velocity, _shape, nbl);
        DampingAxes = DampingProfile.DevitoAxes(Grid, nbl);
        float vmax = 0;
        foreach (var v in _velocity)
        {
            if (!(v > 0) || !float.IsFinite(v))
            {
                throw new ArgumentException($"velocities must be positive and finite (found {v})", nameof(velocity));
            }

            vmax = Math.Max(vmax, v);
        }

        MaxVelocity = vmax;
    }

    /// <summary>The computational grid (physical domain plus the layer).</summary>
    public GridShape Grid { get; }

    /// <summary>Points per axis of the physical domain.</summary>
    public ReadOnlySpan<int> Shape => _shape;

    public ReadOnlySpan<double> Origin => _origin;

    public int Nbl { get; }

    public int SpaceOrder => Grid.SpaceOrder;

    /// <summary>Velocity on the computational grid (C order, layer included).</summary>
    public ReadOnlySpan<float> Velocity => _velocity;

    /// <summary>
    /// Devito's damping profile on the computational grid, built on first use (the solver needs only
    /// <see cref="DampingAxes"/>; the whole field is a grid-sized array).
    /// </summary>
    public float[] Damping => _damping ??= DampingAxes.ToArray(Grid);

    /// <summary>The same profile as its per-axis parts (what the solver's kernels use: no e field to stream).</summary>
    public SeparableDamping DampingAxes { get; }

    public float MaxVelocity { get; }

    /// <summary>Devito's <c>critical_dt</c> for this model.</summary>
    public double CriticalDt => Cfl.DevitoCriticalDt(Grid, MaxVelocity);

    /// <summary>
    /// Kernel coordinates (relative to the first computational point) of physical coordinates (point-major);
    /// points outside the physical domain are refused with <paramref name="name"/> in the message.
    /// </summary>
    public double[] ToGridCoordinates(ReadOnlySpan<double> coordinates, string name)
    {
        int rank = _shape.Length;
        if (coordinates.Length == 0 || coordinates.Length % rank != 0)
        {
            throw new ArgumentException($"{name} must hold one or more points of {rank} coordinates", name);
        }

        var result = new double[coordinates.Length];
        for (int i = 0; i < coordinates.Length; i++)
        {
            int d = i % rank;
            double h = Grid.Spacing[d];
            double local = coordinates[i] - _origin[d];
            if (!(local >= -1e-6 * h && local <= ((_shape[d] - 1) * h) + (1e-6 * h)))
            {
                throw new ArgumentException($"{name}: point {i / rank} lies outside the model along axis {d} ({coordinates[i]})", name);
            }

            result[i] = Math.Clamp(local, 0, (_shape[d] - 1) * h) + (Nbl * h);
        }

        return result;
    }

    /// <summary>Extends a physical-domain array by <paramref name="nbl"/> points per face, repeating edge values.</summary>
    public static float[] Extend(ReadOnlySpan<float> physical, ReadOnlySpan<int> shape, int nbl)
    {
        int rank = shape.Length;
        int n0 = shape[0], n1 = shape[1], n2 = rank == 3 ? shape[2] : 1;
        int f0 = n0 + (2 * nbl), f1 = n1 + (2 * nbl), f2 = rank == 3 ? n2 + (2 * nbl) : 1;
        int b2 = rank == 3 ? nbl : 0;
        var full = new float[(long)f0 * f1 * f2];
        for (int x = 0; x < f0; x++)
        {
            int sx = Math.Clamp(x - nbl, 0, n0 - 1);
            for (int y = 0; y < f1; y++)
            {
                int sy = Math.Clamp(y - nbl, 0, n1 - 1);
                for (int z = 0; z < f2; z++)
                {
                    int sz = Math.Clamp(z - b2, 0, n2 - 1);
                    full[(((long)x * f1) + y) * f2 + z] = physical[(int)((((long)sx * n1) + sy) * n2 + sz)];
                }
            }
        }

        return full;
    }
}
