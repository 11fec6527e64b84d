using PyRevolveNet.Execution;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Execution;

/// <summary>
/// A port of the idea of Devito's checkpointing tests. The live state is a rolling time buffer of three slices
/// (time_order 2, as DevitoCheckpoint): the state at step t is the slices of u[t+1] and u[t], handed out as two
/// views whose places in the buffer change with t. The forward is a second-order recurrence
/// u[s+2] = f(u[s+1], u[s], s); the reverse step t reads u[t], u[t+1], u[t+2] from the buffer (so it needs the
/// forward re-run of step t first), updates an adjoint field v and accumulates a gradient from both.
/// <see cref="Reference"/> computes the same with every u kept, so results must agree exactly.
/// </summary>
public sealed unsafe class DevitoLikeModel : IForwardOperator, IReverseOperator, ILiveState, IDisposable
{
    public const int Nx = 37;
    private readonly AlignedBuffer _u = new(3 * Nx * sizeof(double));

    public DevitoLikeModel()
    {
        for (var i = 0; i < Nx; i++)
        {
            Slice(0)[i] = Initial0(i);
            Slice(1)[i] = Initial1(i);
        }

        V = new double[Nx];
        Gradient = new double[Nx];
        Init(V);
    }

    public double[] V { get; }

    public double[] Gradient { get; }

    public long ForwardSteps { get; private set; }

    public long CheckpointBytes => 2L * Nx * sizeof(double);

    public int MaxRegions => 2;

    public void Advance(long tStart, long tEnd)
    {
        for (var s = tStart; s < tEnd; s++)
        {
            Step(Slice(s + 2), Slice(s + 1), Slice(s), s);
            ForwardSteps++;
        }
    }

    public void Reverse(long tStart, long tEnd)
    {
        Assert.Equal(tStart + 1, tEnd);
        AdjointStep(V, Gradient, Slice(tStart), Slice(tStart + 1), Slice(tStart + 2), tStart);
    }

    public int GetData(long timestep, Span<MemoryRegion> regions) => Views(timestep, regions);

    public int GetDataLocation(long timestep, Span<MemoryRegion> regions) => Views(timestep, regions);

    /// <summary>u[t+1] and u[t] of the buffer, as after a forward to step t.</summary>
    public (double[] Next, double[] Current) StateAt(long t) => (Slice(t + 1).ToArray(), Slice(t).ToArray());

    public void Dispose() => _u.Dispose();

    /// <summary>Everything stored: the forward u[0..nt+1], then the adjoint from nt-1 down to 0.</summary>
    public static (double[] V, double[] Gradient, double[] UEnd, double[] UEndMinus1) Reference(int nt)
    {
        var u = new double[nt + 2][];
        u[0] = new double[Nx];
        u[1] = new double[Nx];
        for (var i = 0; i < Nx; i++)
        {
            u[0][i] = Initial0(i);
            u[1][i] = Initial1(i);
        }

        for (var s = 0; s < nt; s++)
        {
            u[s + 2] = new double[Nx];
            Step(u[s + 2], u[s + 1], u[s], s);
        }

        var v = new double[Nx];
        var g = new double[Nx];
        Init(v);
        for (var t = nt - 1; t >= 0; t--)
        {
            AdjointStep(v, g, u[t], u[t + 1], u[t + 2], t);
        }

        return (v, g, u[nt + 1], u[nt]);
    }

    private static double Initial0(int i) => Math.Sin(0.3 * i);

    private static double Initial1(int i) => Math.Cos(0.2 * i) * 0.5;

    private static void Init(Span<double> v)
    {
        for (var i = 0; i < v.Length; i++)
        {
            v[i] = 1.0 + (i * 0.01);
        }
    }

    private static void Step(Span<double> next, ReadOnlySpan<double> current, ReadOnlySpan<double> previous, long s)
    {
        for (var i = 0; i < next.Length; i++)
        {
            var left = current[i == 0 ? next.Length - 1 : i - 1];
            next[i] = (0.6 * current[i]) + (0.3 * previous[i]) + (0.05 * left) + (((s + i) % 7) * 0.125) + 1;
        }
    }

    private static void AdjointStep(Span<double> v, Span<double> g, ReadOnlySpan<double> ut, ReadOnlySpan<double> ut1, ReadOnlySpan<double> ut2, long t)
    {
        for (var i = 0; i < v.Length; i++)
        {
            g[i] += (v[i] * ut1[i]) + (0.001 * ut2[i] * ut[i]);
            v[i] = (0.9 * v[i]) - 1 + (0.01 * ut2[i]) + (t * 1e-3);
        }
    }

    private Span<double> Slice(long s) => new((double*)_u.Address + (s % 3 * Nx), Nx);

    private int Views(long t, Span<MemoryRegion> regions)
    {
        // DevitoCheckpoint.get_data: f._data[t + time_order - 1 - i] for i = 0, 1.
        regions[0] = new MemoryRegion(_u.Address + (nint)((t + 1) % 3 * Nx * sizeof(double)), Nx * sizeof(double));
        regions[1] = new MemoryRegion(_u.Address + (nint)(t % 3 * Nx * sizeof(double)), Nx * sizeof(double));
        return 2;
    }
}
