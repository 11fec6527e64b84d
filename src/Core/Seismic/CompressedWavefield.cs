using PyRevolveNet.Kernels;
using PyRevolveNet.Storage;
using FloatCodec = PyRevolveNet.Compression.ICheckpointCodec;

namespace PyRevolveNet.Seismic;

/// <summary>
/// A saved wavefield u(t), t = 0..nt-1, compressed on write and decompressed on read (DevitoPRO's
/// <c>TimeFunction(save=nt, compression=...)</c>): each step's interior (the computational grid, layer
/// included; no halo) is one self-describing codec stream with the grid's shape, appended to native chunks
/// of 64 MiB (the forward writes the steps in order, so the chunks fill with no gaps).
/// </summary>
public sealed unsafe class CompressedWavefield : IWavefield, IDisposable
{
    private const long ChunkBytes = 64L << 20;
    private readonly GridShape _grid;
    private readonly int[] _shape;
    private readonly float[] _interior;
    private readonly byte[] _staging;
    private readonly List<AlignedBuffer> _chunks = [];
    private readonly (int Chunk, long Offset, int Length)[] _steps;
    private long _used;

    public CompressedWavefield(GridShape grid, int nt, FloatCodec codec)
    {
        ArgumentNullException.ThrowIfNull(grid);
        ArgumentNullException.ThrowIfNull(codec);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(nt);
        _grid = grid;
        _shape = grid.Shape.ToArray();
        Codec = codec;
        _interior = new float[grid.InteriorPoints];
        _staging = new byte[codec.MaxEncodedSize(_interior.Length)];
        _steps = new (int, long, int)[nt];
        for (int t = 0; t < nt; t++)
        {
            _steps[t].Chunk = -1;
        }
    }

    public FloatCodec Codec { get; }

    public int Steps => _steps.Length;

    /// <summary>Interior shape of one step (the computational grid).</summary>
    public ReadOnlySpan<int> Shape => _shape;

    /// <summary>Bytes of the compressed streams stored so far.</summary>
    public long CompressedBytes { get; private set; }

    /// <summary>Bytes the stored steps take uncompressed.</summary>
    public long RawBytes { get; private set; }

    /// <summary>Bytes of native memory held (whole chunks).</summary>
    public long ReservedBytes => _chunks.Sum(c => c.Length);

    public void Write(int timestep, ReadOnlySpan<float> field)
    {
        Check(timestep);
        _grid.Gather(field, _interior);
        int length = Codec.Encode(_interior, _shape, _staging);
        if (_chunks.Count == 0 || _used + length > _chunks[^1].Length)
        {
            _chunks.Add(new AlignedBuffer(Math.Max(ChunkBytes, length)));
            _used = 0;
        }

        var chunk = _chunks[^1];
        _staging.AsSpan(0, length).CopyTo(RegionCopy.AsSpan(chunk.Address + (nint)_used, length));
        if (_steps[timestep].Chunk >= 0)
        {
            CompressedBytes -= _steps[timestep].Length;
            RawBytes -= _interior.Length * sizeof(float);
        }

        _steps[timestep] = (_chunks.Count - 1, _used, length);
        _used += length;
        CompressedBytes += length;
        RawBytes += _interior.Length * sizeof(float);
    }

    public void Read(int timestep, Span<float> field)
    {
        Decompress(timestep, _interior);
        _grid.Scatter(_interior, field);
    }

    /// <summary>u(<paramref name="timestep"/>) in C order over the computational grid.</summary>
    public void Decompress(int timestep, Span<float> interior)
    {
        Check(timestep);
        var (c, offset, length) = _steps[timestep];
        if (c < 0)
        {
            throw new InvalidOperationException($"u({timestep}) was never written");
        }

        Codec.Decode(RegionCopy.AsSpan(_chunks[c].Address + (nint)offset, length), interior);
    }

    public void Dispose()
    {
        foreach (var chunk in _chunks)
        {
            chunk.Dispose();
        }

        _chunks.Clear();
        Array.Fill(_steps, (-1, 0L, 0));
    }

    private void Check(int timestep)
    {
        if ((uint)timestep >= (uint)_steps.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(timestep), $"time step {timestep} outside 0..{_steps.Length - 1}");
        }
    }
}
