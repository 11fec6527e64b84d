using System.Buffers.Binary;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Reads bit fields least-significant bit first from one stream. Refills load a whole unaligned 64-bit word
/// while 8 bytes remain and fall back to single bytes near the end; past the end it supplies zeros and
/// counts them, so a damaged stream can never read out of bounds and shows up in <see cref="BitsConsumed"/>.
/// </summary>
internal ref struct LsbBitReader
{
    private readonly ReadOnlySpan<byte> _src;
    private int _next;
    private ulong _buf;
    private int _avail;

    public LsbBitReader(ReadOnlySpan<byte> src)
    {
        _src = src;
    }

    public readonly int Available => _avail;

    /// <summary>Bits taken so far (beyond the stream's length when it was too short).</summary>
    public readonly long BitsConsumed => (8L * _next) - _avail;

    /// <summary>Tops the buffer up to at least 56 bits.</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Refill()
    {
        if (_next + 8 <= _src.Length)
        {
            var w = Unsafe.ReadUnaligned<ulong>(ref Unsafe.Add(ref MemoryMarshal.GetReference(_src), _next));
            if (!BitConverter.IsLittleEndian)
            {
                w = BinaryPrimitives.ReverseEndianness(w);
            }

            // The bytes loaded beyond the ones counted are ORed again, identically, by the next refill.
            _buf |= w << _avail;
            _next += (63 - _avail) >> 3;
            _avail |= 56;
        }
        else
        {
            RefillTail();
        }
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public readonly uint Peek(int n) => (uint)(_buf & ((1UL << n) - 1));

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Skip(int n)
    {
        _buf >>= n;
        _avail -= n;
    }

    /// <summary>The next n bits (n ≤ 32, after a refill that left at least n).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public uint Take(int n)
    {
        var v = (uint)(_buf & ((1UL << n) - 1));
        _buf >>= n;
        _avail -= n;
        return v;
    }

    [MethodImpl(MethodImplOptions.NoInlining)]
    private void RefillTail()
    {
        while (_avail <= 56)
        {
            ulong b = _next < _src.Length ? _src[_next] : 0u;
            _buf |= b << _avail;
            _avail += 8;
            _next++;
        }
    }
}
