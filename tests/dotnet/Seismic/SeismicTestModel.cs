using PyRevolveNet.Seismic;

namespace PyRevolveNet.Tests.Seismic;

/// <summary>A small 2D layered model with a circular anomaly, a split-spread geometry and a smooth start model.</summary>
internal static class SeismicTestModel
{
    public const int Nx = 61;
    public const int Nz = 51;
    public const double H = 10.0;

    /// <summary>Velocities (km/s) of the physical domain; <paramref name="anomaly"/> adds a slow disc.</summary>
    public static float[] Velocity(bool anomaly, bool smooth = false)
    {
        var v = new float[Nx * Nz];
        for (int x = 0; x < Nx; x++)
        {
            for (int z = 0; z < Nz; z++)
            {
                double depth = z * H;
                double vel = smooth ? 1.5 + (1.0 * depth / ((Nz - 1) * H)) : depth < 200 ? 1.5 : depth < 350 ? 2.0 : 2.5;
                double r = Math.Sqrt(((x - 30) * (x - 30)) + ((z - 28) * (z - 28)));
                if (anomaly && r < 6)
                {
                    vel -= 0.3;
                }

                v[(x * Nz) + z] = (float)vel;
            }
        }

        return v;
    }

    public static SeismicModel Model(float[] velocity, int spaceOrder = 4, int nbl = 10) =>
        new(velocity, [Nx, Nz], [H, H], [0.0, 0.0], spaceOrder, nbl);

    /// <summary>One source near the surface in the middle; receivers along the surface.</summary>
    public static AcquisitionGeometry Geometry(SeismicModel model, double tn = 600, int receivers = 31)
    {
        var rec = new double[receivers * 2];
        for (int i = 0; i < receivers; i++)
        {
            rec[2 * i] = i * (Nx - 1) * H / (receivers - 1);
            rec[(2 * i) + 1] = 20.0;
        }

        return new AcquisitionGeometry(model, rec, [300.0, 20.0], 0.0, tn, 0.015);
    }
}
