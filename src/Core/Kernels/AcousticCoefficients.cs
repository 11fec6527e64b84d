using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace PyRevolveNet.Kernels;

/// <summary>
/// Per-point coefficients of the acoustic OT2 update, precomputed once per model and dt so the time loop has
/// no division: from <c>(m/dt^2 + damp/(2dt)) u+ = 2 m/dt^2 u - (m/dt^2 - damp/(2dt)) u- + lap(u)</c>,
/// with <c>a = 1/(m/dt^2 + damp/(2dt))</c> and <c>e = a damp/dt</c>:
/// <c>u+ = 2u - u- - e (u - u-) + a lap(u)</c>. Outside the absorbing layer e = 0 and a = dt^2 v^2, so the
/// interior reads u (stencil), u-, a: 16 bytes per point with the in-place update. Each row records the run
/// where e is zero (rounded to whole 64-byte vectors) so the kernel reads e only inside the layer; with separable
/// damping (Devito's layer, <see cref="SeparableDamping"/>) it reads no e at all but forms it from a and two small
/// tables, which saves a whole field's traffic in the layer (3D SO8 384^3 with a 40-point layer: +45 %).
/// Also holds the FD weights divided by h^2 and checks the CFL condition.
/// </summary>
public sealed class AcousticCoefficients : IDisposable
{
    private readonly FieldBuffer _a;
    private readonly FieldBuffer _e;
    private readonly int[] _undampedStart;
    private readonly int[] _undampedEnd;
    private readonly float[] _weights;

    // Separable damping only: damp/dt's part per grid row (outer axes) and per last-axis index.
    private readonly float[]? _dampRows;
    private readonly float[]? _dampLast;

    /// <param name="grid">the grid</param>
    /// <param name="velocity">interior-shaped (C-order) velocity, e.g. km/s</param>
    /// <param name="damping">interior-shaped damping (1/time), or empty for none</param>
    /// <param name="dt">time step (e.g. ms with km/s and m); must satisfy <see cref="Cfl.Check"/></param>
    public AcousticCoefficients(GridShape grid, ReadOnlySpan<float> velocity, ReadOnlySpan<float> damping, double dt)
        : this(grid, velocity, damping, null, dt)
    {
    }

    /// <summary>
    /// Coefficients for a separable damping (Devito's layer: <see cref="DampingProfile.DevitoAxes"/>). With
    /// <c>s = r + l</c> per point in float, r the row's part of damp/dt (the outer axes' profiles) and l the last
    /// axis's, <c>a = 1/(m/dt^2 + s/2)</c> (in double, rounded) and <c>e = a s</c> (in float): the kernels then form
    /// e themselves from a, r and l, bitwise equal to <see cref="E"/>, and read no e field.
    /// </summary>
    /// <param name="grid">the grid</param>
    /// <param name="velocity">interior-shaped (C-order) velocity, e.g. km/s</param>
    /// <param name="damping">one damping profile (1/time) per axis</param>
    /// <param name="dt">time step; must satisfy <see cref="Cfl.Check"/></param>
    public AcousticCoefficients(GridShape grid, ReadOnlySpan<float> velocity, SeparableDamping damping, double dt)
        : this(grid, velocity, default, damping ?? throw new ArgumentNullException(nameof(damping)), dt)
    {
    }

