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
        LorenzoInverse.Integers(q, dims);
        return used;
    }

    /// <summary>
    /// Decodes into <paramref name="x"/> as floats (float)(q + add) · scale + offset, the integers living in
    /// the same memory until the fused inverse pass turns them into floats row by row; returns bytes consumed.
    /// </summary>
    public static int DecodeDequantize(ReadOnlySpan<byte> source, in Dims dims, Span<float> x, int add, float scale, float offset)
    {
        var q = System.Runtime.InteropServices.MemoryMarshal.Cast<float, int>(x);
        var used = ResidualCoder.Decode(source, q);
        LorenzoInverse.Dequantize(q, dims, add, scale, offset);
        return used;
    }
}
