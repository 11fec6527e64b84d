using PyRevolveNet.Kernels;
using PyRevolveNet.Seismic;

namespace PyRevolveNet.Interop;

/// <summary>
/// A wavefield in caller memory (a C-order numpy array of shape (nt, *grid)): the solver writes and reads it
/// directly, one interior copy per step, with no managed copy of the whole array.
/// </summary>
internal sealed unsafe class NativeWavefield(GridShape grid, float* data, int nt) : IInteriorWavefield
{
    public void Write(int timestep, ReadOnlySpan<float> field) => grid.GatherStreaming(field, At(timestep));

    public void Read(int timestep, Span<float> field) => grid.Scatter(At(timestep), field);

    public Span<float> Interior(int timestep) => At(timestep);

    private Span<float> At(int timestep)
    {
        if ((uint)timestep >= (uint)nt)
        {
            throw new ArgumentOutOfRangeException(nameof(timestep));
        }

        return new Span<float>(data + ((long)timestep * grid.InteriorPoints), (int)grid.InteriorPoints);
    }
}
