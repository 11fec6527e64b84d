using System.Buffers;
using System.Runtime.InteropServices;

namespace PyRevolveNet.Compression;

/// <summary>
/// The fast lossless path: <see cref="LorenzoRows"/> (map, 3D Lorenzo, zigzag, fused per row segment) into a
/// small rolling buffer, then <see cref="ChunkPacker"/>. Decoding unpacks chunks straight into the destination
/// just ahead of the segment being rebuilt, so each value is touched while it is in L1. Scratch is bounded
/// (a few segments) whatever the shape: a long 1D array goes through in segments like any row.
/// </summary>
internal static class FastLossless
{
    /// <summary>Values coded per packing round (plus at most one segment and one chunk of carry-over).</summary>
    private const int Batch = 8192;

    /// <summary>Longest run of a row one kernel call handles (16 KiB), and the length of the zero edge row.</summary>
    private const int Segment = 4096;

    /// <summary>Values the decoder unpacks ahead of the segment it rebuilds (16 KiB: stays in L1).</summary>
    private const int Ahead = 4096;

    public static int Encode(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload)
    {
        int n0 = dims.N0, n1 = dims.N1, n2 = dims.N2, n = data.Length;
        var bits = MemoryMarshal.Cast<float, int>(data);
        var limit = payload.Length - ChunkPacker.MaxChunkBytes;
        var seg = Math.Min(n2, Segment);
        var edgeRent = ArrayPool<int>.Shared.Rent(seg);
        var bufRent = ArrayPool<int>.Shared.Rent(Batch + seg + ChunkPacker.Chunk);
        try
        {
            var edge = edgeRent.AsSpan(0, seg);
            edge.Clear(); // the rows outside the array: bits that map to integer 0
            var buf = bufRent.AsSpan(0, Batch + seg + ChunkPacker.Chunk);
            int fill = 0, pos = 0;
            for (var k = 0; k < n0; k++)
            {
                for (var i = 0; i < n1; i++)
                {
                    var start = ((k * n1) + i) * n2;
                    var last = 0;
                    for (var s = 0; s < n2; s += seg)
                    {
                        var len = Math.Min(seg, n2 - s);
                        var at = start + s;
                        var up = i > 0 ? bits.Slice(at - n2, len) : edge[..len];
                        var prev = k > 0 ? bits.Slice(at - (n1 * n2), len) : edge[..len];
                        var prevUp = k > 0 && i > 0 ? bits.Slice(at - (n1 * n2) - n2, len) : edge[..len];
                        last = LorenzoRows.Encode(bits.Slice(at, len), up, prev, prevUp, buf.Slice(fill, len), last);
                        fill += len;
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
        var seg = Math.Min(n2, Segment);
        var edgeRent = ArrayPool<int>.Shared.Rent(seg);
        try
        {
            var edge = edgeRent.AsSpan(0, seg);
            edge.Clear();
            Span<int> tail = stackalloc int[ChunkPacker.Chunk];
            int pos = 0, unpacked = 0;
            for (var k = 0; k < n0; k++)
            {
                for (var i = 0; i < n1; i++)
                {
                    var start = ((k * n1) + i) * n2;
                    var acc = 0;
                    for (var s = 0; s < n2; s += seg)
                    {
                        var len = Math.Min(seg, n2 - s);
                        var at = start + s;
                        var end = at + len;
                        if (unpacked < end)
                        {
                            // The chunks that reach this segment's end, at least Ahead values (fewer calls for
                            // short rows), the last one partial only at the array's end.
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

                        var up = i > 0 ? q.Slice(at - n2, len) : edge[..len];
                        var prev = k > 0 ? q.Slice(at - (n1 * n2), len) : edge[..len];
                        var prevUp = k > 0 && i > 0 ? q.Slice(at - (n1 * n2) - n2, len) : edge[..len];
                        acc = LorenzoRows.Decode(q.Slice(at, len), up, prev, prevUp, acc);
                    }
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
