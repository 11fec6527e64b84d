using PyRevolveNet.Kernels;

namespace PyRevolveNet.Seismic;

/// <summary>A managed wavefield: one C-order interior array per time step (layer included).</summary>
public sealed class InteriorWavefield : IInteriorWavefield
{
    private readonly GridShape _grid;
    private readonly float[][] _steps;

    public InteriorWavefield(GridShape grid, int nt)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nt);
        _grid = grid;
        _steps = new float[nt][];
        for (int t = 0; t < nt; t++)
        {
            _steps[t] = new float[grid.InteriorPoints];
        }
    }

    public int Steps => _steps.Length;

    /// <summary>u(<paramref name="step"/>) in C order over the computational grid.</summary>
    public ReadOnlySpan<float> At(int step) => _steps[step];

    Span<float> IInteriorWavefield.Interior(int timestep) => _steps[timestep];

    public void Write(int timestep, ReadOnlySpan<float> field) => _grid.GatherStreaming(field, _steps[timestep]);

    public void Read(int timestep, Span<float> field) => _grid.Scatter(_steps[timestep], field);
}
