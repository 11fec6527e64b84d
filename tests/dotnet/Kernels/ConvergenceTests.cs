using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

/// <summary>
/// Convergence against the standing wave u = cos(W t) sin(kx x) sin(ky y) in a homogeneous medium (v = 1, no
/// damping). The halo is Dirichlet data: after every step the test writes the exact solution there, so the
/// error measured in the interior is the scheme's truncation error alone.
/// Space order: W is the frequency for which leapfrog in time is EXACT for the continuous Laplacian,
/// cos(W dt) = 1 - dt^2 k^2/2, with dt fixed while h halves; what is left is the spatial error, O(h^SO).
/// Time order: W = |k| (the true solution), SO16 on a fine grid (spatial error negligible) and dt halved twice;
/// the error falls as O(dt^2).
/// </summary>
public class ConvergenceTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Theory]
    [InlineData(2, 32)]
    [InlineData(4, 16)]
    [InlineData(8, 10)]
    public void Spatial_error_falls_at_the_space_order(int spaceOrder, int coarseIntervals)
    {
        // dt fixed for both grids, stable on the finer one.
        var fine = new GridShape([(2 * coarseIntervals) + 1, (2 * coarseIntervals) + 1], [1.0 / (2 * coarseIntervals), 1.0 / (2 * coarseIntervals)], spaceOrder);
        double dt = 0.5 * Cfl.StabilityLimit(fine, 1.0);
        int steps = (int)Math.Ceiling(0.5 / dt);
        double eCoarse = Error(spaceOrder, coarseIntervals, dt, steps, timeExact: true);
        double eFine = Error(spaceOrder, 2 * coarseIntervals, dt, steps, timeExact: true);
        double order = Math.Log2(eCoarse / eFine);
        output.WriteLine($"SO{spaceOrder}: h 1/{coarseIntervals} -> 1/{2 * coarseIntervals}: errors {eCoarse:E3} -> {eFine:E3}, observed order {order:F2}");
        Assert.True(order > spaceOrder - 0.3, $"SO{spaceOrder}: errors {eCoarse:E3} -> {eFine:E3}, observed order {order:F2}");
    }

    [Fact]
    public void Time_error_falls_at_second_order()
    {
        var grid = new GridShape([33, 33], [1.0 / 32, 1.0 / 32], 16);
        double dt = 0.8 * Cfl.StabilityLimit(grid, 1.0);
        int steps = 64;
        double e1 = Error(16, 32, dt, steps, timeExact: false);
        double e2 = Error(16, 32, dt / 2, steps * 2, timeExact: false);
        double e3 = Error(16, 32, dt / 4, steps * 4, timeExact: false);
        double p1 = Math.Log2(e1 / e2), p2 = Math.Log2(e2 / e3);
        output.WriteLine($"dt, dt/2, dt/4: errors {e1:E3}, {e2:E3}, {e3:E3}: observed orders {p1:F2}, {p2:F2}");
        Assert.True(p1 is > 1.8 and < 2.2 && p2 is > 1.8 and < 2.2, $"errors {e1:E3}, {e2:E3}, {e3:E3}: observed orders {p1:F2}, {p2:F2}");
    }

    private static double Error(int spaceOrder, int intervals, double dt, int steps, bool timeExact)
    {
        double h = 1.0 / intervals;
        int n = intervals + 1;
        var grid = new GridShape([n, n], [h, h], spaceOrder);
        var v = Enumerable.Repeat(1f, n * n).ToArray();
        using var coefficients = new AcousticCoefficients(grid, v, [], dt);
        var prop = new AcousticPropagator(coefficients);
        double kx = 2 * Math.PI, ky = 4 * Math.PI, k2 = (kx * kx) + (ky * ky);
        double w = timeExact ? Math.Acos(1 - (dt * dt * k2 / 2)) / dt : Math.Sqrt(k2);
        double Exact(double t, int x, int y) => Math.Cos(w * t) * Math.Sin(kx * x * h) * Math.Sin(ky * y * h);

        var prev = new float[grid.Length];
        var cur = new float[grid.Length];
        Fill(grid, prev, (x, y) => Exact(-dt, x, y), haloOnly: false);
        Fill(grid, cur, (x, y) => Exact(0, x, y), haloOnly: false);
        for (int s = 1; s <= steps; s++)
        {
            prop.Step(prev, cur);
            Fill(grid, prev, (x, y) => Exact(s * dt, x, y), haloOnly: true);
            (prev, cur) = (cur, prev);
        }

        double err = 0;
        for (int x = 0; x < n; x++)
        {
            for (int y = 0; y < n; y++)
            {
                err = Math.Max(err, Math.Abs(cur[grid.Index(x, y)] - Exact(steps * dt, x, y)));
            }
        }

        return err;
    }

    private static void Fill(GridShape grid, float[] field, Func<int, int, double> value, bool haloOnly)
    {
        int n0 = grid.Shape[0], n1 = grid.Shape[1], hw = grid.Halo;
        for (int x = -hw; x < n0 + hw; x++)
        {
            for (int y = -hw; y < n1 + hw; y++)
            {
                bool interior = x >= 0 && x < n0 && y >= 0 && y < n1;
                if (!(haloOnly && interior))
                {
                    field[grid.Index(x, y)] = (float)value(x, y);
                }
            }
        }
    }
}
