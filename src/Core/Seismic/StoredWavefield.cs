using PyRevolveNet.Kernels;

namespace PyRevolveNet.Seismic;

/// <summary>
/// The store-all reference's wavefield: padded fields in native chunks of about 64 MB (huge-page advised, out of
/// the GC heap, so storing thousands of multi-MB fields triggers no collections), allocated as the forward goes.
/// </summary>
internal sealed class StoredWavefield : IDisposable
{
    private const int ChunkFloats = 16 << 20;
    private readonly int _fieldLength;
    private readonly int _perChunk;
    private readonly int _nt;
    private readonly FieldBuffer?[] _chunks;

    public StoredWavefield(int fieldLength, int nt)
    {
        _fieldLength = fieldLength;
        _nt = nt;
        _perChunk = Math.Max(1, ChunkFloats / fieldLength);
        _chunks = new FieldBuffer?[(nt + _perChunk - 1) / _perChunk];
    }

    /// <summary>Bytes allocated so far.</summary>
    public long Bytes { get; private set; }

    /// <summary>The slot of u(<paramref name="timestep"/>), allocated on first use.</summary>
    public Span<float> At(int timestep)
    {
        int c = timestep / _perChunk;
        var chunk = _chunks[c];
        if (chunk is null)
        {
            int steps = Math.Min(_perChunk, _nt - (c * _perChunk));
            chunk = _chunks[c] = new FieldBuffer(checked(steps * _fieldLength));
            Bytes += (long)chunk.Length * sizeof(float);
        }

        return chunk.Span.Slice((timestep % _perChunk) * _fieldLength, _fieldLength);
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            chunk?.Dispose();
        }
    }
}
