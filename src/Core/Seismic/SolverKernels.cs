using PyRevolveNet.Kernels;

namespace PyRevolveNet.Seismic;

/// <summary>Coefficients, propagator and point operators for one velocity at the geometry's dt.</summary>
internal sealed class SolverKernels : IDisposable
{
    public SolverKernels(AcquisitionGeometry geometry, ReadOnlySpan<float> velocity)
    {
        var model = geometry.Model;
        Grid = model.Grid;
        Coefficients = new AcousticCoefficients(Grid, velocity, model.Damping, geometry.Dt);
        Propagator = new AcousticPropagator(Coefficients);
        Source = Coefficients.SourceInjection(geometry.SourceGridCoordinates);
        Receivers = Coefficients.ReceiverSampling(geometry.ReceiverGridCoordinates);
        AdjointReceivers = Coefficients.AdjointReceiverInjection(geometry.ReceiverGridCoordinates);
        AdjointSource = Coefficients.AdjointSourceSampling(geometry.SourceGridCoordinates);
        int nsrc = geometry.SourceCount;
        SourceValues = new float[geometry.Nt * nsrc];
        for (int t = 0; t < geometry.Nt; t++)
        {
            SourceValues.AsSpan(t * nsrc, nsrc).Fill(geometry.Wavelet[t]);
        }
    }

    public GridShape Grid { get; }

    public AcousticCoefficients Coefficients { get; }

    public AcousticPropagator Propagator { get; }

    public PointOperator Source { get; }

    public PointOperator Receivers { get; }

    public PointOperator AdjointReceivers { get; }

    public PointOperator AdjointSource { get; }

    /// <summary>Source amplitudes, time-major (nt x nsrc).</summary>
    public float[] SourceValues { get; }

    public void Dispose() => Coefficients.Dispose();
}
