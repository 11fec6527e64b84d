using System.Buffers;

namespace PyRevolveNet.Compression;

/// <summary>
/// Runs a job for every segment of a layout: in order on the calling thread when threads is 1 (a struct job
/// called directly: no allocation), else in parallel (raw pointers carry the spans into the parallel body;
/// each body rents its own block buffers). Segments never share outputs, so the result is the same.
/// </summary>
internal static class SegmentRunner
{
    public static void Run<TIn, TOut, TJob>(in BlockLayout layout, int threads, ReadOnlySpan<TIn> input, Span<TOut> output, TJob job)
        where TIn : unmanaged
        where TOut : unmanaged
        where TJob : struct, ISegmentJob<TIn, TOut>
    {
        int work = layout.WorkVolume, scratch = BlockLayout.Scratch;
        var count = layout.SegmentCount;
        if (threads != 1 && count > 1)
        {
            Parallel(count, threads, work, scratch, input, output, job);
            return;
        }

        var buffer = ArrayPool<float>.Shared.Rent(work + scratch);
        try
        {
            for (var k = 0; k < count; k++)
            {
                job.Run(k, input, output, buffer.AsSpan(0, work), buffer.AsSpan(work, scratch));
            }
        }
        finally
        {
            ArrayPool<float>.Shared.Return(buffer);
        }
    }

    /// <summary>The parallel path, apart so that its closure is only built when it runs.</summary>
    private static unsafe void Parallel<TIn, TOut, TJob>(int count, int threads, int work, int scratch, ReadOnlySpan<TIn> input, Span<TOut> output, TJob job)
        where TIn : unmanaged
        where TOut : unmanaged
        where TJob : struct, ISegmentJob<TIn, TOut>
    {
        var options = new ParallelOptions { MaxDegreeOfParallelism = threads == 0 ? Environment.ProcessorCount : threads };
        fixed (TIn* pi = input)
        fixed (TOut* po = output)
        {
            var (ip, il, op, ol) = ((nint)pi, input.Length, (nint)po, output.Length);
            System.Threading.Tasks.Parallel.For(0, count, options, k =>
            {
                var buffer = ArrayPool<float>.Shared.Rent(work + scratch);
                try
                {
                    job.Run(k, new ReadOnlySpan<TIn>((void*)ip, il), new Span<TOut>((void*)op, ol), buffer.AsSpan(0, work), buffer.AsSpan(work, scratch));
                }
                finally
                {
                    ArrayPool<float>.Shared.Return(buffer);
                }
            });
        }
    }
}
