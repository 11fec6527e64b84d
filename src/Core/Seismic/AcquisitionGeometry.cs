using PyRevolveNet.Kernels;

namespace PyRevolveNet.Seismic;

/// <summary>
/// Devito's <c>AcquisitionGeometry</c>: source and receiver positions (physical coordinates, point-major),
/// the time axis t0..tn with step dt (Devito's <c>TimeAxis</c>: nt = ceil((tn - t0 + dt)/dt)) and a Ricker
/// source of peak frequency f0 delayed by 1/f0 (Devito's RickerSource).
/// </summary>
public sealed class AcquisitionGeometry
{
    private readonly double[] _sources;
    private readonly double[] _receivers;
    private readonly float[] _wavelet;

    /// <param name="model">the model the positions refer to</param>
    /// <param name="receivers">receiver coordinates, point-major</param>
    /// <param name="sources">source coordinates, point-major (every source fires the same wavelet)</param>
    /// <param name="t0">start time</param>
    /// <param name="tn">end time</param>
    /// <param name="f0">Ricker peak frequency (1/time unit)</param>
    /// <param name="dt">time step; null: the model's Devito critical dt</param>
    public AcquisitionGeometry(SeismicModel model, ReadOnlySpan<double> receivers, ReadOnlySpan<double> sources, double t0, double tn, double f0, double? dt = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        if (!double.IsFinite(t0) || !double.IsFinite(tn) || !(tn > t0))
        {
            throw new ArgumentException($"tn must be finite and greater than t0 (t0={t0}, tn={tn})", nameof(tn));
        }

        if (!(f0 > 0) || !double.IsFinite(f0))
        {
            throw new ArgumentException($"f0 must be positive, got {f0}", nameof(f0));
        }

        double step = dt ?? model.CriticalDt;
        if (!(step > 0) || !double.IsFinite(step))
        {
            throw new ArgumentException($"dt must be positive, got {step}", nameof(dt));
        }

        Cfl.Check(model.Grid, model.MaxVelocity, step);
        Model = model;
        _receivers = model.ToGridCoordinates(receivers, "rec_positions");
        _sources = model.ToGridCoordinates(sources, "src_positions");
        T0 = t0;
        Dt = step;
        F0 = f0;
        Nt = checked((int)Math.Ceiling((tn - t0 + step) / step));
        Tn = t0 + (step * (Nt - 1));
        _wavelet = new float[Nt];
        for (int n = 0; n < Nt; n++)
        {
            _wavelet[n] = (float)Ricker.Value(t0 + (n * step), f0, 1.0 / f0);
        }
    }

    public SeismicModel Model { get; }

    public double T0 { get; }

    /// <summary>Last time of the axis (t0 + (nt-1) dt; may exceed the requested tn by less than dt).</summary>
    public double Tn { get; }

    public double Dt { get; }

    public double F0 { get; }

    /// <summary>Number of time samples: the forward runs nt steps, sampling the receivers before each.</summary>
    public int Nt { get; }

    public int SourceCount => _sources.Length / Model.Grid.Rank;

    public int ReceiverCount => _receivers.Length / Model.Grid.Rank;

    /// <summary>Source coordinates relative to the first computational point (the kernels' convention).</summary>
    public ReadOnlySpan<double> SourceGridCoordinates => _sources;

    public ReadOnlySpan<double> ReceiverGridCoordinates => _receivers;

    /// <summary>The Ricker wavelet sampled on the time axis.</summary>
    public ReadOnlySpan<float> Wavelet => _wavelet;
}
