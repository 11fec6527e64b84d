using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

public class CflTests
{
    [Fact]
    public void A_dt_above_the_limit_is_an_argument_exception_naming_dt_and_the_limit()
    {
        var grid = new GridShape([50, 60], [10.0, 10.0], 8);
        var v = Enumerable.Repeat(4.5f, 3000).ToArray();
        double limit = Cfl.StabilityLimit(grid, 4.5);
        var ex = Assert.Throws<ArgumentException>(() => new AcousticCoefficients(grid, v, [], 1.01 * limit));
        Assert.Equal("dt", ex.ParamName);
        Assert.Contains($"dt = {1.01 * limit:G6}", ex.Message, StringComparison.Ordinal);
        Assert.Contains($"limit {limit:G6}", ex.Message, StringComparison.Ordinal);
        Assert.Throws<ArgumentException>(() => new AcousticCoefficients(grid, v, [], -1));
        using var ok = new AcousticCoefficients(grid, v, [], 0.99 * limit);
    }

    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void The_limit_is_sharp_stable_below_and_blowing_up_above(int rank)
    {
        var grid = rank == 2 ? new GridShape([40, 40], [10.0, 10.0], 4) : new GridShape([16, 16, 16], [10.0, 10.0, 10.0], 4);
        var v = Enumerable.Repeat(2f, (int)grid.InteriorPoints).ToArray();
        double limit = Cfl.StabilityLimit(grid, 2);
        Assert.True(MaxAfter(grid, v, 0.98 * limit, 1.0) < 50);

        // Same run with the coefficients of a dt 3% above the limit (bypassing the check): it blows up.
        double blown = MaxAfter(grid, v, 0.98 * limit, Math.Pow(1.03 / 0.98, 2));
        Assert.True(!(blown < 1e6), $"max |u| = {blown}");
    }

    [Theory]
    [InlineData(2, 2)]
    [InlineData(2, 4)]
    [InlineData(2, 8)]
    [InlineData(2, 12)]
    [InlineData(2, 16)]
    [InlineData(3, 4)]
    [InlineData(3, 8)]
    [InlineData(3, 16)]
    public void Devitos_critical_dt_is_below_the_stability_limit(int rank, int spaceOrder)
    {
        var grid = rank == 2 ? new GridShape([10, 10], [10.0, 12.0], spaceOrder) : new GridShape([10, 10, 10], [10.0, 10.0, 15.0], spaceOrder);
        double devito = Cfl.DevitoCriticalDt(grid, 4.5);
        double limit = Cfl.StabilityLimit(grid, 4.5);
        Assert.InRange(devito, 0.3 * limit, limit);
        Assert.Equal(devito, double.Parse(devito.ToString("E3", System.Globalization.CultureInfo.InvariantCulture), System.Globalization.CultureInfo.InvariantCulture), 6);
    }

    private static double MaxAfter(GridShape grid, float[] v, double dt, double aScale)
    {
        using var c = new AcousticCoefficients(grid, v, [], dt);
        var a = c.MutableA;
        for (int i = 0; i < a.Length; i++)
        {
            a[i] *= (float)aScale;
        }

        var prop = new AcousticPropagator(c);
        var rng = new Random(1);
        var prev = new float[grid.Length];
        var cur = new float[grid.Length];
        KernelTestModel.Randomize(grid, prev, rng);
        KernelTestModel.Randomize(grid, cur, rng);
        for (int s = 0; s < 1500; s++)
        {
            prop.Step(prev, cur);
            (prev, cur) = (cur, prev);
        }

        // Enumerable.Max ranks NaN lowest; an overflowed run is +infinity here.
        return cur.Any(float.IsNaN) ? double.PositiveInfinity : cur.Max(Math.Abs);
    }
    [Theory]
    [InlineData(float.NaN, 3)]
    [InlineData(0f, 100)]
    [InlineData(-1.5f, 452)]
    [InlineData(float.PositiveInfinity, 459)]
    public void A_bad_velocity_or_damping_anywhere_is_an_argument_exception_naming_it(float bad, int at)
    {
        // Positions in the vector loop and in its scalar tail (460 points: 57 vectors of 8, then 4).
        var grid = KernelTestModel.Grid(2, 4, 10, 46);
        var v = Enumerable.Repeat(2f, 460).ToArray();
        var d = new float[460];
        double dt = 0.5 * Cfl.StabilityLimit(grid, 2.0);
        using (new AcousticCoefficients(grid, v, d, dt))
        {
        }

        v[at] = bad;
        var ex = Assert.Throws<ArgumentException>(() => new AcousticCoefficients(grid, v, d, dt));
        Assert.Equal("velocity", ex.ParamName);
        Assert.Contains("positive and finite", ex.Message, StringComparison.Ordinal);
        v[at] = 2f;
        if (bad < 0 || float.IsNaN(bad) || float.IsInfinity(bad))
        {
            d[at] = bad;
            ex = Assert.Throws<ArgumentException>(() => new AcousticCoefficients(grid, v, d, dt));
            Assert.Equal("damping", ex.ParamName);
            Assert.Contains("non-negative and finite", ex.Message, StringComparison.Ordinal);
        }
    }
}
