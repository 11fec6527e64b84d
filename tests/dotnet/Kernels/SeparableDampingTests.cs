using PyRevolveNet.Kernels;

namespace PyRevolveNet.Tests.Kernels;

/// <summary>Devito's layer as per-axis profiles, and the checks on separable damping.</summary>
public class SeparableDampingTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(3)]
    public void Devito_layer_is_the_sum_of_the_per_axis_profiles(int rank)
    {
        var grid = KernelTestModel.Grid(rank, 8, 17, 23, 19);
        const int Layer = 5;
        var axes = DampingProfile.DevitoAxes(grid, Layer);
        for (int a = 0; a < rank; a++)
        {
            // Written out from Devito's initialize_damp: 1.5 ln(1000)/(layer h) (pos - sin(2 pi pos)/(2 pi)).
            int n = grid.Shape[a];
            double coeff = 1.5 * Math.Log(1000.0) / (Layer * grid.Spacing[a]);
            var profile = axes.Axis(a);
            Assert.Equal(n, profile.Length);
            Assert.Equal(coeff, profile[0], 12);
            Assert.Equal(coeff, profile[n - 1], 12);
            for (int p = 0; p < n; p++)
            {
                Assert.Equal(profile[p], profile[n - 1 - p]);
                double pos = p < Layer ? (double)(Layer - p) / Layer : p >= n - Layer ? (double)(p - (n - Layer) + 1) / Layer : 0;
                Assert.Equal(pos > 0 ? coeff * (pos - (Math.Sin(2 * Math.PI * pos) / (2 * Math.PI))) : 0, profile[p], 12);
            }
        }

        float[] whole = DampingProfile.Devito(grid, Layer);
        int n1 = grid.Shape[1], n2 = rank == 3 ? grid.Shape[2] : 1;
        for (int i = 0; i < whole.Length; i++)
        {
            int x = i / (n1 * n2), y = i / n2 % n1, z = i % n2;
            double sum = axes.Axis(0)[x] + axes.Axis(1)[y] + (rank == 3 ? axes.Axis(2)[z] : 0);
            Assert.Equal((float)sum, whole[i]);
        }
    }

    [Fact]
    public void Bad_profiles_are_refused_naming_the_parameter()
    {
        Assert.Equal("axes", Assert.Throws<ArgumentException>(() => new SeparableDamping([1.0])).ParamName);
        Assert.Equal("axes", Assert.Throws<ArgumentException>(() => new SeparableDamping([0.0], [-1.0])).ParamName);
        Assert.Equal("axes", Assert.Throws<ArgumentException>(() => new SeparableDamping([double.NaN], [0.0])).ParamName);
        Assert.Equal("axes", Assert.Throws<ArgumentException>(() => new SeparableDamping([0.0], null!)).ParamName);

        var grid = KernelTestModel.Grid(2, 4, 6, 7);
        var v = Enumerable.Repeat(2f, (int)grid.InteriorPoints).ToArray();
        double dt = 0.5 * Cfl.StabilityLimit(grid, 2);
        var wrongLength = new SeparableDamping(new double[6], new double[8]);
        var ex = Assert.Throws<ArgumentException>(() => new AcousticCoefficients(grid, v, wrongLength, dt));
        Assert.Equal("damping", ex.ParamName);
        Assert.Contains("axis 1", ex.Message);
        var wrongRank = new SeparableDamping(new double[6], new double[7], new double[3]);
        Assert.Equal("damping", Assert.Throws<ArgumentException>(() => new AcousticCoefficients(grid, v, wrongRank, dt)).ParamName);
        Assert.Throws<ArgumentNullException>(() => new AcousticCoefficients(grid, v, (SeparableDamping)null!, dt));
    }

    [Fact]
    public void The_profiles_are_copied()
    {
        var x = new double[] { 1, 0, 1 };
        var damping = new SeparableDamping(x, [0.0, 0.0]);
        x[0] = 5;
        Assert.Equal(1, damping.Axis(0)[0]);
    }
}
