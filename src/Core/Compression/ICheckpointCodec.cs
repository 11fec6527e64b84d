namespace PyRevolveNet.Compression;

/// <summary>
/// A checkpoint codec: float32 arrays of rank 1 to 3 (C order, last axis fastest) to self-describing bytes.
/// Implementations are immutable and thread-safe; Encode and Decode allocate nothing per call in steady
/// state (scratch comes from <see cref="System.Buffers.ArrayPool{T}"/>), so a storage tier may call them
/// from any number of threads on caller-owned buffers.
/// </summary>
public interface ICheckpointCodec
{
    CodecId Id { get; }

    /// <summary>The largest stream <see cref="Encode"/> can produce for <paramref name="count"/> values, header included.</summary>
    int MaxEncodedSize(long count);

    /// <summary>
    /// Encodes <paramref name="data"/> (shape <paramref name="shape"/>, product = data.Length) into
    /// <paramref name="destination"/> (at least <see cref="MaxEncodedSize"/> bytes); returns the bytes written.
    /// </summary>
    int Encode(ReadOnlySpan<float> data, ReadOnlySpan<int> shape, Span<byte> destination);

    /// <summary>
    /// Decodes one stream into <paramref name="destination"/>, whose length must equal the stream's element
    /// count. Corrupted or truncated input throws <see cref="InvalidDataException"/>.
    /// </summary>
    void Decode(ReadOnlySpan<byte> source, Span<float> destination);

    /// <summary>The codec's parameters as a JSON object (numcodecs style: an "id" plus the parameters).</summary>
    string GetConfigJson();
}
