using System.Globalization;

namespace PyRevolveNet.Kernels;

/// <summary>Time-step stability (CFL) for the leapfrog acoustic scheme.</summary>
public static class Cfl
{
    /// <summary>
    /// The stability limit of <c>u+ = 2u - u- + dt^2 v^2 lap(u)</c>: leapfrog is stable iff
    /// <c>dt^2 v^2 rho(-lap) &lt;= 4</c>, and the symbol of the central stencil peaks at the Nyquist
    /// wavenumber with <c>rho(-lap) = sum_d sum_j |w_j| / h_d^2</c> (all weights of the stencil, centre included).
    /// With variable velocity <c>vmax</c> makes it a sufficient bound; damping only adds dissipation.
    /// </summary>
    public static double StabilityLimit(GridShape grid, double vmax)
    {
        ArgumentNullException.ThrowIfNull(grid);
        CheckVelocity(vmax);
        double[] w = FdWeights.SecondDerivative(grid.SpaceOrder);
        double sumAbs = Math.Abs(w[0]);
        for (int j = 1; j < w.Length; j++)
        {
            sumAbs += 2 * Math.Abs(w[j]);
        }

        double rho = 0;
        foreach (double h in grid.Spacing)
        {
            rho += sumAbs / (h * h);
        }

        return 2.0 / (vmax * Math.Sqrt(rho));
    }

    /// <summary>
    /// Devito's <c>Model.critical_dt</c> for the isotropic acoustic model (examples/seismic/model.py):
    /// <c>coeff = 0.9 sqrt(4 / (dim sum|c|))</c> with <c>c</c> the Fornberg second-derivative weights on the nodes
    /// <c>-so..so-1</c>, <c>so = max(SO/2, 4)</c>; <c>dt = coeff min(h) / vmax</c> rounded to 4 significant digits
    /// in float32. It lies below <see cref="StabilityLimit"/>.
    /// </summary>
    public static double DevitoCriticalDt(GridShape grid, double vmax)
    {
        ArgumentNullException.ThrowIfNull(grid);
        CheckVelocity(vmax);
        int so = Math.Max(grid.SpaceOrder / 2, 4);
        var nodes = new double[2 * so];
        for (int i = 0; i < nodes.Length; i++)
        {
            nodes[i] = i - so;
        }

        double sumAbs = 0;
        foreach (double c in FdWeights.Fornberg(2, nodes, 0))
        {
            sumAbs += Math.Abs(c);
        }

        double coeff = 0.9 * Math.Sqrt(4.0 / (grid.Rank * sumAbs));
        double hmin = double.MaxValue;
        foreach (double h in grid.Spacing)
        {
            hmin = Math.Min(hmin, h);
        }

        float dt = (float)(coeff * hmin / vmax);
        return float.Parse(dt.ToString("E3", CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);
    }

    /// <summary>Throws an <see cref="ArgumentException"/> naming dt and the limit when dt is unstable.</summary>
    public static void Check(GridShape grid, double vmax, double dt)
    {
        double limit = StabilityLimit(grid, vmax);
        if (!(dt > 0) || !double.IsFinite(dt))
        {
            ThrowHelper.Argument(nameof(dt), $"dt = {dt} must be positive and finite");
        }

        if (dt > limit)
        {
            ThrowHelper.Argument(
                nameof(dt),
                string.Create(
                    CultureInfo.InvariantCulture,
                    $"dt = {dt:G6} exceeds the CFL stability limit {limit:G6} for vmax = {vmax:G6}, space order {grid.SpaceOrder}, {grid.Rank}D (Devito's critical dt: {DevitoCriticalDt(grid, vmax):G6})"));
        }
    }

    private static void CheckVelocity(double vmax)
    {
        if (!(vmax > 0) || !double.IsFinite(vmax))
        {
            ThrowHelper.Argument(nameof(vmax), $"vmax = {vmax} must be positive and finite");
        }
    }
}