    private AcousticCoefficients(GridShape grid, ReadOnlySpan<float> velocity, ReadOnlySpan<float> damping, SeparableDamping? separable, double dt)
    {
        ArgumentNullException.ThrowIfNull(grid);
        separable?.CheckFits(grid, "damping");
        if (velocity.Length != grid.InteriorPoints)
        {
            ThrowHelper.Argument(nameof(velocity), $"expected {grid.InteriorPoints} velocities (interior, C-order), got {velocity.Length}");
        }

        if (!damping.IsEmpty && damping.Length != grid.InteriorPoints)
        {
            ThrowHelper.Argument(nameof(damping), $"expected {grid.InteriorPoints} damping values or none, got {damping.Length}");
        }

        // Velocity > 0 and damping >= 0, both finite (float.Epsilon: the smallest positive float).
        if (!AllWithin(velocity, float.Epsilon, out float vmax))
        {
            ThrowAtFirstOutside(velocity, float.Epsilon, nameof(velocity), "velocities must be positive and finite");
        }

        if (!AllWithin(damping, 0f, out _))
        {
            ThrowAtFirstOutside(damping, 0f, nameof(damping), "damping must be non-negative and finite");
        }

        Cfl.Check(grid, vmax, dt);
        Grid = grid;
        Dt = dt;
        MaxVelocity = vmax;
        _a = new FieldBuffer(grid);
        _e = new FieldBuffer(grid);
        var a = _a.Span;
        var e = _e.Span;
        int n = grid.Shape[grid.Rank - 1];
        _undampedStart = new int[grid.Rows];
        _undampedEnd = new int[grid.Rows];
        double invDt2 = 1.0 / (dt * dt), inv2Dt = 0.5 / dt, invDt = 1.0 / dt;
        if (separable is not null)
        {
            (_dampRows, _dampLast) = SeparableParts(grid, separable, invDt);
        }

        for (int r = 0; r < grid.Rows; r++)
        {
            int row = grid.RowStart(r);
            var eRow = e.Slice(row, n);
            if (_dampLast is not null)
            {
                FillSeparableRow(velocity.Slice(r * n, n), _dampRows![r], _dampLast, a.Slice(row, n), eRow, invDt2);
            }
            else
            {
                FillRow(velocity.Slice(r * n, n), damping.IsEmpty ? default : damping.Slice(r * n, n), a.Slice(row, n), eRow, invDt2, inv2Dt, invDt);
            }

            int best = 0, bestStart = 0, run = 0;
            for (int i = 0; i < n; i++)
            {
                run = eRow[i] == 0 ? run + 1 : 0;
                if (run > best)
                {
                    best = run;
                    bestStart = i - run + 1;
                }
            }

            // Undamped run shrunk to whole 16-float vectors (row starts are 64-byte aligned); e is zero there.
            int lo = (bestStart + 15) & ~15;
            int hi = (bestStart + best) & ~15;
            if (hi <= lo)
            {
                lo = hi = 0;
            }

            _undampedStart[r] = lo;
            _undampedEnd[r] = hi;
            HasDamping |= best < n;
        }

        double[] w = FdWeights.SecondDerivative(grid.SpaceOrder);
        int k = grid.SpaceOrder / 2;
        _weights = new float[1 + (3 * k)];
        double c0 = 0;
        for (int dim = 0; dim < grid.Rank; dim++)
        {
            double h2 = grid.Spacing[dim] * grid.Spacing[dim];
            c0 += w[0] / h2;

            // Slots: outer axis at 1..K, middle (3D) at K+1..2K, last axis at 2K+1..3K.
            int slot = dim == grid.Rank - 1 ? 2 * k : dim * k;
            for (int j = 1; j <= k; j++)
            {
                _weights[slot + j] = (float)(w[j] / h2);
            }
        }

        _weights[0] = (float)c0;
    }

    /// <summary>Throws for the first value that <see cref="AllWithin"/> rejects, naming it (cold path).</summary>
    [MethodImpl(MethodImplOptions.NoInlining)]
    private static void ThrowAtFirstOutside(ReadOnlySpan<float> values, float min, string name, string rule)
    {
        foreach (float v in values)
        {
            if (!(v >= min && v < float.PositiveInfinity))
            {
                ThrowHelper.Argument(name, $"{rule} (found {v})");
            }
        }
    }

    /// <summary>True when every value is finite and at least <paramref name="min"/> (NaN fails); also the maximum.</summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static bool AllWithin(ReadOnlySpan<float> values, float min, out float max)
    {
        int i = 0;
        bool ok = true;
        max = 0;
        if (Vector256.IsHardwareAccelerated && values.Length >= 8)
        {
            var lo = Vector256.Create(min);
            var inf = Vector256.Create(float.PositiveInfinity);
            var good = Vector256<float>.AllBitsSet;
            var vmax = Vector256<float>.Zero;
            for (; i + 8 <= values.Length; i += 8)
            {
                var v = Vector256.Create(values.Slice(i, 8));
                good &= Vector256.GreaterThanOrEqual(v, lo) & Vector256.LessThan(v, inf);
                vmax = Vector256.Max(vmax, v);
            }

            ok = good == Vector256<float>.AllBitsSet;
            for (int k = 0; k < 8; k++)
            {
                max = Math.Max(max, vmax[k]);
            }
        }

        for (; i < values.Length; i++)
        {
            float v = values[i];
            ok &= v >= min && v < float.PositiveInfinity;
            max = Math.Max(max, v);
        }

        return ok;
    }

