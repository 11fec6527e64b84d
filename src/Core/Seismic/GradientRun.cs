using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using PyRevolveNet.Execution;
using PyRevolveNet.Kernels;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Seismic;

/// <summary>
/// One gradient computation as the Revolver engine sees it: the live state is the propagator's two time
/// buffers (u(t-1), u(t)) at step t, and both are the checkpoint. Advance(t0, t1) runs forward steps (sampling
/// the receivers the first time a step runs); Reverse(t, t+1) runs the adjoint step that produces w(t) with the
/// imaging condition fused, reading u(t) from the live state (the engine has just advanced it to t+1, so u(t)
/// is the older buffer) or from the stored wavefield. Both paths feed the same floats to the same kernel calls
/// in the same order, so the checkpointed gradient equals the stored one bit for bit.
/// </summary>
internal sealed unsafe class GradientRun : IForwardOperator, IReverseOperator, ILiveState, IDisposable
{
    private readonly SolverKernels _k;
    private readonly int _nt;
    private readonly int _nrec;
    private readonly float[] _receivers;
    private readonly StoredWavefield? _stored;   // the store-all reference's own wavefield (also _external)
    private readonly IWavefield? _external;
    private readonly bool _recordExternal;
    private readonly bool _lossyCheckpoints;
    private bool _restored;
    private readonly FieldBuffer _gradient;
    private readonly FieldBuffer _w1;
    private readonly FieldBuffer _w2;
    private FieldBuffer _prev;
    private FieldBuffer _cur;
    private FieldBuffer _adjNext;
    private FieldBuffer _adjNext2;
    private float[] _residual = [];
    private long _position;
    private bool _pending;
    private int _sampled;

    /// <param name="kernels">the physics</param>
    /// <param name="nt">time steps</param>
    /// <param name="storeAll">keep every u(t) in memory (the reference run)</param>
    /// <param name="external">read u(t) from here instead of running the forward (jacobian_adjoint with u)</param>
    /// <param name="recordExternal">the forward writes u(t) into <paramref name="external"/> (a compressed store-all; implied by <paramref name="storeAll"/> without one)</param>
    /// <param name="lossyCheckpoints">restored checkpoints may carry codec error into the halo: zero it again</param>
    public GradientRun(SolverKernels kernels, int nt, bool storeAll, IWavefield? external = null, bool recordExternal = false, bool lossyCheckpoints = false)
    {
        _lossyCheckpoints = lossyCheckpoints;
        _k = kernels;
        _nt = nt;
        _nrec = kernels.Receivers.Count;
        _receivers = new float[(long)nt * _nrec];
        if (storeAll && external is null)
        {
            external = _stored = new StoredWavefield(kernels.Grid, nt);
            recordExternal = true;
        }

        _external = external;
        _recordExternal = recordExternal;
        var grid = kernels.Grid;
        _prev = new FieldBuffer(grid);
        _cur = new FieldBuffer(grid);
        _w1 = new FieldBuffer(grid);
        _w2 = new FieldBuffer(grid);
        _adjNext = _w1;
        _adjNext2 = _w2;
        _gradient = new FieldBuffer(grid);
    }

    public long CheckpointBytes => 2L * _k.Grid.Length * sizeof(float);

    public int MaxRegions => 2;

    /// <summary>Receiver data sampled by the forward (nt x nrec).</summary>
    public ReadOnlySpan<float> Receivers => _receivers;

    /// <summary>Bytes held by the stored wavefield (store-all runs).</summary>
    public long StoredBytes => _stored?.Bytes ?? 0;

    /// <summary>Forward steps the kernels actually ran (deferred re-runs that were never needed excluded).</summary>
    public long KernelSteps { get; private set; }

    /// <summary>Sets the receiver residual injected by the adjoint (nt x nrec).</summary>
    public void SetResidual(float[] residual) => _residual = residual;

    public void Advance(long tStart, long tEnd)
    {
        RepairRestored();
        Flush();
        if (tStart != _position)
        {
            throw new InvalidOperationException($"the live state is at step {_position}, asked to advance from {tStart}");
        }

        if (tEnd == tStart + 1 && tStart < _sampled && !_recordExternal)
        {
            // A re-run of one step (pyrevolve's F(k, k+1) before R(k, k+1)): deferred, because the reverse step
            // only needs u(k), which the buffers hold now; run only if something else needs the state at k+1.
            _pending = true;
            return;
        }

        RunSteps((int)tStart, (int)tEnd);
    }

    public void Reverse(long tStart, long tEnd)
    {
        RepairRestored();
        for (long t = tEnd - 1; t >= tStart; t--)
        {
            if (t > tStart && ReverseTwo((int)t))
            {
                t--;
                continue;
            }

            if (_external is IInteriorWavefield interior)
            {
                // A plain saved wavefield: the imaging condition reads u(t) in place.
                _k.Propagator.AdjointStepWithInteriorForward(_adjNext2.Span, _adjNext.Span, interior.Interior((int)t), _gradient.Span);
                FinishReverseStep((int)t);
            }
            else if (_external is not null)
            {
                // u(t) from the external wavefield into a scratch buffer (the forward buffers are unused here).
                _external.Read((int)t, _prev.Span);
                ReverseStep((int)t, _prev.Span);
            }
            else
            {
                if (_pending && _position == t)
                {
                    _pending = false;
                    ReverseStep((int)t, _cur.Span);
                }
                else if (!_pending && _position == t + 1)
                {
                    ReverseStep((int)t, _prev.Span);
                }
                else
                {
                    throw new InvalidOperationException($"reversing step {t} needs the live state at {t + 1}, it is at {_position + (_pending ? 1 : 0)}");
                }
            }
        }
    }

