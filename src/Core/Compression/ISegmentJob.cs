namespace PyRevolveNet.Compression;

/// <summary>One step of a cvxcompress encode or decode, run per segment by <see cref="SegmentRunner"/>.</summary>
internal interface ISegmentJob<TIn, TOut>
    where TIn : unmanaged
    where TOut : unmanaged
{
    /// <summary>Runs segment k; work and scratch are this thread's block buffers.</summary>
    void Run(int k, ReadOnlySpan<TIn> input, Span<TOut> output, Span<float> work, Span<float> scratch);
}
