using PyRevolveNet.Kernels;

namespace PyRevolveNet.Seismic;

/// <summary>
/// The store-all reference's wavefield: every u(t) as a C-order interior array, in native chunks of about 64 MB
/// (huge-page advised, out of the GC heap, so storing thousands of multi-MB fields triggers no collections),
/// allocated as the forward goes. The forward fills it from inside its sweeps and the adjoint reads it in place,
/// as a saved numpy wavefield.
/// </summary>
internal sealed class StoredWavefield : IInteriorWavefield, IDisposable
{
    private const int ChunkFloats = 16 << 20;
    private readonly GridShape _grid;
    private readonly int _stepLength;
    private readonly int _perChunk;
    private readonly int _nt;
    private readonly FieldBuffer?[] _chunks;

    public StoredWavefield(GridShape grid, int nt)
    {
        _grid = grid;
        _stepLength = checked((int)grid.InteriorPoints);
        _nt = nt;
        _perChunk = Math.Max(1, ChunkFloats / _stepLength);
        _chunks = new FieldBuffer?[(nt + _perChunk - 1) / _perChunk];
    }

    /// <summary>Bytes allocated so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>The slot of u(<paramref name="timestep"/>), allocated on first use.</summary>
    public Span<float> Interior(int timestep)
    {
        int c = timestep / _perChunk;
        var chunk = _chunks[c];
        if (chunk is null)
        {
            int steps = Math.Min(_perChunk, _nt - (c * _perChunk));
            chunk = _chunks[c] = new FieldBuffer(checked(steps * _stepLength));
            Bytes += (long)chunk.Length * sizeof(float);
        }

        return chunk.Span.Slice((timestep % _perChunk) * _stepLength, _stepLength);
    }

    public void Write(int timestep, ReadOnlySpan<float> field) => _grid.GatherStreaming(field, Interior(timestep));

    public void Read(int timestep, Span<float> field) => _grid.Scatter(Interior(timestep), field);

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            chunk?.Dispose();
        }
    }
}