    /// <summary>Store-all and external runs: the whole adjoint sweep.</summary>
    public void ReverseAll() => Reverse(0, _nt);

    /// <summary>The gradient w.r.t. m on the computational grid (C-order interior).</summary>
    public void GatherGradient(Span<float> destination) => _k.Grid.Gather(_gradient.Span, destination);

    public int GetData(long timestep, Span<MemoryRegion> regions)
    {
        Flush();
        return Regions(regions);
    }

    public int GetDataLocation(long timestep, Span<MemoryRegion> regions)
    {
        _pending = false;
        _position = timestep;
        _restored = _lossyCheckpoints;
        return Regions(regions);
    }

    public void Dispose()
    {
        _prev.Dispose();
        _cur.Dispose();
        _w1.Dispose();
        _w2.Dispose();
        _gradient.Dispose();
        _stored?.Dispose();
    }

    // The kernels rely on a zero halo (Devito's zero boundary); a lossy codec restores it only approximately.
    private void RepairRestored()
    {
        if (_restored)
        {
            _restored = false;
            _k.Grid.ClearOutsideInterior(_prev.Span);
            _k.Grid.ClearOutsideInterior(_cur.Span);
        }
    }

    private void Flush()
    {
        if (_pending)
        {
            _pending = false;
            RunSteps((int)_position, (int)_position + 1);
        }
    }

    private void RunSteps(int tStart, int tEnd)
    {
        var record = _recordExternal ? _external : null;
        for (int t = tStart; t < tEnd;)
        {
            SampleOnce(t, _cur);
            if (t + 1 < tEnd)
            {
                // Two steps in one sweep: u(t+1) stays in _prev, u(t+2) in _cur.
                _k.StepTwice(_prev, _cur, t, record);
                SampleOnce(t + 1, _prev);
                t += 2;
                continue;
            }

            _k.Step(_prev, _cur, t, record);
            (_prev, _cur) = (_cur, _prev);
            t++;
        }

        KernelSteps += tEnd - tStart;
        _position = tEnd;
    }

    // The receivers of u(t), on the first run of the step (recomputations would give the same values).
    private void SampleOnce(int t, FieldBuffer u)
    {
        if (t >= _sampled)
        {
            _k.Receivers.Sample(u.Span, _receivers.AsSpan(t * _nrec, _nrec));
            _sampled = t + 1;
        }
    }

    private static MemoryRegion Region(FieldBuffer b) => new((nint)b.Data, (long)b.Length * sizeof(float));

    private int Regions(Span<MemoryRegion> regions)
    {
        regions[0] = Region(_prev);
        regions[1] = Region(_cur);
        return 2;
    }

    // w(t) and w(t-1) in one sweep where u(t) and u(t-1) are both at hand (stored or external wavefields); the
    // live-state path gets one forward state at a time from the schedule. w(t-1) ends in _adjNext, w(t) in
    // _adjNext2: the roles two single steps would leave.
    private bool ReverseTwo(int t)
    {
        var prop = _k.Propagator;
        if (_external is IInteriorWavefield interior)
        {
            prop.AdjointStepTwiceWithInteriorForward(_adjNext2.Span, _adjNext.Span, interior.Interior(t), interior.Interior(t - 1), _gradient.Span, _k.AdjointReceivers, Residual(t));
        }
        else if (_external is not null)
        {
            // u(t), u(t-1) from the external wavefield into scratch buffers (the forward buffers are unused here).
            _external.Read(t, _prev.Span);
            _external.Read(t - 1, _cur.Span);
            prop.AdjointStepTwice(_adjNext2.Span, _adjNext.Span, _prev.Span, _cur.Span, _gradient.Span, _k.AdjointReceivers, Residual(t));
        }
        else
        {
            return false;
        }

        _k.AdjointReceivers.Inject(_adjNext.Span, Residual(t - 1));
        return true;
    }

    private ReadOnlySpan<float> Residual(int t) => _residual.AsSpan(t * _nrec, _nrec);

    // w(t) from w(t+1), w(t+2); grad -= u(t) (w(t) - 2 w(t+1) + w(t+2)) / dt^2 (the exact discrete gradient of
    // m (u(t+1) - 2u(t) + u(t-1))/dt^2 + ... = lap u + q; w is the multiplier of the equation for u(t)); then
    // w(t) += a P^T r(t).
    private void ReverseStep(int t, ReadOnlySpan<float> forwardAtT)
    {
        _k.Propagator.AdjointStep(_adjNext2.Span, _adjNext.Span, forwardAtT, _gradient.Span);
        FinishReverseStep(t);
    }

    private void FinishReverseStep(int t)
    {
        _k.AdjointReceivers.Inject(_adjNext2.Span, Residual(t));
        (_adjNext, _adjNext2) = (_adjNext2, _adjNext);
    }
}
