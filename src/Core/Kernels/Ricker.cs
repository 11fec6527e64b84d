namespace PyRevolveNet.Kernels;

/// <summary>Ricker wavelet <c>(1 - 2r^2) exp(-r^2)</c>, <c>r = pi f0 (t - delay)</c>.</summary>
public static class Ricker
{
    /// <summary>One sample. Devito's RickerSource uses delay = 1/f0; acoustic.c uses 1.5/f0.</summary>
    public static double Value(double t, double f0, double delay)
    {
        double r = Math.PI * f0 * (t - delay);
        r *= r;
        return (1 - (2 * r)) * Math.Exp(-r);
    }

    /// <summary>Samples at t = n dt, n = 0..length-1; <paramref name="delay"/> defaults to Devito's 1/f0.</summary>
    public static void Fill(Span<float> destination, double dt, double f0, double? delay = null)
    {
        if (!(f0 > 0))
        {
            ThrowHelper.Argument(nameof(f0), "the peak frequency must be positive");
        }

        double t0 = delay ?? (1.0 / f0);
        for (int n = 0; n < destination.Length; n++)
        {
            destination[n] = (float)Value(n * dt, f0, t0);
        }
    }
}
