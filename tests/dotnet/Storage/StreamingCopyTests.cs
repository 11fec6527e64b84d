using PyRevolveNet.Kernels;
using PyRevolveNet.Storage;
using PyRevolveNet.Tests.Kernels;

namespace PyRevolveNet.Tests.Storage;

public class StreamingCopyTests
{
    [Fact]
    public void Copies_every_length_at_every_destination_alignment()
    {
        // Lengths below and above the plain-copy threshold, destinations 0..15 floats past a 64-byte boundary,
        // so the head, the non-temporal body and the tail all run; nothing outside the range is touched.
        var source = Enumerable.Range(0, 700).Select(i => (float)Math.Sin(i) + 2f).ToArray();
        foreach (int length in new[] { 0, 1, 7, 255, 256, 257, 263, 511, 700 })
        {
            for (int offset = 0; offset < 16; offset++)
            {
                using var buffer = new FieldBuffer(length + 32);
                var destination = buffer.Span.Slice(offset, length + 16);
                StreamingCopy.Copy(source.AsSpan(0, length), destination);
                StreamingCopy.Fence();
                Assert.True(destination[..length].SequenceEqual(source.AsSpan(0, length)), $"length {length}, offset {offset}");
                Assert.All(destination[length..].ToArray(), v => Assert.Equal(0f, v));
                Assert.All(buffer.Span[..offset].ToArray(), v => Assert.Equal(0f, v));
            }
        }
    }

    [Fact]
    public void Gathering_with_streaming_stores_equals_gather()
    {
        var grid = KernelTestModel.Grid(2, 8, 7, 301);
        var field = new float[grid.Length];
        KernelTestModel.Randomize(grid, field, new Random(3));
        var expected = new float[grid.InteriorPoints];
        var actual = new float[grid.InteriorPoints];
        grid.Gather(field, expected);
        grid.GatherStreaming(field, actual);
        Assert.Equal(expected, actual);
    }
}
