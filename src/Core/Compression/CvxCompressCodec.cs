namespace PyRevolveNet.Compression;

/// <summary>Placeholder until the wavelet codec lands: refuses to be built.</summary>
public sealed class CvxCompressCodec : CheckpointCodec
{
    public CvxCompressCodec(double compscale = 1e-3, int block = 32)
    {
        _ = compscale;
        _ = block;
        throw new NotSupportedException("the cvxcompress codec is not implemented yet");
    }

    public override CodecId Id => CodecId.CvxCompress;

    public override string GetConfigJson() => """{"id":"cvxcompress"}""";

    internal override int EncodePayload(ReadOnlySpan<float> data, in Dims dims, Span<byte> payload, ref CodecHeader header) => -1;

    internal override void DecodePayload(in CodecHeader header, ReadOnlySpan<byte> payload, Span<float> destination) =>
        throw new NotSupportedException("cvxcompress is not implemented yet");
}
