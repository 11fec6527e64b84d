namespace PyRevolveNet.Compression;

/// <summary>How the lossless codec codes its prediction residuals (the header's mode byte says which).</summary>
public enum LosslessMode
{
    /// <summary>Huffman residual coder (best ratio, ~1 GB/s); mode byte 0, the original format.</summary>
    Compact = 0,

    /// <summary>Per-8-value fixed-width bit packing (memory-like speed, slightly lower ratio); mode byte 1.</summary>
    Fast = 1,
}