    /// <summary>
    /// <c>a = 1/(m/dt^2 + d/(2dt))</c> and <c>e = a d/dt</c> for one row, in double precision, rounded to float.
    /// The vector path does the very same IEEE double operations per element as the scalar tail (a solver
    /// builds coefficients for every new velocity model, so this loop is part of every gradient call).
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillRow(ReadOnlySpan<float> velocity, ReadOnlySpan<float> damping, Span<float> a, Span<float> e, double invDt2, double inv2Dt, double invDt)
    {
        int n = velocity.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1.0);
            var cInvDt2 = Vector256.Create(invDt2);
            var cInv2Dt = Vector256.Create(inv2Dt);
            var cInvDt = Vector256.Create(invDt);
            for (; i + 8 <= n; i += 8)
            {
                var (vLo, vHi) = Vector256.Widen(Vector256.Create(velocity.Slice(i, 8)));
                var (dLo, dHi) = damping.IsEmpty ? (Vector256<double>.Zero, Vector256<double>.Zero) : Vector256.Widen(Vector256.Create(damping.Slice(i, 8)));
                var aLo = one / ((cInvDt2 / (vLo * vLo)) + (dLo * cInv2Dt));
                var aHi = one / ((cInvDt2 / (vHi * vHi)) + (dHi * cInv2Dt));
                Vector256.Narrow(aLo, aHi).CopyTo(a.Slice(i, 8));
                Vector256.Narrow(aLo * dLo * cInvDt, aHi * dHi * cInvDt).CopyTo(e.Slice(i, 8));
            }
        }

        for (; i < n; i++)
        {
            double v = velocity[i];
            double d = damping.IsEmpty ? 0 : damping[i];
            double ai = 1.0 / ((invDt2 / (v * v)) + (d * inv2Dt));
            a[i] = (float)ai;
            e[i] = (float)(ai * d * invDt);
        }
    }

    // Per grid row, the outer axes' profiles summed (in axis order) times 1/dt; per last-axis index, the last
    // axis's profile times 1/dt; both rounded to float.
    private static (float[] Rows, float[] Last) SeparableParts(GridShape grid, SeparableDamping damping, double invDt)
    {
        var rows = new float[grid.Rows];
        int ny = grid.Rank == 3 ? grid.Shape[1] : 1;
        var outer = damping.Axis(0);
        for (int r = 0; r < rows.Length; r++)
        {
            double d = outer[r / ny];
            if (grid.Rank == 3)
            {
                d += damping.Axis(1)[r % ny];
            }

            rows[r] = (float)(d * invDt);
        }

        var lastAxis = damping.Axis(grid.Rank - 1);
        var last = new float[lastAxis.Length];
        for (int i = 0; i < last.Length; i++)
        {
            last[i] = (float)(lastAxis[i] * invDt);
        }

        return (rows, last);
    }

    /// <summary>
    /// As <see cref="FillRow"/> for separable damping: s = rowPart + last[i] in float, a from s/2 in double, and
    /// e = a s in float, the very operations the kernels repeat.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveOptimization)]
    private static void FillSeparableRow(ReadOnlySpan<float> velocity, float rowPart, ReadOnlySpan<float> last, Span<float> a, Span<float> e, double invDt2)
    {
        int n = velocity.Length, i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var one = Vector256.Create(1.0);
            var half = Vector256.Create(0.5);
            var cInvDt2 = Vector256.Create(invDt2);
            var r = Vector256.Create(rowPart);
            for (; i + 8 <= n; i += 8)
            {
                var sF = r + Vector256.Create(last.Slice(i, 8));
                var (vLo, vHi) = Vector256.Widen(Vector256.Create(velocity.Slice(i, 8)));
                var (sLo, sHi) = Vector256.Widen(sF);
                var aF = Vector256.Narrow(one / ((cInvDt2 / (vLo * vLo)) + (sLo * half)), one / ((cInvDt2 / (vHi * vHi)) + (sHi * half)));
                aF.CopyTo(a.Slice(i, 8));
                (aF * sF).CopyTo(e.Slice(i, 8));
            }
        }

        for (; i < n; i++)
        {
            float s = rowPart + last[i];
            double v = velocity[i];
            float ai = (float)(1.0 / ((invDt2 / (v * v)) + (s * 0.5)));
            a[i] = ai;
            e[i] = ai * s;
        }
    }

    /// <summary>Whether the damping was given as separable profiles (the kernels then compute e themselves).</summary>
    internal bool IsSeparable => _dampLast is not null;

    /// <summary>Separable damping: the row's part of damp/dt (0 otherwise).</summary>
    internal float DampRow(int row) => _dampRows is null ? 0 : _dampRows[row];

    /// <summary>Separable damping: the last axis's part of damp/dt, per interior index (empty otherwise).</summary>
    internal ReadOnlySpan<float> DampLast => _dampLast;

    public GridShape Grid { get; }

    public double Dt { get; }

    public double MaxVelocity { get; }

    /// <summary>True when some point has non-zero damping.</summary>
    public bool HasDamping { get; }

    /// <summary><c>a = 1/(m/dt^2 + damp/(2dt))</c> per point (field layout, zero in the halo).</summary>
    public ReadOnlySpan<float> A => _a.Span;

    /// <summary><c>e = a damp/dt</c> per point (field layout); with separable damping, <c>a (r + l)</c> in float, as the kernels form it.</summary>
    public ReadOnlySpan<float> E => _e.Span;

    /// <summary>Stencil weights [c0, outer 1..K, middle 1..K, last 1..K], divided by h^2.</summary>
    internal ReadOnlySpan<float> Weights => _weights;

    internal float[] WeightArray => _weights;

    internal Span<float> MutableA => _a.Span;

    internal Span<float> MutableE => _e.Span;

    /// <summary>Start (inclusive) and end (exclusive) of the undamped run of interior row <paramref name="row"/>.</summary>
    internal (int Start, int End) UndampedRun(int row) => (_undampedStart[row], _undampedEnd[row]);

    /// <summary>
    /// Forward source injection: adds <c>q dt^2/m</c> at the (bi/tri)linear corners into u_next, as Devito's
    /// <c>src.inject(u.forward, src * dt**2 / m)</c>. dt^2/m = a/(1 - e/2) needs no stored m.
    /// </summary>
    public PointOperator SourceInjection(ReadOnlySpan<double> coordinates) =>
        new PointOperator(Grid, coordinates).Scaled(i => DtSquaredOverM(i));

    /// <summary>Forward receiver sampling: (bi/tri)linear interpolation of u.</summary>
    public PointOperator ReceiverSampling(ReadOnlySpan<double> coordinates) => new(Grid, coordinates);

    /// <summary>
    /// Adjoint receiver injection for the adjoint field <c>w = a lambda</c>: adds <c>a P^T r</c>. Together with
    /// <see cref="AdjointSourceSampling"/> this makes the adjoint run the exact transpose of the forward run.
    /// </summary>
    public PointOperator AdjointReceiverInjection(ReadOnlySpan<double> coordinates) =>
        new PointOperator(Grid, coordinates).Scaled(i => _a.Span[i]);

    /// <summary>Adjoint source sampling: <c>S^T lambda = S^T w / a</c>, weights (dt^2/m)/a = 1/(1 - e/2).</summary>
    public PointOperator AdjointSourceSampling(ReadOnlySpan<double> coordinates) =>
        new PointOperator(Grid, coordinates).Scaled(i => 1.0 / (1.0 - (0.5 * _e.Span[i])));

    public void Dispose()
    {
        _a.Dispose();
        _e.Dispose();
    }

    private double DtSquaredOverM(int i) => _a.Span[i] / (1.0 - (0.5 * _e.Span[i]));
}
