using System.Buffers.Binary;
using System.Runtime.CompilerServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// Appends bit fields least-significant bit first into a span whose size the caller computed exactly; whole
/// 32-bit words are written as soon as they are full, so a writer never touches bytes beyond its own stream
/// (streams of parallel segments sit side by side).
/// </summary>
internal ref struct LsbBitWriter
{
    private readonly Span<byte> _dst;
    private int _pos;
    private ulong _acc;
    private int _fill;

    public LsbBitWriter(Span<byte> dst)
    {
        _dst = dst;
    }

    /// <summary>Appends the low <paramref name="n"/> bits of <paramref name="bits"/> (n ≤ 32, higher bits zero).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public void Put(uint bits, int n)
    {
        _acc |= (ulong)bits << _fill;
        _fill += n;
        if (_fill >= 32)
        {
            if (_pos + 4 > _dst.Length)
            {
                Overflow();
            }

            BinaryPrimitives.WriteUInt32LittleEndian(_dst.Slice(_pos, 4), (uint)_acc);
            _pos += 4;
            _acc >>= 32;
            _fill -= 32;
        }
    }

    /// <summary>Writes the last partial word; returns the bytes written.</summary>
    public int Finish()
    {
        while (_fill > 0)
        {
            if (_pos >= _dst.Length)
            {
                Overflow();
            }

            _dst[_pos++] = (byte)_acc;
            _acc >>= 8;
            _fill -= 8;
        }

        _fill = 0;
        return _pos;
    }

    private static void Overflow() => throw new InvalidOperationException("bit stream larger than its computed size");
}
