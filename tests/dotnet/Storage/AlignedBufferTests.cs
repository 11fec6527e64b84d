using System.Runtime.InteropServices;
using PyRevolveNet.Storage;

namespace PyRevolveNet.Tests.Storage;

public unsafe class AlignedBufferTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(AlignedBuffer.ParallelClearThreshold + 4097)]   // zeroed on two cores, odd length
    public void Clearing_zeroes_every_byte_and_nothing_beyond(long bytes)
    {
        // On dirty memory (a fresh buffer comes zeroed from the OS anyway, which would hide a missed range).
        long total = bytes + 64;
        var block = (byte*)NativeMemory.AlignedAlloc((nuint)total, 64);
        try
        {
            var span = new Span<byte>(block, checked((int)total));
            span.Fill(0xA5);
            AlignedBuffer.Clear((nint)block, bytes);
            Assert.Equal(-1, span[..(int)bytes].IndexOfAnyExcept((byte)0));
            Assert.Equal(-1, span[(int)bytes..].IndexOfAnyExcept((byte)0xA5));
        }
        finally
        {
            NativeMemory.AlignedFree(block);
        }
    }

    [Fact]
    public void A_large_buffer_is_aligned_and_zeroed()
    {
        using var buffer = new AlignedBuffer(AlignedBuffer.ParallelClearThreshold + 12345);
        Assert.Equal(0u, (nuint)buffer.Address % HugePages.PageSize);
        var span = new ReadOnlySpan<byte>((void*)buffer.Address, checked((int)buffer.Length));
        Assert.Equal(-1, span.IndexOfAnyExcept((byte)0));
    }
}
