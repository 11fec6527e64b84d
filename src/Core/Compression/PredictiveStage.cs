namespace PyRevolveNet.Compression;

/// <summary>Integers to bytes and back: Lorenzo prediction, zigzag, then <see cref="ResidualCoder"/>.</summary>
internal static class PredictiveStage
{
    /// <summary>Encodes <paramref name="q"/> (overwritten: it is the scratch); returns bytes written.</summary>
    public static int Encode(Span<int> q, in Dims dims, Span<byte> destination)
    {
        LorenzoForward.ForwardZigZag(q, dims);
        return ResidualCoder.Encode(q, destination);
    }

    /// <summary>Decodes into <paramref name="q"/>; returns bytes consumed.</summary>
    public static int Decode(ReadOnlySpan<byte> source, in Dims dims, Span<int> q)
    {
        var used = ResidualCoder.Decode(source, q);
        Simd.UnZigZag(q);
        Lorenzo.Inverse(q, dims);
        return used;
    }
}
