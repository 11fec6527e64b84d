using System.Buffers;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// The fast lossless path: <see cref="LorenzoRows"/> (map, 3D Lorenzo, zigzag, fused per row) into a small
/// rolling buffer, then <see cref="ChunkPacker"/>. Decoding unpacks chunks straight into the destination
/// just ahead of the row being rebuilt, so each value is touched while it is in L1.
/// </summary>
internal static class FastLossless
{
    /// <summary>Values coded per packing round (plus at most one row and one chunk of carry-over).</summary>
    private const int Batch = 8192;

    /// <summary>Values the decoder unpacks ahead of the row it rebuilds (16 KiB: stays in L1).</summary>
    private const int Ahead = 4096;

    public static int Encode(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload)
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, n = data.Length;
        var bits = MemoryMarshal.Cast<float, int>(data);
        var limit = payload.Length - ChunkPacker.MaxChunkBytes;
        var edgeRent = ArrayPool<int>.Shared.Rent(n2);
        var bufRent = ArrayPool<int>.Shared.Rent(Batch + n2 + ChunkPacker.Chunk);
        try
        {
            var edge = edgeRent.AsSpan(0, n2);
            edge.Clear(); // the rows outside the array: bits that map to integer 0
            var buf = bufRent.AsSpan(0, Batch + n2 + ChunkPacker.Chunk);
            int fill = 0, pos = 0;
            for (var k = 0; k < n0; k++)
            {
                for (var i = 0; i < n1; i++)
                {
                    var start = ((k * n1) + i) * n2;
                    var up = i > 0 ? bits.Slice(start - n2, n2) : edge;
                    var prev = k > 0 ? bits.Slice(start - (n1 * n2), n2) : edge;
                    var prevUp = k > 0 && i > 0 ? bits.Slice(start - (n1 * n2) - n2, n2) : edge;
                    LorenzoRows.Encode(bits.Slice(start, n2), up, prev, prevUp, buf.Slice(fill, n2));
                    fill += n2;
                    if (fill >= Batch)
                    {
                        var whole = fill & ~(ChunkPacker.Chunk - 1);
                        pos = ChunkPacker.Pack(buf[..whole], payload, pos, limit);
                        if (pos < 0)
                        {
                            return -1;
                        }

                        buf[whole..fill].CopyTo(buf);
                        fill -= whole;
                    }
                }
            }

            if (fill > 0)
            {
                var padded = (fill + ChunkPacker.Chunk - 1) & ~(ChunkPacker.Chunk - 1);
                buf[fill..padded].Clear();
                pos = ChunkPacker.Pack(buf[..padded], payload, pos, limit);
            }

            return pos < 0 || pos >= n * 4 ? -1 : pos;
        }
        finally
        {
            ArrayPool<int>.Shared.Return(bufRent);
            ArrayPool<int>.Shared.Return(edgeRent);
        }
    }

    public static void Decode(ReadOnlySpan<byte> payload, in Dims dims, Span<float> destination)
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, n = destination.Length;
        var q = MemoryMarshal.Cast<float, int>(destination);
        var edgeRent = ArrayPool<int>.Shared.Rent(n2);
        try
        {
            var edge = edgeRent.AsSpan(0, n2);
            edge.Clear();
            Span<int> tail = stackalloc int[ChunkPacker.Chunk];
            int pos = 0, unpacked = 0;
            for (var k = 0; k < n0; k++)
            {
                for (var i = 0; i < n1; i++)
                {
                    var start = ((k * n1) + i) * n2;
                    var end = start + n2;
                    if (unpacked < end)
                    {
                        // The chunks that reach this row's end, at least Ahead values (fewer calls for short rows),
                        // the last one partial only at the array's end.
                        var want = Math.Max(end - unpacked, Ahead);
                        var whole = Math.Min((want + ChunkPacker.Chunk - 1) & ~(ChunkPacker.Chunk - 1), (n - unpacked) & ~(ChunkPacker.Chunk - 1));
                        pos = ChunkPacker.Unpack(payload, pos, q.Slice(unpacked, whole));
                        unpacked += whole;
                        if (unpacked < end)
                        {
                            pos = ChunkPacker.Unpack(payload, pos, tail);
                            tail[..(n - unpacked)].CopyTo(q[unpacked..]);
                            unpacked = n;
                        }
                    }

                    var up = i > 0 ? q.Slice(start - n2, n2) : edge;
                    var prev = k > 0 ? q.Slice(start - (n1 * n2), n2) : edge;
                    var prevUp = k > 0 && i > 0 ? q.Slice(start - (n1 * n2) - n2, n2) : edge;
                    LorenzoRows.Decode(q.Slice(start, n2), up, prev, prevUp);
                }
            }

            if (pos != payload.Length)
            {
                CodecThrow.Corrupt($"{payload.Length - pos} unexpected bytes after the block stream");
            }
        }
        finally
        {
            ArrayPool<int>.Shared.Return(edgeRent);
        }
    }
}
