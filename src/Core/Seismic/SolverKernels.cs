using PyRevolveNet.Kernels;

namespace PyRevolveNet.Seismic;

/// <summary>Coefficients, propagator and point operators for one velocity at the geometry's dt.</summary>
internal sealed class SolverKernels : IDisposable
{
    public SolverKernels(AcquisitionGeometry geometry, ReadOnlySpan<float> velocity)
    {
        var model = geometry.Model;
        Grid = model.Grid;
        Coefficients = new AcousticCoefficients(Grid, velocity, model.DampingAxes, geometry.Dt);
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

    /// <summary>
    /// Forward step t: <paramref name="prev"/> (u(t-1)) becomes u(t+1), source included; the buffers then swap
    /// roles. <paramref name="wavefield"/> (optional) receives u(t) first.
    /// </summary>
    public void Step(FieldBuffer prev, FieldBuffer cur, int t, IWavefield? wavefield)
    {
        wavefield?.Write(t, cur.Span);
        Propagator.Step(prev.Span, cur.Span);
        Source.Inject(prev.Span, SourceAt(t));
    }

    /// <summary>
    /// Forward steps t and t+1 in one sweep: <paramref name="prev"/> (u(t-1)) becomes u(t+1) and
    /// <paramref name="cur"/> (u(t)) becomes u(t+2), sources included, so the buffers keep their roles.
    /// <paramref name="wavefield"/> (optional) receives u(t) and u(t+1); a plain C-order one from inside the sweep.
    /// </summary>
    public void StepTwice(FieldBuffer prev, FieldBuffer cur, int t, IWavefield? wavefield)
    {
        if (wavefield is IInteriorWavefield interior)
        {
            Propagator.StepTwice(prev.Span, cur.Span, Source, SourceAt(t), interior.Interior(t), interior.Interior(t + 1));
        }
        else
        {
            wavefield?.Write(t, cur.Span);
            Propagator.StepTwice(prev.Span, cur.Span, Source, SourceAt(t));
            wavefield?.Write(t + 1, prev.Span);
        }

        Source.Inject(cur.Span, SourceAt(t + 1));
    }

    /// <summary>The source amplitudes of step t.</summary>
    public ReadOnlySpan<float> SourceAt(int t) => SourceValues.AsSpan(t * Source.Count, Source.Count);

    public void Dispose() => Coefficients.Dispose();
}
